/// What a telemetry line may say about time and counters, and the words used when it says
/// more: the bounds every arithmetic on telemetry values relies on.
///
/// - Timestamps lie in [`earliest`, `latest`): from 1970-01-01T00:00:00Z to
///   2262-01-01T00:00:00Z. Int64 nanoseconds end on 2262-04-11T23:47:16Z; the hundred
///   days left keep sums such as a timestamp plus a timeout in range, and the
///   difference of any two accepted timestamps fits in an Int64.
/// - A line may be stamped at most `max_clock_skew` ahead of the daemon's clock.
/// - A counter may rise by at most `max_counter_rate` × (seconds since the machine's
///   previous line, but at least `counterWindow`).
public enum TelemetryLimits {
    /// 1970-01-01T00:00:00Z.
    public static let earliest: Timestamp = 0
    /// 2262-01-01T00:00:00Z, the first instant refused.
    public static let latest: Timestamp = 9_214_646_400 * Nanos.perSecond
    /// The shortest span a counter's rise is measured over: PLCs report counts on a poll
    /// cycle, so two lines a moment apart may carry a minute's production.
    public static let counterWindow: Double = 60

    /// True for a timestamp Gemba takes.
    @inline(__always)
    public static func inRange(_ t: Timestamp) -> Bool { t >= earliest && t < latest }

    /// The largest magnitude of a process value or a measured reading Gemba keeps (10¹⁵):
    /// far beyond any gauge, and far enough below a Double's limit that sums and squares of
    /// a history or a control chart stay finite.
    public static let maxValue: Double = 1e15

    /// Whether a process value or reading is one Gemba keeps: finite, within ±`maxValue`.
    public static func keeps(_ v: Double) -> Bool { v.isFinite && abs(v) <= maxValue }

    /// Why a timestamp outside the range is refused.
    public static func outOfRangeReason(_ t: Timestamp) -> String {
        "timestamp \(describe(t)) is outside the range Gemba accepts (\(ISOTime.format(earliest)) to \(ISOTime.format(latest)))"
    }

    /// Why a line stamped too far ahead of the daemon's clock is refused.
    public static func aheadReason(_ t: Timestamp, now: Timestamp, maxClockSkew: Seconds) -> String {
        "timestamp \(describe(t)) is \(span(t.subtractingReportingOverflow(now))) ahead of the daemon's clock (max_clock_skew \(DurationText.format(maxClockSkew)))"
    }

    /// ISO 8601 text for any timestamp the formatter handles, else the nanoseconds as written.
    public static func describe(_ t: Timestamp) -> String {
        // ISOTime rounds towards the past by subtracting up to a millisecond: keep clear of Int64.min.
        t > Int64.min / 2 ? ISOTime.format(t) : "\(t) ns"
    }

    /// A span in its largest unit, rounded: `10 y`, `3 d`, `5 h`, `7 min`, `42 s`.
    static func span(_ d: (partialValue: Int64, overflow: Bool)) -> String {
        guard !d.overflow else { return "more than 292 y" }
        let s = Double(d.partialValue) / 1e9
        let units: [(Double, String)] = [(365.25 * 86_400, "y"), (86_400, "d"), (3600, "h"), (60, "min")]
        for (size, name) in units where s >= size { return "\(Int64((s / size).rounded())) \(name)" }
        return "\(Int64(max(s, 0).rounded())) s"
    }

    /// The rate as the plant file writes it (`50/s`, `0.5/s`).
    public static func rateText(_ perSecond: Double) -> String {
        let v = perSecond.isFinite && abs(perSecond) < 1e12 ? (perSecond * 1000).rounded() / 1000 : perSecond
        return DurationText.number(v) + "/s"
    }
}

extension Int64 {
    /// `self + other`, held at the bounds instead of trapping: for sums of counts and spans
    /// from telemetry, where an overflow means a value no plant produces.
    @inline(__always)
    public func clampedAdding(_ other: Int64) -> Int64 {
        let (r, o) = addingReportingOverflow(other)
        return o ? (other > 0 ? .max : .min) : r
    }

    /// `self - other`, held at the bounds instead of trapping.
    @inline(__always)
    public func clampedSubtracting(_ other: Int64) -> Int64 {
        let (r, o) = subtractingReportingOverflow(other)
        return o ? (other < 0 ? .max : .min) : r
    }
}
