/// ISO 8601 UTC text for timestamps (`2026-11-25T06:00:00Z`, with milliseconds when
/// they are not zero), written and read without Foundation's formatters, which are
/// slow and not thread-safe on every platform.
public enum ISOTime {
    public static func format(_ t: Timestamp) -> String {
        let ms = t >= 0 ? t / 1_000_000 : (t - 999_999) / 1_000_000
        var secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000
        let milli = Int(ms - secs * 1000)
        var days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400
        secs -= days * 86400
        let (y, m, d) = civil(fromDays: days)
        days = 0
        let h = Int(secs / 3600)
        let mi = Int(secs % 3600 / 60)
        let s = Int(secs % 60)
        var out = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2))"
        if milli != 0 { out += ".\(pad(milli, 3))" }
        return out + "Z"
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)`. A date that is not in the calendar
    /// (2026-02-30, 2026-04-31, 2025-02-29) is refused, never rolled over into the next
    /// month, and so is a time outside the nanosecond range of `Timestamp` (1678 to 2261).
    /// Text a person typed goes through `DateInput`, which says why it refuses.
    public static func parse(_ text: String) -> Timestamp? {
        let u = Array(text.utf8)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= u.count else { return nil }
            var v = 0
            for k in from..<(from + len) {
                let d = Int(u[k]) - 48
                guard d >= 0 && d <= 9 else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard u.count >= 20, let y = num(0, 4), u[4] == 45, let mo = num(5, 2), u[7] == 45, let d = num(8, 2),
            u[10] == 84 || u[10] == 32, let h = num(11, 2), u[13] == 58, let mi = num(14, 2), u[16] == 58,
            let s = num(17, 2), (1...12).contains(mo), d >= 1, d <= daysIn(month: mo, year: y), h < 24, mi < 60, s < 61
        else { return nil }
        var k = 19
        var nanos: Int64 = 0
        if k < u.count && u[k] == 46 {
            k += 1
            let first = k
            var scale: Int64 = 100_000_000
            while k < u.count, u[k] >= 48 && u[k] <= 57 {
                nanos += Int64(u[k] - 48) * scale
                scale /= 10
                k += 1
            }
            guard k > first else { return nil }
        }
        var offset = 0
        guard k < u.count else { return nil }
        if u[k] == 90 {
            k += 1
        } else if u[k] == 43 || u[k] == 45 {
            guard let oh = num(k + 1, 2), u.count > k + 3, u[k + 3] == 58, let om = num(k + 4, 2), oh < 24, om < 60 else { return nil }
            offset = (oh * 60 + om) * 60 * (u[k] == 43 ? 1 : -1)
            k += 6
        } else {
            return nil
        }
        guard k == u.count else { return nil }
        let days = Self.days(fromCivil: y, mo, d)
        let secs = Int64(days) * 86400 + Int64(h * 3600 + mi * 60 + s) - Int64(offset)
        let (whole, overflow) = secs.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return nil }
        let (t, overflow2) = whole.addingReportingOverflow(nanos)
        return overflow2 ? nil : t
    }

    /// Whether a year of the proleptic Gregorian calendar has a 29 February.
    public static func isLeapYear(_ y: Int) -> Bool { y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }

    /// The days of a month (1–12) in a year: 28 to 31.
    public static func daysIn(month m: Int, year y: Int) -> Int {
        switch m {
        case 2: return isLeapYear(y) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm).
    static func civil(fromDays z0: Int64) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(y + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    static func days(fromCivil y0: Int, _ m: Int, _ d: Int) -> Int {
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
