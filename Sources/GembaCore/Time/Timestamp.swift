/// Nanoseconds since the Unix epoch: the one time type of the engine, as line protocol writes it.
public typealias Timestamp = Int64

/// Conversions between the engine's nanosecond timestamps and seconds.
public enum Nanos {
    public static let perSecond: Int64 = 1_000_000_000
    public static let perMillisecond: Int64 = 1_000_000
    public static let perMinute: Int64 = 60 * perSecond

    /// Saturates instead of trapping: a duration a person typed can never crash the daemon.
    public static func from(seconds: Double) -> Timestamp {
        let n = (seconds * 1e9).rounded()
        guard n.isFinite else { return n < 0 ? .min : .max }
        if n >= 9.2e18 { return .max }
        if n <= -9.2e18 { return .min }
        return Timestamp(n)
    }
    public static func seconds(_ t: Timestamp) -> Double { Double(t) / 1e9 }
    /// The minute a timestamp falls in, as minutes since the epoch (floor, also before 1970).
    public static func minute(_ t: Timestamp) -> Int64 { t >= 0 ? t / perMinute : (t + 1) / perMinute - 1 }
    /// When minute `m` (minutes since the epoch) starts; held at the ends instead of trapping.
    public static func start(ofMinute m: Int64) -> Timestamp {
        let (t, overflow) = m.multipliedReportingOverflow(by: perMinute)
        return overflow ? (m < 0 ? .min : .max) : t
    }
}
