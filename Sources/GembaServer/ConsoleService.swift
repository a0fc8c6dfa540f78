import Foundation
import GembaCore
import GembaStore
import NIOConcurrencyHelpers
import NIOCore

/// Answers console-protocol requests. Authority lives here, in the daemon: a
/// console only asks.
public final class ConsoleService: Sendable {
    let core: IngestCore
    let hub: ConsoleHub
    let store: FloorStore
    let clock: @Sendable () -> Timestamp
    let serverName: String
    /// Set by the daemon: reads the plant file again on behalf of a person.
    let reloader = NIOLockedValueBox<(@Sendable (Identity) throws(ProtocolError) -> ReloadResult)?>(nil)
    /// Set by the daemon when the plant has products to schedule.
    let scheduler = NIOLockedValueBox<SchedulerService?>(nil)

    init(core: IngestCore, hub: ConsoleHub, store: FloorStore, serverName: String, clock: @escaping @Sendable () -> Timestamp) {
        self.core = core
        self.hub = hub
        self.store = store
        self.serverName = serverName
        self.clock = clock
    }

    var plantName: String { core.plant.plant }

    func currentShift(now: Timestamp) -> ShiftSummary? {
        core.calendar.shift(at: now).map(ShiftSummary.init)
    }

    public func snapshot() -> FloorSnapshot {
        let now = clock()
        return FloorSnapshot(
            plant: PlantSummary(core.plant), shift: currentShift(now: now), serverTime: ISOTime.format(now),
            machines: core.machineStatuses(), telemetry: core.stats, consoles: hub.consoles, alarms: core.alarmBoard(now: now),
            schedule: scheduler.withLockedValue { $0 }?.plan)
    }

    /// The detail of one machine: its intervals this shift (or the last 8 hours outside shifts).
    public func detail(machine id: String) throws(ProtocolError) -> MachineDetail {
        guard core.plant.machines.contains(where: { $0.id == id }) else {
            throw ProtocolError(code: "unknown_machine", message: "no machine \"\(id)\" in this plant")
        }
        let now = clock()
        let shift = core.calendar.shift(at: now)
        let from = shift?.start ?? (now - 8 * 3600 * Nanos.perSecond)
        do {
            // The stored intervals, those the engine closed since its last batch and the open one,
            // seen together: the timeline has no hole and no overlap.
            let (intervals, live) = try core.flushGate.reading { () throws -> ([StateInterval], MachineLive?) in
                let held = core.unstored(machine: id)
                return (try store.intervals(machine: id, from: from, to: now) + held.intervals(from: from, to: now), held.live)
            }
            guard let live, let status = core.status(of: live) else {
                throw ProtocolError(code: "unknown_machine", message: "no machine \"\(id)\" in this plant")
            }
            let lots = try store.lotsMade(machine: id, from: from, to: now + 1, limit: 20)
            return MachineDetail(machine: status, shift: shift.map(ShiftSummary.init), intervals: intervals.map(IntervalRecord.init), lots: lots)
        } catch let e as ProtocolError {
            throw e
        } catch {
            throw ProtocolError(code: "store_error", message: "cannot read the history of \(id): \(error)")
        }
    }

    /// What the session does after writing a reply.
    public enum Action: Sendable {
        case none
        /// The reply carries the snapshot: the subscription starts once it is written.
        case subscribed
        case close
    }

    /// Decodes and answers one request line from a person the daemon identified.
    public func handle(line: Data, lineNumber: Int, channel: (any Channel)?, identity: Identity = .daemon) -> (reply: Data, action: Action) {
        let encoder = JSONEncoder()
        func encode<T: Encodable>(_ value: T) -> Data {
            (try? encoder.encode(value)) ?? Data(#"{"type":"reply","ok":false,"error":{"code":"internal","message":"encoding failed"}}"#.utf8)
        }
        let request: ClientRequest
        do {
            request = try JSONDecoder().decode(ClientRequest.self, from: line)
        } catch {
            let e = ProtocolError(code: "bad_request", message: "message \(lineNumber) is not a request object: \(Self.describe(error))")
            return (encode(ErrorReply(id: nil, error: e)), .none)
        }
        switch request.type {
        case "hello":
            if let v = request.protocol, v != ConsoleProtocol.version {
                let e = ProtocolError(
                    code: "protocol_version",
                    message: "this daemon speaks console protocol \(ConsoleProtocol.version), the client \(v)")
                return (encode(ErrorReply(id: request.id, error: e)), .close)
            }
            return (encode(Reply(id: request.id, result: Empty())), .none)
        case "subscribe":
            // Changes from now on are owed to this console; the snapshot may already hold some.
            if let channel { hub.subscribe(channel, true) }
            return (encode(Reply(id: request.id, result: snapshot())), .subscribed)
        case "unsubscribe":
            if let channel { hub.subscribe(channel, false) }
            return (encode(Reply(id: request.id, result: Empty())), .none)
        case "status":
            return (encode(Reply(id: request.id, result: snapshot())), .none)
        case "ping":
            return (encode(Reply(id: request.id, result: Empty())), .none)
        case "reload":
            do throws(ProtocolError) {
                try authorize(.reloadConfig, identity: identity, object: "config")
                guard let reload = reloader.withLockedValue({ $0 }) else {
                    throw ProtocolError(code: "unavailable", message: "this daemon cannot reload")
                }
                return (encode(Reply(id: request.id, result: try reload(identity))), .none)
            } catch {
                return (encode(ErrorReply(id: request.id, error: error)), .none)
            }
        case "orders", "schedule", "queue", "op_counts", "import_orders", "order_add", "order_priority", "order_cancel", "op_start", "op_pause", "op_finish":
            return (orderRequest(request, identity: identity), .none)
        case "lot", "lot_receive", "lot_produce", "lot_split", "lot_merge", "lot_ship", "trace", "holds", "hold_place", "hold_release":
            return (lotRequest(request, identity: identity), .none)
        case "alarms", "ack", "shelve", "unshelve", "reset", "out_of_service", "in_service", "audit", "audit_verify":
            return (alarmOrAudit(request, identity: identity), .none)
        case "classify":
            do throws(ProtocolError) {
                try authorize(.classifyDowntime, identity: identity, object: "machine:\(request.machine ?? "?")", comment: request.reason)
                let booked = try classify(request, identity: identity)
                return (encode(Reply(id: request.id, result: booked)), .none)
            } catch {
                return (encode(ErrorReply(id: request.id, error: error)), .none)
            }
        case "oee_board":
            do throws(ProtocolError) {
                let convention = OEEConvention(rawValue: request.convention ?? "iso") ?? .iso
                let board = try OEEService(core: core, store: store, clock: clock).board(convention: convention)
                return (encode(Reply(id: request.id, result: board)), .none)
            } catch {
                return (encode(ErrorReply(id: request.id, error: error)), .none)
            }
        case "oee":
            do throws(ProtocolError) {
                let result = try OEEService(core: core, store: store, clock: clock).answer(request)
                return (encode(Reply(id: request.id, result: result)), .none)
            } catch {
                return (encode(ErrorReply(id: request.id, error: error)), .none)
            }
        case "machine_detail":
            guard let machine = request.machine else {
                return (encode(ErrorReply(id: request.id, error: ProtocolError(code: "bad_request", message: "machine_detail needs \"machine\""))), .none)
            }
            do throws(ProtocolError) {
                return (encode(Reply(id: request.id, result: try detail(machine: machine))), .none)
            } catch {
                return (encode(ErrorReply(id: request.id, error: error)), .none)
            }
        default:
            let e = ProtocolError(code: "unknown_request", message: "unknown request type \"\(request.type)\"")
            return (encode(ErrorReply(id: request.id, error: e)), .none)
        }
    }

    /// Books a downtime reason against a `down` interval, recording who and when.
    func classify(_ r: ClientRequest, identity: Identity) throws(ProtocolError) -> Classification {
        guard let machine = r.machine, let startText = r.start, let reason = r.reason, !reason.isEmpty else {
            throw ProtocolError(code: "bad_request", message: "classify needs machine, start and reason")
        }
        guard core.plant.machines.contains(where: { $0.id == machine }) else {
            throw ProtocolError(code: "unknown_machine", message: "no machine \"\(machine)\" in this plant")
        }
        guard let start = ISOTime.parse(startText) ?? Timestamp(startText) else {
            throw ProtocolError(code: "bad_request", message: "start must be an ISO 8601 time or nanoseconds")
        }
        let codes = core.plant.downtimeReasons.map(\.code)
        guard codes.isEmpty || codes.contains(reason) else {
            throw ProtocolError(code: "unknown_reason", message: "\"\(reason)\" is not a downtime reason of this plant (\(codes.joined(separator: ", ")))")
        }
        let user = identity.user
        let now = clock()
        let liveReason = core.live(machine: machine).flatMap { $0.since == start ? $0.reason : nil }
        let open = core.classify(machine: machine, start: start, reason: reason)
        let found: Bool
        let audit = AuditRecord(
            seq: 0, at: now, user: user, uid: identity.uid, role: identity.roleText, action: Permission.classifyDowntime.rawValue,
            object: "machine:\(machine)", before: open ? liveReason : nil,
            after: "down \(ISOTime.format(start)): \(reason)", comment: r.comment)
        do {
            found = try store.classify(
                machine: machine, start: start, reason: reason, user: user, uid: identity.uid, at: now, closed: !open, audit: audit)
        } catch {
            throw ProtocolError(code: "store_error", message: "cannot record the classification: \(error)")
        }
        guard found else {
            throw ProtocolError(code: "no_such_stop", message: "\(machine) has no down interval starting at \(ISOTime.format(start))")
        }
        return Classification(machine: machine, start: ISOTime.format(start), startNanos: start, reason: reason, user: user, at: ISOTime.format(now))
    }

    static func describe(_ error: any Error) -> String {
        if let d = error as? DecodingError {
            switch d {
            case .dataCorrupted(let c): return c.debugDescription
            case .keyNotFound(let k, _): return "missing \"\(k.stringValue)\""
            case .typeMismatch(_, let c): return "wrong type at \(c.codingPath.map(\.stringValue).joined(separator: ".")): \(c.debugDescription)"
            case .valueNotFound(_, let c): return "missing value at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
            @unknown default: return "\(d)"
            }
        }
        return "\(error)"
    }
}
