/// The figures of a shift report as a shift lead reads them: ratios as percentages with one
/// decimal, times lost in hours and minutes, counts with thousands separators. Written by hand
/// rather than with Foundation's formatters so that the text is the same on every machine and
/// locale, and so that a NaN, an infinity or a number too big for an integer prints a sign
/// instead of trapping.
package enum ShiftReportFigures {
    /// What stands where there is nothing to show (no planned time, no parts, not a number).
    package static let none = "—"

    /// A ratio (0 to 1) as a percentage with one decimal: `0.8754` → `87.5%`; nil → `—`.
    package static func percent(_ ratio: Double?) -> String {
        guard let ratio, ratio.isFinite else { return none }
        return decimal(ratio * 100) + "%"
    }

    /// One decimal: `2.349` → `2.3`; `—` for NaN and infinity, and a capped `> 999,999,999` beyond that.
    package static func decimal(_ value: Double) -> String {
        guard value.isFinite else { return none }
        let limit = 999_999_999.0
        if value >= limit { return "> 999,999,999" }
        if value <= -limit { return "< -999,999,999" }
        let tenths = Int64((value * 10).rounded())
        let magnitude = tenths.magnitude
        let sign = tenths < 0 ? "-" : ""
        return sign + grouped(magnitude / 10) + "." + String(magnitude % 10)
    }

    /// A count with thousands separators: `12340` → `12,340`.
    package static func count<T: BinaryInteger>(_ value: T) -> String {
        (value < 0 ? "-" : "") + grouped(UInt64(clamping: value.magnitude))
    }

    /// A span of time in hours and minutes: `3900` → `1h 05m`, `2520` → `42m`, `20` → `<1m`;
    /// `—` for NaN and infinity.
    package static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite else { return none }
        let minutes = (seconds.magnitude / 60).rounded()
        let sign = seconds < 0 && minutes > 0 ? "-" : ""
        if minutes == 0 { return seconds == 0 ? "0m" : "<1m" }
        guard minutes < 60_000_000_000 else { return sign + "> 999,999,999h" }
        let whole = UInt64(minutes)
        let hours = whole / 60
        let rest = whole % 60
        if hours == 0 { return sign + "\(rest)m" }
        return sign + grouped(hours) + "h " + (rest < 10 ? "0" : "") + "\(rest)m"
    }

    /// `duration` for whole seconds (how late an order is).
    package static func duration(seconds: Int64) -> String { duration(Double(seconds)) }

    static func grouped(_ value: UInt64) -> String {
        let digits = Array(String(value))
        var out = ""
        for (k, d) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }
}
