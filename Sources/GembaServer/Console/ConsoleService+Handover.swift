import GembaCore
import GembaStore

/// `handover`, `handover_add`, `handover_confirm`: the notes a shift leaves for the next and
/// the incoming lead's confirmation, each change by the one way in (decision, one write with
/// its audit record).
extension ConsoleService {
    func handover(_ r: Requests.Handover) throws(ProtocolError) -> HandoverBoard {
        let now = clock()
        let shift = try handoverShift(shift: r.shift, date: r.date, previous: r.previous ?? false, now: now)
        return try handoverBoard(shift, now: now)
    }

    func handoverAdd(_ r: Requests.HandoverAdd, identity: Identity) throws(ProtocolError) -> HandoverNote {
        let now = clock()
        let shift = try handoverShift(shift: nil, date: nil, previous: false, now: now)
        let decided: (text: String, audit: AuditRecord)
        do throws(Refusal) {
            decided = try HandoverDecision.add(r.text, shift: shift, by: identity.actor, at: now)
        } catch {
            throw ProtocolError(code: error.code, message: error.message)
        }
        let id: Int64
        do {
            id = try store.addHandoverNote(decided.text, shift: shift, user: identity.user, at: now, audit: decided.audit)
        } catch {
            throw ProtocolError(code: "store_error", message: "the note was not kept: \(error)")
        }
        return HandoverNote(
            id: id, shift: shift.name, date: shift.date, at: ISOTime.format(now), user: identity.user, text: decided.text,
            mentions: mentions(decided.text, orders: orderIDs()), confirmations: [])
    }

    func handoverConfirm(_ r: Requests.HandoverConfirm, identity: Identity) throws(ProtocolError) -> HandoverBoard {
        let now = clock()
        let shift = try handoverShift(shift: r.shift, date: r.date, previous: false, now: now)
        let notes: [FloorStore.StoredNote]
        do {
            notes = try store.handoverNotes(shiftStart: shift.start)
        } catch {
            throw ProtocolError(code: "store_error", message: "the notes cannot be read: \(error)")
        }
        let audit: AuditRecord
        do throws(Refusal) {
            audit = try HandoverDecision.confirm(shift: shift, notes: notes.count, by: identity.actor, at: now)
        } catch {
            throw ProtocolError(code: error.code, message: error.message)
        }
        do {
            _ = try store.confirmHandover(shiftStart: shift.start, user: identity.user, at: now, audit: audit)
        } catch {
            throw ProtocolError(code: "store_error", message: "the confirmation was not kept: \(error)")
        }
        return try handoverBoard(shift, now: now)
    }

    /// The shift a handover request is about: the one named, the one before the running one, or
    /// the running one (between shifts, the one that just ended).
    func handoverShift(shift: String?, date: String?, previous: Bool, now: Timestamp) throws(ProtocolError) -> ShiftInstance {
        let calendar = floor.calendar
        if let shift {
            let day = date ?? calendar.shift(at: now).map(\.date) ?? calendar.previous(before: now)?.date ?? ""
            guard let s = calendar.instance(named: shift, date: day) else {
                let names = floor.plant.shifts.map(\.name).joined(separator: ", ")
                throw ProtocolError(code: "unknown_shift", message: "no shift \"\(shift)\" on \"\(day)\" (shifts: \(names); dates are YYYY-MM-DD)")
            }
            return s
        }
        if date != nil { throw ProtocolError(code: "bad_request", message: "a date needs a shift (--shift NAME --date YYYY-MM-DD)") }
        let running = calendar.shift(at: now)
        if previous {
            guard let s = calendar.previous(before: running?.start ?? now) else {
                throw ProtocolError(code: "unknown_shift", message: "there is no shift before this one")
            }
            return s
        }
        guard let s = running ?? calendar.previous(before: now) else {
            throw ProtocolError(code: "unknown_shift", message: "the plant file has no shifts: handover notes belong to a shift")
        }
        return s
    }

    func handoverBoard(_ shift: ShiftInstance, now: Timestamp) throws(ProtocolError) -> HandoverBoard {
        do {
            let reads = try store.handoverReads(shiftStart: shift.start).map { HandoverNote.Confirmation(user: $0.user, at: ISOTime.format($0.at)) }
            let orders = orderIDs()  // read once for all the shift's notes
            let notes = try store.handoverNotes(shiftStart: shift.start).map { n in
                HandoverNote(
                    id: n.id, shift: shift.name, date: shift.date, at: ISOTime.format(n.at), user: n.user, text: n.text,
                    mentions: mentions(n.text, orders: orders),
                    confirmations: reads)
            }
            return HandoverBoard(
                shift: shift.name, date: shift.date, from: ISOTime.format(shift.start), to: ISOTime.format(shift.end),
                timezone: floor.plant.timezone, running: shift.start <= now && now < shift.end, notes: notes, readBy: reads)
        } catch {
            throw ProtocolError(code: "store_error", message: "the notes cannot be read: \(error)")
        }
    }

    /// The ids of the orders in the database, for finding the ones notes name.
    func orderIDs() -> Set<String> {
        Set(((try? store.orders()) ?? []).map(\.id))  // a note is shown without mentions rather than not at all
    }

    /// The plant's machines and lines, the orders in `orders`, and the lots in the database that a note names.
    func mentions(_ text: String, orders: Set<String>) -> [String] {
        let plant = floor.plant
        return HandoverDecision.mentions(text) { word in
            plant.machines.contains { $0.id == word } || plant.lines.contains { $0.id == word } || orders.contains(word)
                || (((try? store.lot(word)) ?? nil) != nil)  // as above: a lot that cannot be looked up is not named
        }
    }
}
