import Foundation

/// Why a date or time a person gave was refused, naming the text and the reason
/// (`2026-13-01: there is no month 13`, `2026-02-30: February 2026 has 28 days`).
public struct DateInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text as given (without surrounding spaces).
    public var text: String
    /// Why, in words for the person.
    public var reason: String

    public init(text: String, reason: String) {
        self.text = text
        self.reason = reason
    }

    public var description: String { text.isEmpty ? reason : "\(text): \(reason)" }
}

/// A day of the calendar, as a date alone names it (`2026-12-03`).
public struct CalendarDay: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// The day after (31 December → 1 January of the next year).
    public var next: CalendarDay {
        let (y, m, d) = ISOTime.civil(fromDays: Int64(ISOTime.days(fromCivil: year, month, day) + 1))
        return CalendarDay(year: y, month: m, day: d)
    }

    /// The first instant of this day in a time zone: its local midnight, or, where a
    /// daylight-saving change skips midnight, the first wall-clock time that exists.
    public func start(in timeZone: TimeZone) -> Timestamp {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = timeZone
        guard let noon = cal.date(from: DateComponents(year: year, month: month, day: day, hour: 12)) else {
            // Not reached for the years DateInput accepts; UTC midnight as a fallback.
            return Timestamp(ISOTime.days(fromCivil: year, month, day)) * 86_400 * Nanos.perSecond
        }
        return Nanos.from(seconds: cal.startOfDay(for: noon).timeIntervalSince1970)
    }
}

/// What a date alone stands for.
public enum DayBound: Sendable, Equatable {
    /// The end of that day in the plant: the next day's first instant, as the exclusive
    /// end of a `[from, to)` window. The default: `due 2026-12-03` is due by the end of 3 December.
    case endOfDay
    /// The start of that day in the plant (its first instant): for the lower end of a window
    /// (`--from`, `--since`) and for a release date (`release 2026-11-25` may start on the 25th).
    case startOfDay
}

/// The one way in for dates and times people give: on the command line, in the console,
/// in an imported order file, in a request to the daemon. It refuses what is not in the
/// calendar (`2026-13-01`, `2026-02-30`, `2026-04-31`, `2025-02-29`; leap years by the
/// Gregorian rule) with the reason, and never rolls a date over into the next month.
///
/// Accepted:
/// - a full ISO 8601 time with its zone: `2026-12-03T14:00:00Z`, `2026-12-03T15:00:00+01:00`,
///   `2026-12-03T14:00Z`, fractions of a second (`14:00:00.250Z`); `T` may be a space.
///   A time without a zone is refused (it would be ambiguous between UTC and plant time).
/// - a date alone, `YYYY-MM-DD`, read in the plant's time zone. By default (`.endOfDay`) it
///   means **the end of that day in plant time**: the first instant of the next day there
///   (`2026-12-04T00:00` local), which is the exclusive end of the day as a `[from, to)` bound.
///   So `due 2026-12-03` in a plant in Europe/Berlin is `2026-12-03T23:00:00Z`, i.e. "by the
///   end of 3 December in the plant", and that is the time shown back for it. We use the next
///   day's 00:00 rather than 23:59:59 so that no last second (or fraction of one) is left out
///   and a window `[from, to)` ending on a date covers that whole day.
///   `.startOfDay` reads the date as the day's first instant, for lower bounds.
///
/// Years 1900 to 2200 only (a timestamp holds 1678 to 2261).
public enum DateInput {
    /// A date or time a person gave, as a timestamp; a date alone is read in `timeZone`
    /// (the plant's: `ShiftCalendar.timeZone`, or `parse(_:plant:)`), as `dateAlone` says.
    public static func parse(_ text: String, timeZone: TimeZone, dateAlone: DayBound = .endOfDay) throws(DateInputError) -> Timestamp {
        switch try read(text) {
        case .instant(let t): return t
        case .day(let day): return dateAlone == .endOfDay ? day.next.start(in: timeZone) : day.start(in: timeZone)
        }
    }

    /// As `parse(_:timeZone:dateAlone:)`, in the time zone of the plant file (`timezone:`; UTC when unknown).
    public static func parse(_ text: String, plant: PlantConfig, dateAlone: DayBound = .endOfDay) throws(DateInputError) -> Timestamp {
        try parse(text, timeZone: plantTimeZone(plant), dateAlone: dateAlone)
    }

    /// Checks a date or time without reading it in a time zone: for a client that passes
    /// the text on to the daemon unchanged, and wants to refuse it first, with the reason.
    public static func check(_ text: String) throws(DateInputError) {
        _ = try read(text)
    }

    /// A date alone (`YYYY-MM-DD`), such as the date a shift starts on.
    public static func day(_ text: String) throws(DateInputError) -> CalendarDay {
        let t = trimmed(text)
        guard case .day(let d) = try read(t) else {
            throw DateInputError(text: t, reason: "a date alone is needed here, YYYY-MM-DD (such as 2026-12-03)")
        }
        return d
    }

    /// The plant's time zone (its `timezone:` identifier; UTC when not known to the system).
    public static func plantTimeZone(_ plant: PlantConfig) -> TimeZone {
        TimeZone(identifier: plant.timezone) ?? TimeZone(secondsFromGMT: 0) ?? .current
    }

    static let years = 1900...2200
    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
    ]

    enum Reading: Equatable {
        case instant(Timestamp)
        case day(CalendarDay)
    }

    static func trimmed(_ text: String) -> String {
        var s = Substring(text)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }

    /// Reads the text: a date alone, or a time with its zone; the first thing wrong is the reason.
    static func read(_ raw: String) throws(DateInputError) -> Reading {
        let text = trimmed(raw)
        func fail(_ reason: String) -> DateInputError { DateInputError(text: text, reason: reason) }
        let shape = "not a date (YYYY-MM-DD, such as 2026-12-03) or a time (such as 2026-12-03T14:00:00Z or 2026-12-03T15:00:00+01:00)"
        guard !text.isEmpty else { throw fail("a date (YYYY-MM-DD) or time (2026-12-03T14:00:00Z) is needed") }
        let u = Array(text.utf8)
        func digits(_ from: Int, _ count: Int) -> Int? {
            guard from + count <= u.count else { return nil }
            var v = 0
            for k in from..<(from + count) {
                guard u[k] >= 48 && u[k] <= 57 else { return nil }
                v = v * 10 + Int(u[k] - 48)
            }
            return v
        }
        // The date: YYYY-MM-DD.
        guard let y = digits(0, 4), u.count >= 10, u[4] == 45, let mo = digits(5, 2), u[7] == 45, let d = digits(8, 2) else {
            throw fail(shape)
        }
        guard u.count == 10 || u[10] == 84 || u[10] == 116 || u[10] == 32 else { throw fail(shape) }
        guard years.contains(y) else { throw fail("year \(y) is out of range (\(years.lowerBound) to \(years.upperBound))") }
        guard (1...12).contains(mo) else { throw fail("there is no month \(mo)") }
        let days = ISOTime.daysIn(month: mo, year: y)
        guard d >= 1 else { throw fail("there is no day 0") }
        guard d <= days else { throw fail("\(monthNames[mo - 1]) \(y) has \(days) days") }
        let day = CalendarDay(year: y, month: mo, day: d)
        if u.count == 10 { return .day(day) }

        // The time: HH:MM[:SS[.fff…]] and the zone, Z or ±HH:MM.
        guard let h = digits(11, 2), u.count > 13, u[13] == 58, let mi = digits(14, 2) else { throw fail(shape) }
        var k = 16
        var s = 0
        var nanos: Int64 = 0
        if k < u.count && u[k] == 58 {
            guard let sec = digits(k + 1, 2) else { throw fail(shape) }
            s = sec
            k += 3
            if k < u.count && (u[k] == 46 || u[k] == 44) {
                k += 1
                let first = k
                var scale: Int64 = 100_000_000
                while k < u.count, u[k] >= 48 && u[k] <= 57 {
                    nanos += Int64(u[k] - 48) * scale
                    scale /= 10
                    k += 1
                }
                guard k > first else { throw fail(shape) }
            }
        }
        guard h < 24 else { throw fail("there is no hour \(h) (hours run from 00 to 23)") }
        guard mi < 60 else { throw fail("there is no minute \(mi) (minutes run from 00 to 59)") }
        guard s < 60 else { throw fail("there is no second \(s) (seconds run from 00 to 59)") }
        guard k < u.count else {
            throw fail("a time needs its zone: \(text)Z for UTC, or an offset such as \(text)+01:00")
        }
        var offset = 0
        if u[k] == 90 || u[k] == 122 {
            k += 1
        } else if u[k] == 43 || u[k] == 45 {
            guard let oh = digits(k + 1, 2), u.count > k + 3, u[k + 3] == 58, let om = digits(k + 4, 2) else {
                throw fail("the zone offset must be written ±HH:MM, such as +01:00")
            }
            guard oh <= 14, om < 60 else {
                throw fail("there is no zone offset \(String(decoding: u[k..<(k + 6)], as: UTF8.self)) (offsets run from -14:00 to +14:00)")
            }
            offset = (oh * 60 + om) * 60 * (u[k] == 43 ? 1 : -1)
            k += 6
        } else {
            throw fail(shape)
        }
        guard k == u.count else { throw fail(shape) }
        let secs = Int64(ISOTime.days(fromCivil: y, mo, d)) * 86_400 + Int64(h * 3600 + mi * 60 + s) - Int64(offset)
        return .instant(secs * Nanos.perSecond + nanos)
    }
}
