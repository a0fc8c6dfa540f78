import Foundation

/// The report's times on the plant's clock: the report carries ISO 8601 UTC, but a shift lead
/// thinks in the plant's wall-clock time. A time within the shift shows as `13:40`, one outside
/// it (a due date, an alarm standing since yesterday) with its date, `2026-11-30 22:15`. Uses
/// Foundation's time-zone database (the report is rendered by the daemon, never the console)
/// and ISOTime for the digits, so no formatter and no locale is involved.
package struct ShiftReportClock: Sendable {
    /// The plant's zone; UTC when its name is not known to the system (as the shift calendar does).
    package let zone: TimeZone
    /// The zone's name as the report gives it, or `UTC` when it is not known.
    package let zoneName: String
    /// Where a time shows without its date: from the shift's start to half a day after its
    /// end (when the next shift reads the notes), but never a whole day, so that no two
    /// times in it share a clock time.
    let window: ClosedRange<Timestamp>?
    /// The zone the report names when the system does not know it (the times are then UTC).
    let unknownZone: String?

    package init(report: ShiftReport) {
        if let known = TimeZone(identifier: report.timezone) {
            zone = known
            zoneName = ShiftReportEscaping.clean(report.timezone)
            unknownZone = nil
        } else {
            zone = TimeZone.gmt
            zoneName = "UTC"
            unknownZone = ShiftReportEscaping.clean(report.timezone)
        }
        let hour = 3600 * Nanos.perSecond
        if let from = ISOTime.parse(report.from), let to = ISOTime.parse(report.to), from <= to, to - from < 23 * hour {
            let end = max(to, ISOTime.parse(report.asOf) ?? to)
            let after = max(0, min(12 * hour, 23 * hour - (end - from)))
            window = from...(end + after)
        } else {
            window = nil
        }
    }

    /// A time of the report on the plant's clock: `13:40` within the shift, `2026-11-30 22:15`
    /// outside it; the text as given (cleaned) when it is not an ISO 8601 time.
    package func time(_ iso: String) -> String {
        guard let t = ISOTime.parse(iso), let local = local(t) else { return ShiftReportEscaping.clean(iso) }
        if let window, window.contains(t) { return local.time }
        return local.date + " " + local.time
    }

    /// A time on the plant's clock with its date, always: `2026-12-02 13:40`.
    package func dateTime(_ iso: String) -> String {
        guard let t = ISOTime.parse(iso), let local = local(t) else { return ShiftReportEscaping.clean(iso) }
        return local.date + " " + local.time
    }

    /// The shift's span on the plant's clock: `06:00 – 14:00`, `22:00 – 06:00 next day`.
    package func span(from: String, to: String) -> String {
        guard let f = ISOTime.parse(from).flatMap(local), let t = ISOTime.parse(to).flatMap(local) else {
            return time(from) + " – " + time(to)
        }
        if f.date == t.date { return f.time + " – " + t.time }
        return f.time + " – " + t.time + (f.date < t.date ? " next day" : " (" + t.date + ")")
    }

    /// The zone and its offset from UTC at the shift's start and end: `Europe/Berlin (UTC+01:00)`,
    /// or both offsets when daylight saving changes within the shift.
    package func zoneLabel(from: String, to: String) -> String {
        let offsets = [from, to].compactMap(ISOTime.parse).map(offsetText)
        var distinct: [String] = []
        for o in offsets where !distinct.contains(o) { distinct.append(o) }
        let name = unknownZone.map { "UTC (the plant's zone \($0) is not known here)" } ?? zoneName
        return distinct.isEmpty ? name : name + " (" + distinct.joined(separator: " → ") + ")"
    }

    /// The weekday and date of a plant-local date: `Wednesday 2026-12-02`; the text as given when it is not a date.
    package static func day(_ date: String) -> String {
        // Not a date: the report shows the text as given rather than failing over a heading.
        guard let day = try? DateInput.day(date) else { return ShiftReportEscaping.clean(date) }
        let names = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
        let days = ISOTime.days(fromCivil: day.year, day.month, day.day)
        return names[((days % 7) + 7 + 4) % 7] + " " + day.description
    }

    /// `UTC+01:00` for the offset in force at `t`.
    func offsetText(_ t: Timestamp) -> String {
        let seconds = offset(at: t)
        let minutes = abs(seconds) / 60
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "UTC" + (seconds < 0 ? "-" : "+") + two(minutes / 60) + ":" + two(minutes % 60)
    }

    func offset(at t: Timestamp) -> Int {
        zone.secondsFromGMT(for: Date(timeIntervalSince1970: Nanos.seconds(t)))
    }

    /// The plant's date (`2026-12-02`) and time (`13:40`) at `t`; nil where the shift would overflow.
    func local(_ t: Timestamp) -> (date: String, time: String)? {
        let (shifted, overflow) = t.addingReportingOverflow(Int64(offset(at: t)) * Nanos.perSecond)
        guard !overflow else { return nil }
        let text = Array(ISOTime.format(shifted))
        guard text.count >= 16 else { return nil }
        return (String(text[0..<10]), String(text[11..<16]))
    }
}
