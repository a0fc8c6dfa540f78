/// Whether the floor is being backfilled: telemetry arriving now that tells of the past.
///
/// It exists so that the console's header can say `backfilling` instead of `● live` while a
/// source replays history (the demo's simulator sends hours of it first; a gateway catching
/// up after an outage does the same): what the screens show is then not the present yet.
/// The daemon works it out on every tick from each machine's last accepted line.
public enum Backfill {
    /// A line stamped more than this behind the daemon's clock when it came is history.
    public static let behind: Timestamp = 60 * Nanos.perSecond
    /// Backfilling lasts this long after the last line of history came (when no live line followed).
    public static let lingers: Timestamp = 5 * Nanos.perSecond

    /// True while some machine's last accepted line was history that came in the last
    /// `lingers`: a machine whose last line is live, or whose history stopped coming a while
    /// ago, is not backfilling.
    public static func isBackfilling(_ machines: [MachineLive], now: Timestamp) -> Bool {
        machines.contains { m in
            guard let received = m.lastReceived, let stamped = m.lastSeen else { return false }
            return now.clampedSubtracting(received) <= lingers && received.clampedSubtracting(stamped) > behind
        }
    }
}
