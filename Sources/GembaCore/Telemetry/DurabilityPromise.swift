/// What the daemon promises about keeping what it accepted (docs/durability.md), as numbers
/// the crash loop checks after every SIGKILL.
public enum DurabilityPromise {
    /// A telemetry line the daemon has counted as accepted is in the database this long after,
    /// at the load the crash loop puts on it (a feeder sending as fast as the socket takes).
    public static let telemetrySeconds = 0.5
}
