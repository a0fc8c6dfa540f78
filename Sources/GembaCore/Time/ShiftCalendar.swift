import Foundation

/// One occurrence of a configured shift: shift A of 2026-11-24 runs from its start
/// on that date to its end, which is the next day when it crosses midnight.
public struct ShiftInstance: Sendable, Equatable, Hashable {
    public var name: String
    /// The plant-local date the shift starts on, `YYYY-MM-DD`: a shift belongs to the date it starts.
    public var date: String
    public var start: Timestamp
    public var end: Timestamp
    /// Breaks of this occurrence, as absolute ranges.
    public var breaks: [Range<Timestamp>]

    public init(name: String, date: String, start: Timestamp, end: Timestamp, breaks: [Range<Timestamp>]) {
        self.name = name
        self.date = date
        self.start = start
        self.end = end
        self.breaks = breaks
    }

    public func contains(_ t: Timestamp) -> Bool { t >= start && t < end }
}

/// Turns the daily shift calendar into absolute shift occurrences in the plant's
/// time zone, DST included (a wall-clock time that does not exist on a spring-forward
/// day moves to the next existing instant; a repeated one takes its first occurrence).
public struct ShiftCalendar: Sendable {
    public let shifts: [ShiftConfig]
    public let timeZone: TimeZone
    private let calendar: Calendar

    public init(shifts: [ShiftConfig], timezone: String) {
        self.shifts = shifts
        self.timeZone = TimeZone(identifier: timezone) ?? TimeZone(secondsFromGMT: 0) ?? .current
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = self.timeZone
        self.calendar = cal
    }

    /// The shift occurrence that contains `t`, if any shift does.
    public func shift(at t: Timestamp) -> ShiftInstance? {
        let date = Date(timeIntervalSince1970: Nanos.seconds(t))
        // A shift containing t started on t's local date or the day before.
        let day = calendar.startOfDay(for: date)
        for offset in [0, -1] {
            guard let d = calendar.date(byAdding: .day, value: offset, to: day) else { continue }
            for s in shifts {
                let occurrence = instance(of: s, onDayStarting: d)
                if occurrence.contains(t) { return occurrence }
            }
        }
        return nil
    }

    /// The first shift start after `t` (within the next two days), for knowing how long "no shift" lasts.
    public func nextStart(after t: Timestamp) -> Timestamp? {
        let date = Date(timeIntervalSince1970: Nanos.seconds(t))
        let day = calendar.startOfDay(for: date)
        var best: Timestamp?
        for offset in 0...2 {
            guard let d = calendar.date(byAdding: .day, value: offset, to: day) else { continue }
            for s in shifts {
                let start = instance(of: s, onDayStarting: d).start
                if start > t && (best == nil || start < best ?? start) { best = start }
            }
        }
        return best
    }

    /// The occurrence of the named shift that starts on a plant-local date (`YYYY-MM-DD`);
    /// nil for a date not in the calendar (`2026-02-30` is not rolled over into March).
    public func instance(named name: String, date: String) -> ShiftInstance? {
        // A date not in the calendar has no shift: nil, as documented (DateInput's reason is for a person's input).
        guard let s = shifts.first(where: { $0.name == name }), let day = try? DateInput.day(date),
            let d = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))
        else { return nil }
        return instance(of: s, onDayStarting: d)
    }

    /// Every shift occurrence that overlaps [from, to), in time order.
    public func occurrences(from: Timestamp, to: Timestamp) -> [ShiftInstance] {
        var out: [ShiftInstance] = []
        var t = from
        while t < to {
            if let s = shift(at: t) {
                if out.last != s { out.append(s) }
                t = s.end
            } else if let next = nextStart(after: t) {
                t = next
            } else {
                break
            }
        }
        return out
    }

    /// The occurrence that ended last before or at `t` (the previous shift).
    public func previous(before t: Timestamp) -> ShiftInstance? {
        var probe = shift(at: t)?.start ?? t
        for _ in 0..<(shifts.count * 2 + 2) {
            probe -= Nanos.perSecond
            if let s = shift(at: probe) { return s }
            probe -= 15 * Nanos.perMinute
        }
        return nil
    }

    func instance(of s: ShiftConfig, onDayStarting day: Date) -> ShiftInstance {
        let start = at(s.start, dayStart: day, plusDays: 0)
        let end = at(s.end, dayStart: day, plusDays: s.end.minuteOfDay <= s.start.minuteOfDay ? 1 : 0)
        let breaks: [Range<Timestamp>] = s.breaks.map { b in
            let bs = at(b.start, dayStart: day, plusDays: b.start.minuteOfDay < s.start.minuteOfDay ? 1 : 0)
            let be = at(b.end, dayStart: day, plusDays: b.end.minuteOfDay <= s.start.minuteOfDay ? 1 : 0)
            return bs..<max(bs, be)
        }
        let comps = calendar.dateComponents([.year, .month, .day], from: day)
        let date = String(format: "%04d-%02d-%02d", comps.year ?? 0, comps.month ?? 0, comps.day ?? 0)
        return ShiftInstance(name: s.name, date: date, start: start, end: end, breaks: breaks)
    }

    private func at(_ t: TimeOfDay, dayStart: Date, plusDays: Int) -> Timestamp {
        let day = calendar.date(byAdding: .day, value: plusDays, to: dayStart) ?? dayStart
        var comps = calendar.dateComponents([.year, .month, .day], from: day)
        comps.hour = t.hour
        comps.minute = t.minute
        let date = calendar.date(from: comps) ?? day
        return Nanos.from(seconds: date.timeIntervalSince1970)
    }
}
