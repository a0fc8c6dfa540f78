/// When a machine counts as lost: the condition of its comm-loss alarm.
///
/// It exists because the alarm followed only machines that had reported and then fell silent
/// (`offline` after `FloorEngine.checkCommLoss(now:)`): a machine whose feed never came up
/// (unplugged, its gateway dead before the daemon started) raised nothing, however long it
/// stayed silent. The floor engine builds the rule (it has the timeout and the start); the
/// alarm engine asks it on every tick.
public struct CommLossRule: Sendable, Equatable {
    /// How long a machine may stay silent (the plant's `comm_loss_timeout`), in nanoseconds.
    public let timeout: Timestamp
    /// When the daemon started: a machine not heard from since counts its silence from here.
    public let startedAt: Timestamp

    public init(timeout: Seconds, startedAt: Timestamp) {
        self.init(nanos: Nanos.from(seconds: timeout), startedAt: startedAt)
    }

    private init(nanos: Timestamp, startedAt: Timestamp) {
        self.timeout = nanos
        self.startedAt = startedAt
    }

    /// Only a machine that reported and went `offline` is lost (one never heard from never is):
    /// for an alarm engine that is not told when the daemon started.
    public static let afterReportingOnly = CommLossRule(nanos: .max, startedAt: 0)

    /// Whether `m` is lost at `now`, and since when its silence counts.
    ///
    /// - A machine that has reported (in this run or before a restart) is lost while it is
    ///   `offline`, from its last line on.
    /// - A machine never heard from is lost once it has been silent for longer than the timeout
    ///   since the daemon started (or since `gemba machine reset`, when that came later), from
    ///   then on. Before that nothing is said (nil): its alarm stays as it was, so an alarm
    ///   raised before a restart is not cleared by the restart itself.
    public func lost(_ m: MachineLive, now: Timestamp) -> (lost: Bool, since: Timestamp)? {
        if m.hasReported { return (m.state == .offline, m.since) }
        let silentSince = max(startedAt, m.since)
        guard now.clampedSubtracting(silentSince) > timeout else { return nil }
        return (true, silentSince)
    }
}
