import GembaCore
import GembaStore

/// `report`: a shift's report, built from the database; the running shift's is provisional.
extension ConsoleService {
    func shiftReport(_ r: Requests.ShiftReportQuery) throws(ProtocolError) -> ShiftReport {
        let now = clock()
        if r.date != nil && r.shift == nil {
            throw ProtocolError(code: "bad_request", message: "a date needs a shift (--shift NAME --date YYYY-MM-DD)")
        }
        let shift = try handoverShift(shift: r.shift, date: r.date, previous: false, now: now)
        guard shift.start <= now else {
            throw ProtocolError(code: "bad_window", message: "shift \(shift.name) of \(shift.date) has not started yet: there is nothing to report")
        }
        return try shiftReport(shift, now: now)
    }

    /// The report of `shift` as of `now`.
    func shiftReport(_ shift: ShiftInstance, now: Timestamp) throws(ProtocolError) -> ShiftReport {
        let notes = try handoverBoard(shift, now: now).notes
        do {
            return try ShiftReportBuilder(floor: floor, store: store).build(shift, now: now, notes: notes)
        } catch {
            throw ProtocolError(code: "store_error", message: "the report of shift \(shift.name), \(shift.date) cannot be read: \(error)")
        }
    }
}
