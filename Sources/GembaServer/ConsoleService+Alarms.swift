import Foundation
import GembaCore
import GembaStore

/// The alarm and audit requests, and the role check every state-changing request passes.
extension ConsoleService {
    /// Refuses a request the person's roles do not allow, and records the refusal in the audit trail.
    func authorize(_ p: Permission, identity: Identity, object: String, comment: String? = nil) throws(ProtocolError) {
        guard !identity.may(p) else { return }
        let needed = RoleMatrix.rolesAllowing(p).map(\.rawValue).joined(separator: ", ")
        let message = "\(identity.user) (role \(identity.roleText)) may not \(p.summary): that needs one of the roles \(needed)"
        audit(identity: identity, action: p.rawValue, object: object, comment: comment, outcome: "refused: needs \(needed)")
        throw ProtocolError(code: "forbidden", message: message)
    }

    /// Appends one audit record on the person's behalf; a failure to write it is logged by the caller's reply.
    @discardableResult
    func audit(
        identity: Identity, action: String, object: String, before: String? = nil, after: String? = nil, comment: String? = nil,
        outcome: String = "ok"
    ) -> AuditRecord? {
        try? store.appendAudit(
            AuditRecord(
                seq: 0, at: clock(), user: identity.user, uid: identity.uid, role: identity.roleText, action: action,
                object: object, before: before, after: after, comment: comment, outcome: outcome))
    }

    static func encode<T: Encodable>(_ value: T) -> Data {
        (try? JSONEncoder().encode(value))
            ?? Data(#"{"type":"reply","ok":false,"error":{"code":"internal","message":"encoding failed"}}"#.utf8)
    }

    func alarmOrAudit(_ r: ClientRequest, identity: Identity) -> Data {
        do throws(ProtocolError) {
            switch r.type {
            case "alarms":
                var board = core.alarmBoard(now: clock())
                if r.active == true { board.alarms.removeAll { !$0.state.isAnnunciated } }
                return Self.encode(Reply(id: r.id, result: board))
            case "audit":
                try authorize(.readAudit, identity: identity, object: "audit")
                var since: Timestamp?
                if let s = r.since {
                    guard let t = ISOTime.parse(s) else { throw ProtocolError(code: "bad_request", message: "since must be an ISO 8601 time") }
                    since = t
                }
                do {
                    let records = try store.auditRecords(since: since, object: r.object, limit: min(max(r.limit ?? 1000, 1), 100_000))
                    return Self.encode(Reply(id: r.id, result: AuditList(records: records.map(AuditEntry.init))))
                } catch {
                    throw ProtocolError(code: "store_error", message: "cannot read the audit trail: \(error)")
                }
            case "audit_verify":
                try authorize(.readAudit, identity: identity, object: "audit")
                do {
                    return Self.encode(Reply(id: r.id, result: try store.verifyAudit()))
                } catch {
                    throw ProtocolError(code: "store_error", message: "cannot read the audit trail: \(error)")
                }
            default:
                return Self.encode(Reply(id: r.id, result: try alarmAction(r, identity: identity)))
            }
        } catch {
            return Self.encode(ErrorReply(id: r.id, error: error))
        }
    }

    /// ack, shelve, unshelve, reset, out_of_service, in_service.
    func alarmAction(_ r: ClientRequest, identity: Identity) throws(ProtocolError) -> AlarmActionResult {
        guard let key = r.alarm, !key.isEmpty else { throw ProtocolError(code: "bad_request", message: "\(r.type) needs \"alarm\"") }
        let now = clock()
        let comment = r.comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        let event: AlarmEvent
        let permission: Permission
        switch r.type {
        case "ack":
            (event, permission) = (.acknowledge, .acknowledgeAlarm)
        case "shelve":
            permission = .shelveAlarm
            var until: Timestamp?
            if let d = r.duration, !d.isEmpty {
                guard let secs = DurationText.seconds(d), secs > 0 else {
                    throw ProtocolError(code: "bad_request", message: "bad shelve duration \"\(d)\" (write 30m, 2h)")
                }
                let limit = core.maximumShelve
                guard secs <= limit else {
                    throw ProtocolError(code: "not_applicable", message: "a shelve may last at most \(DurationText.format(limit))")
                }
                until = now + Nanos.from(seconds: secs)
            }
            event = .shelve(until: until)
        case "unshelve": (event, permission) = (.unshelve, .shelveAlarm)
        case "reset": (event, permission) = (.reset, .resetAlarm)
        case "out_of_service": (event, permission) = (.removeFromService, .alarmService)
        default: (event, permission) = (.returnToService, .alarmService)
        }
        let object = "alarm:" + (core.alarm(key)?.definition.id ?? key)
        try authorize(permission, identity: identity, object: object, comment: comment)
        if (r.type == "shelve" || r.type == "out_of_service") && (comment ?? "").isEmpty {
            throw ProtocolError(code: "comment_required", message: "\(r.type == "shelve" ? "shelving" : "taking an alarm out of service") needs a reason")
        }
        let done: (before: AlarmRecord, after: AlarmRecord, transition: AlarmTransition, definition: AlarmDefinition)
        do throws(AlarmActionError) {
            done = try core.alarmAction(event, on: key, user: identity.user, comment: comment, at: now)
        } catch {
            throw ProtocolError(code: "not_applicable", message: error.message)
        }
        func describe(_ a: AlarmRecord) -> String {
            var s = a.state.rawValue + (a.active ? ", active" : ", clear") + (a.acknowledged ? ", acknowledged" : ", unacknowledged")
            if let u = a.shelvedUntil, a.state == .shelved { s += ", until \(ISOTime.format(u))" }
            return s
        }
        let audit = AuditRecord(
            seq: 0, at: now, user: identity.user, uid: identity.uid, role: identity.roleText, action: permission.rawValue,
            object: "alarm:\(done.definition.id)", before: describe(done.before), after: describe(done.after), comment: comment)
        let seq: Int64
        do {
            seq = try store.recordAlarmAction(record: done.after, transition: done.transition, audit: audit)
        } catch {
            throw ProtocolError(code: "store_error", message: "cannot record the action: \(error)")
        }
        hub.publishAlarms(core.alarmBoard(now: now), shift: currentShift(now: now), now: now)
        return AlarmActionResult(alarm: AlarmStatus(record: done.after, definition: done.definition), audit: seq)
    }
}
