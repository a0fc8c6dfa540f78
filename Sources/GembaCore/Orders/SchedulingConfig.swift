/// The plant's scheduling settings (`scheduling:` in the plant file).
public struct SchedulingConfig: Sendable, Equatable {
    /// What the scheduler minimises first.
    public enum Objective: String, Sendable, Equatable, CaseIterable {
        /// Total weighted tardiness, then makespan.
        case tardiness
        /// Makespan, then total weighted tardiness.
        case makespan
    }

    public var objective: Objective = .tardiness
    /// Operations that start within this span from now keep their place when the schedule changes.
    public var frozenHorizon: Seconds = 30 * 60
    /// How long a reschedule may take in all (750 ms by default, so that a change is on every console within a second).
    public var timeLimit: Seconds = 0.75
    /// How far above an order's quantity an operation's good count may go (`overrun_tolerance`,
    /// 10 % by default): a count beyond it is refused as a typing or counting error.
    public var overrunTolerance: Double = 0.1
    /// Searches run side by side on a reschedule (`threads`, 1 by default): a plant whose
    /// server has cores to spare gets a better schedule in the same time limit.
    public var threads: Int = 1
    /// The most `threads` may be.
    public static let maximumThreads = 64

    public init() {}
}
