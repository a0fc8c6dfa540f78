/// The fixed sentences of a shift report, in one place so that every form says the same and
/// tests can look for them: above all what an empty part says, because "nothing happened"
/// must read differently from "this part is missing".
package enum ShiftReportWording {
    /// Leads the marker of a report taken while its shift runs; appears nowhere else.
    package static let provisional = "PROVISIONAL"
    package static let noNotes = "No handover notes were left in this shift."
    package static let unread = "Not yet confirmed as read."
    package static let noOEE = "No OEE figures: nothing was planned to run in this shift."
    package static let oeeKey = "A dash (—) means there was nothing to measure: no planned time, or no parts made."
    package static let noDowntime = "No downtime recorded."
    package static let notBooked = "(not booked)"
    package static let noAlarms = "No alarms activated."
    package static let noStanding = "No alarms standing."
    package static let noHolds = "No holds placed or released."
    package static let noHoldsPlaced = "No holds placed."
    package static let noHoldsReleased = "No holds released."
    package static let noOrders = "No orders finished or late."
    package static let noOrdersFinished = "No orders finished."
    package static let noOrdersLate = "No orders late."

    /// Every sentence an empty report shows, one per part that can be empty.
    package static let emptyReport = [noNotes, noOEE, noDowntime, noAlarms, noStanding, noHolds, noOrders]

    /// A machine state or a code (`planned_stop`, `rtn_unacknowledged`) in words: `planned stop`.
    package static func words(_ code: String) -> String {
        String(ShiftReportEscaping.clean(code).map { $0 == "_" ? " " : $0 })
    }

    /// A name, or the id where the name is empty.
    package static func name(_ name: String, id: String) -> String {
        let cleaned = ShiftReportEscaping.clean(name).trimmingCharactersInSpaces()
        return cleaned.isEmpty ? text(id) : cleaned
    }

    /// Cleaned text, or `—` when there is none.
    package static func text(_ text: String?) -> String {
        let cleaned = ShiftReportEscaping.clean(text ?? "").trimmingCharactersInSpaces()
        return cleaned.isEmpty ? ShiftReportFigures.none : cleaned
    }
}
