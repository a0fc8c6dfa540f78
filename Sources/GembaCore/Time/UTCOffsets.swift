import Foundation

/// From this instant on, the plant's clock is `seconds` ahead of UTC (negative: behind).
public struct UTCOffsetChange: Sendable, Equatable, Codable {
    public var fromNanos: Timestamp
    public var seconds: Int

    enum CodingKeys: String, CodingKey {
        case fromNanos = "from_ns"
        case seconds
    }

    public init(fromNanos: Timestamp, seconds: Int) {
        self.fromNanos = fromNanos
        self.seconds = seconds
    }
}

/// The plant's offsets from UTC over a window around now, worked out by the daemon from
/// its time-zone database and sent with the plant's layout. A console shows plant clock
/// times from this table alone, so the console-only binary never loads a time-zone
/// database (ICU), which kept it above its resident-size budget (docs/reliability.md).
public enum UTCOffsets {
    /// How far back the table reaches: alarms and timelines older than this are rare on
    /// a console, and show with the oldest offset the table knows.
    public static let lookBack: Timestamp = 40 * 86_400 * Nanos.perSecond
    /// How far ahead: a console that lost its daemon keeps the right clock through a
    /// daylight-saving change for a week.
    public static let lookAhead: Timestamp = 8 * 86_400 * Nanos.perSecond

    /// The offset in force at `now - lookBack` and every change until `now + lookAhead`,
    /// for an IANA zone name; UTC when the zone is unknown (as the shift calendar does).
    public static func table(zone name: String, around now: Timestamp) -> [UTCOffsetChange] {
        let zone = TimeZone(identifier: name) ?? TimeZone(secondsFromGMT: 0) ?? .current
        let start = now - lookBack
        let end = now + lookAhead
        var date = Date(timeIntervalSince1970: Nanos.seconds(start))
        var table = [UTCOffsetChange(fromNanos: start, seconds: zone.secondsFromGMT(for: date))]
        while let next = zone.nextDaylightSavingTimeTransition(after: date), next.timeIntervalSince(date) > 0 {
            let at = Nanos.from(seconds: next.timeIntervalSince1970)
            guard at < end else { break }
            table.append(UTCOffsetChange(fromNanos: at, seconds: zone.secondsFromGMT(for: next)))
            date = next
        }
        return table
    }

    /// The offset in force at `t`: the last change at or before it, the oldest entry for
    /// earlier times, 0 (UTC) for an empty table.
    public static func offset(at t: Timestamp, in table: [UTCOffsetChange]) -> Int {
        var result = table.first?.seconds ?? 0
        for change in table {
            guard change.fromNanos <= t else { break }
            result = change.seconds
        }
        return result
    }
}
