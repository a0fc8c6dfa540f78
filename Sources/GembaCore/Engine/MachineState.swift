/// What a machine is doing, as the feed reports it; `offline` is derived by Gemba
/// when a machine falls silent and is never accepted from a feed.
public enum MachineState: String, Sendable, Codable, CaseIterable, Hashable {
    case running
    case idle
    case starved
    case blocked
    case setup
    case down
    case plannedStop = "planned_stop"
    case offline

    /// The states a feed may send.
    public static let reportable: [MachineState] = [.running, .idle, .starved, .blocked, .setup, .down, .plannedStop]

    public init?(reported text: String) {
        guard let s = MachineState(rawValue: text), s != .offline else { return nil }
        self = s
    }
}
