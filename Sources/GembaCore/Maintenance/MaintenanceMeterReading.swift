/// How far one plan's meter has run since it was last done: what the daemon adds up from the
/// intervals and counts the engine closes (and, after a restart, from those the store kept).
public struct MaintenanceMeterReading: Sendable, Equatable, Codable {
    /// When the plan was last done (or first seen, when it never was).
    public var since: Timestamp
    /// Running time since then in closed intervals, nanoseconds.
    public var running: Int64 = 0
    /// Units counted since then (the counter's total, by the minute).
    public var cycles: Int64 = 0
    /// Who did it last and what they said (nil when it was never done in Gemba).
    public var doneBy: String?
    public var comment: String?

    public init(since: Timestamp, running: Int64 = 0, cycles: Int64 = 0, doneBy: String? = nil, comment: String? = nil) {
        self.since = since
        self.running = running
        self.cycles = cycles
        self.doneBy = doneBy
        self.comment = comment
    }

    /// Adds a closed interval's running time after `since`.
    public mutating func add(_ interval: StateInterval) {
        guard interval.state == .running, interval.end > since else { return }
        running = running.clampedAdding(interval.end - max(interval.start, since))
    }

    /// Adds a minute's count, when the minute is after the one the plan was done in.
    public mutating func add(_ count: MinuteCount) {
        guard count.minute > Nanos.minute(since) else { return }
        cycles = cycles.clampedAdding(count.total)
    }
}
