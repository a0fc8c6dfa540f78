import Foundation

/// Times as people in the plant read them: in the plant's time zone, to the minute. For the
/// daemon's and the CLI's text (the console keeps its own offset table and never loads zones).
public enum PlantTime {
    /// `2026-12-02 14:32` in `zone` (an IANA name; UTC when unknown).
    public static func minute(_ t: Timestamp, zone: String) -> String {
        let c = components(t, zone: zone)
        return "\(pad(c.year ?? 0, 4))-\(pad(c.month ?? 0))-\(pad(c.day ?? 0)) \(pad(c.hour ?? 0)):\(pad(c.minute ?? 0))"
    }

    /// `14:32` in `zone`.
    public static func clock(_ t: Timestamp, zone: String) -> String {
        let c = components(t, zone: zone)
        return "\(pad(c.hour ?? 0)):\(pad(c.minute ?? 0))"
    }

    /// An ISO 8601 time (as the wire carries it) in `zone`, to the minute; the text itself when it is not one.
    public static func minute(iso: String, zone: String) -> String {
        ISOTime.parse(iso).map { minute($0, zone: zone) } ?? iso
    }

    static func components(_ t: Timestamp, zone: String) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC") ?? calendar.timeZone
        let date = Date(timeIntervalSince1970: Double(t / Nanos.perSecond))
        return calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    }

    static func pad(_ n: Int, _ width: Int = 2) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
