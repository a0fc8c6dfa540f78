import Foundation
import GembaCore
import GembaStore

/// The alarm and audit requests, and the role check every request passes at the door.
extension ConsoleService {
    /// Refuses a request the person's roles do not allow, and records the refusal in the audit
    /// trail (up to 10 refusals per person and minute, the rest summed up: `appendRefusal`).
    func authorize(_ payload: any ConsoleRequestPayload, identity: Identity) throws(ProtocolError) {
        let p = type(of: payload).permission
        guard !identity.may(p) else { return }
        let needed = RoleMatrix.rolesAllowing(p).map(\.rawValue).joined(separator: ", ")
        let message = "\(identity.user) (role \(identity.roleText)) may not \(p.summary): that needs one of the roles \(needed)"
        var object = payload.auditObject
        if let alarm = payload as? any AlarmActionPayload, let found = floor.alarm(alarm.alarm) {
            object = "alarm:\(found.definition.id)"
        }
        let record = identity.actor.record(
            p.rawValue, object, at: clock(), comment: payload.auditComment, outcome: "refused: needs \(needed)")
        do {
            try appendRefusal(record)
        } catch {
            throw ProtocolError(code: "store_error", message: "\(message); and the refusal could not be recorded: \(error)")
        }
        throw ProtocolError(code: "forbidden", message: message)
    }

    /// Appends one audit record on the person's behalf; the caller decides what a failure means.
    @discardableResult
    func audit(
        identity: Identity, action: String, object: String, before: String? = nil, after: String? = nil, comment: String? = nil,
        outcome: String = "ok"
    ) throws -> AuditRecord {
        try store.appendAudit(identity.actor.record(action, object, at: clock(), before: before, after: after, comment: comment, outcome: outcome))
    }

    /// `id`: the request's, so that a reply that cannot be encoded still answers it (the
    /// client would otherwise wait for it until its timeout).
    static func encode<T: Encodable>(_ value: T, id: Int? = nil) -> Data {
        do {
            return try JSONEncoder().encode(value)
        } catch {
            let e = ErrorReply(id: id, error: ProtocolError(code: "internal", message: "the reply could not be encoded: \(error)"))
            return (try? JSONEncoder().encode(e))  // two strings always encode; the literal is for the impossible case
                ?? Data(#"{"type":"reply","ok":false,"error":{"code":"internal","message":"encoding failed"}}"#.utf8)
        }
    }

    func alarms(_ r: Requests.Alarms) -> AlarmBoard {
        var board = floor.alarmBoard(now: clock())
        if r.active == true { board.alarms.removeAll { !$0.state.isAnnunciated } }
        return board
    }

    func alarmHistory(_ r: Requests.AlarmHistoryQuery) throws(ProtocolError) -> AlarmHistory {
        let board = floor.alarmBoard(now: clock())
        guard let alarm = board.alarms.first(where: { $0.definition == r.alarm || $0.id.map(String.init) == r.alarm }) else {
            throw ProtocolError(code: "unknown_alarm", message: "no alarm \"\(r.alarm)\" in this plant")
        }
        do {
            let all = try store.alarmTransitions(definition: alarm.definition)
            let limit = min(max(r.limit ?? 200, 1), 10_000)
            return AlarmHistory(alarm: alarm, transitions: all.suffix(limit).reversed().map(AlarmTransitionEntry.init))
        } catch {
            throw ProtocolError(code: "store_error", message: "cannot read the alarm's history: \(error)")
        }
    }

    func auditList(_ r: Requests.AuditQuery) throws(ProtocolError) -> AuditList {
        var since: Timestamp?
        if let s = r.since {
            since = try time(s, "since", dateAlone: .startOfDay)
        }
        do {
            let records = try store.auditRecords(since: since, object: r.object, limit: min(max(r.limit ?? 1000, 1), 100_000))
            return AuditList(records: records.map(AuditEntry.init))
        } catch {
            throw ProtocolError(code: "store_error", message: "cannot read the audit trail: \(error)")
        }
    }

    func auditAnchor() throws(ProtocolError) -> AuditAnchor {
        do {
            let head = try store.auditHead()
            return AuditAnchor(
                seq: head?.seq, time: head.map { ISOTime.format($0.at) }, hash: head?.hash, anchor: head?.mac, anchoredFrom: store.auditKey?.from)
        } catch {
            throw ProtocolError(code: "store_error", message: "cannot read the audit trail: \(error)")
        }
    }

    func auditVerify() throws(ProtocolError) -> AuditVerification {
        do {
            return try store.verifyAudit()
        } catch {
            throw ProtocolError(code: "store_error", message: "cannot read the audit trail: \(error)")
        }
    }

    /// ack, shelve, unshelve, reset, out_of_service, in_service: decided on the alarm engine's
    /// state, stored with the audit record, and only then applied to the engine.
    func alarmAction(_ r: some AlarmActionPayload, identity: Identity) throws(ProtocolError) -> AlarmActionResult {
        let now = clock()
        let comment = r.comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        var event = r.event
        if let shelve = r as? Requests.Shelve, let d = shelve.duration, !d.isEmpty {
            let secs: Seconds
            do throws(DurationInputError) {
                secs = try DurationText.personSeconds(d, option: "duration")
            } catch {
                throw ProtocolError(code: "bad_request", message: error.description)
            }
            let limit = floor.maximumShelve
            guard secs <= limit else {
                throw ProtocolError(code: "not_applicable", message: "a shelve may last at most \(DurationText.format(limit))")
            }
            event = .shelve(until: now + Nanos.from(seconds: secs))
        }
        let type = Swift.type(of: r).type
        if (type == "shelve" || type == "out_of_service") && (comment ?? "").isEmpty {
            throw ProtocolError(
                code: "comment_required", message: "\(type == "shelve" ? "shelving" : "taking an alarm out of service") needs a reason")
        }
        func describe(_ a: AlarmRecord) -> String {
            var s = a.state.rawValue + (a.active ? ", active" : ", clear") + (a.acknowledged ? ", acknowledged" : ", unacknowledged")
            if let u = a.shelvedUntil, a.state == .shelved { s += ", until \(ISOTime.format(u))" }
            return s
        }
        let action = Swift.type(of: r).auditAction
        let done: (record: AlarmRecord, definition: AlarmDefinition, seq: Int64)
        do {
            done = try floor.alarmAction(event, on: r.alarm, user: identity.user, comment: comment, at: now) {
                before, after, transition, definition in
                let audit = identity.actor.record(
                    action, "alarm:\(definition.id)", at: now, before: describe(before), after: describe(after), comment: comment)
                let seq = try store.recordAlarmAction(record: after, transition: transition, audit: audit)
                return (after, definition, seq)
            }
        } catch let e as AlarmActionError {
            throw ProtocolError(code: "not_applicable", message: e.message)
        } catch {
            throw ProtocolError(code: "store_error", message: "cannot record the action (nothing changed): \(error)")
        }
        hub.publishAlarms(floor.alarmBoard(now: now), shift: currentShift(now: now), now: now)
        return AlarmActionResult(alarm: AlarmStatus(record: done.record, definition: done.definition), audit: done.seq)
    }
}
