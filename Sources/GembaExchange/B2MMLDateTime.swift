import Foundation
import GembaCore

/// B2MML's times (`xs:dateTime`) in the form `DateInput` reads. `DateInput` refuses a time
/// without a zone as ambiguous; in a schedule an ERP sends, such a time is the plant's wall
/// clock, so it is given the plant's UTC offset at that moment. A time with a zone (`Z`,
/// `+01:00`) and a date alone pass unchanged, and so does text `DateInput` will refuse
/// anyway, so that its reason names the text as the document wrote it.
enum B2MMLDateTime {
    static func forDateInput(_ text: String, plantZone zone: TimeZone) -> String {
        let t = text.trimmingXMLSpace()
        // Already a date-time DateInput reads: kept as written (its error is not needed here).
        if (try? DateInput.check(t)) != nil { return t }
        // Readable once a zone is added: a wall-clock time.
        guard let asUTC = try? DateInput.parse(t + "Z", timeZone: zone) else { return t }
        let offset = offsetSeconds(wallClock: asUTC, in: zone)
        guard offset % 60 == 0 else { return ISOTime.format(asUTC - Timestamp(offset) * Nanos.perSecond) }
        let minutes = abs(offset) / 60
        let hh = String(repeating: "0", count: minutes / 60 < 10 ? 1 : 0) + String(minutes / 60)
        let mm = String(repeating: "0", count: minutes % 60 < 10 ? 1 : 0) + String(minutes % 60)
        return t + (offset < 0 ? "-" : "+") + hh + ":" + mm
    }

    /// The zone's offset from UTC at a wall-clock time (given as if it were UTC). Across a
    /// daylight-saving change the offset in force just after the change is used, so a time the
    /// change skips lands after it.
    static func offsetSeconds(wallClock: Timestamp, in zone: TimeZone) -> Int {
        let seconds = Double(wallClock) / Double(Nanos.perSecond)
        let first = zone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds))
        let second = zone.secondsFromGMT(for: Date(timeIntervalSince1970: seconds - Double(first)))
        return second
    }
}
