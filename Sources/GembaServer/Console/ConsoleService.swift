import Foundation
import GembaCore
import GembaSparkplug
import GembaStore
import NIOConcurrencyHelpers
import NIOCore

/// Answers console-protocol requests. Authority lives here, in the daemon: a
/// console only asks.
public final class ConsoleService: Sendable {
    let floor: LiveFloor
    let hub: ConsoleHub
    let store: FloorStore
    let clock: @Sendable () -> Timestamp
    let serverName: String
    /// The daemon's version, start, database and runtime directory, for the snapshot.
    let facts: DaemonFacts
    /// Set by the daemon: reads the plant file again on behalf of a person.
    let reloader = NIOLockedValueBox<(@Sendable (Identity) throws(ProtocolError) -> ReloadResult)?>(nil)
    /// Set by the daemon when the plant has products to schedule.
    let scheduler = NIOLockedValueBox<SchedulerService?>(nil)
    /// Set by the daemon when the plant file has `mqtt:`: the broker connection for the snapshot.
    let mqttStatus = NIOLockedValueBox<(@Sendable () -> MQTTStatus)?>(nil)
    /// The last `/metrics` exposition of each format and when it was made: scrapers arriving
    /// within a second share it, so a flood of them costs one rendering a second.
    let metricsCache = NIOLockedValueBox<[String: (at: Timestamp, text: String)]>([:])
    /// Set by the daemon when the plant file has `modbus:`: each device's polls and errors.
    let modbusStatus = NIOLockedValueBox<(@Sendable () -> [ModbusStatus])?>(nil)
    /// Set by the daemon when the plant file has `enterprise:`: the other plants as last heard.
    let enterprise = NIOLockedValueBox<(@Sendable () -> EnterpriseBoard)?>(nil)
    /// How many refusals each person has had recorded this minute (ConsoleService+Refusals).
    let refusals = NIOLockedValueBox(RefusalAuditBudget())

    init(floor: LiveFloor, hub: ConsoleHub, store: FloorStore, facts: DaemonFacts, clock: @escaping @Sendable () -> Timestamp) {
        self.floor = floor
        self.hub = hub
        self.store = store
        self.serverName = "gemba \(facts.version)"
        self.facts = facts
        self.clock = clock
    }

    var plantName: String { floor.plant.plant }

    func currentShift(now: Timestamp) -> ShiftSummary? {
        floor.calendar.shift(at: now).map(ShiftSummary.init)
    }

    /// The plant's layout for consoles: its own lines, then every enterprise site's.
    func plantSummary(now: Timestamp, board: EnterpriseBoard?) -> PlantSummary {
        var summary = PlantSummary(floor.plant, now: now)
        if let board { summary.lines += board.floorLines }
        return summary
    }

    public func snapshot() -> FloorSnapshot {
        let now = clock()
        var (machines, stats) = floor.machinesAndStats()
        let board = enterprise.withLockedValue { $0 }?()
        if let board { machines += board.machineStatuses }
        var snapshot = FloorSnapshot(
            plant: plantSummary(now: now, board: board), shift: currentShift(now: now), serverTime: ISOTime.format(now),
            machines: machines, telemetry: stats, consoles: hub.consoles, alarms: floor.alarmBoard(now: now),
            schedule: scheduler.withLockedValue { $0 }?.plan)
        snapshot.daemon = facts.info(now: now)
        snapshot.mqtt = mqttStatus.withLockedValue { $0 }?()
        snapshot.modbus = modbusStatus.withLockedValue { $0 }?()
        return snapshot
    }

    /// The detail of one machine: its intervals this shift (or the last 8 hours outside shifts).
    public func detail(machine id: String) throws(ProtocolError) -> MachineDetail {
        if let remote = enterprise.withLockedValue({ $0 }).flatMap({ $0().status(of: id) }) {
            // Another plant's machine: its state as its plant publishes it; its timeline and
            // lots are on that plant's own daemon.
            return MachineDetail(machine: remote, shift: nil, intervals: [], lots: nil)
        }
        guard floor.plant.machines.contains(where: { $0.id == id }) else {
            throw ProtocolError(code: "unknown_machine", message: "no machine \"\(id)\" in this plant")
        }
        let now = clock()
        let shift = floor.calendar.shift(at: now)
        let from = shift?.start ?? (now - 8 * 3600 * Nanos.perSecond)
        do {
            // The stored intervals, those the engine closed since its last batch and the open one,
            // seen together: the timeline has no hole and no overlap.
            let (intervals, live) = try FloorHistory(floor: floor, store: store).reading(machine: id) { history in
                (try history.closedIntervals(from: from, to: now), history.live)
            }
            guard let live, let status = floor.status(of: live) else {
                throw ProtocolError(code: "unknown_machine", message: "no machine \"\(id)\" in this plant")
            }
            let lots = try store.lotsMade(machine: id, from: from, to: now + 1, limit: 20)
            let trends = try trends(machine: id, names: live.processValues.map(\.name).sorted(), from: from, to: now + 1)
            let plans = floor.maintenanceStatuses(machine: id, at: now)
            return MachineDetail(
                machine: status, shift: shift.map(ShiftSummary.init), intervals: intervals.map(IntervalRecord.init), lots: lots, trends: trends,
                maintenance: plans.isEmpty ? nil : plans)
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

    /// Decodes and answers one request line from a person the daemon identified: one decode
    /// (`RequestEnvelope`), one authorization (the permission the request's type names), one
    /// dispatch (a line per request).
    public func handle(line: Data, lineNumber: Int, channel: (any Channel)?, identity: Identity = .daemon) -> (reply: Data, action: Action) {
        let envelope: RequestEnvelope
        switch RequestEnvelope.decode(line, lineNumber: lineNumber) {
        case .success(let e): envelope = e
        case .failure(let e): return (Self.encode(ErrorReply(id: e.id, error: e.error)), .none)
        }
        let id = envelope.id
        do throws(ProtocolError) {
            try authorize(envelope.request.payload, identity: identity)
            switch envelope.request {
            case .hello(let p): return try hello(p, id: id)
            case .ping: return (Self.reply(id, Empty()), .none)
            case .subscribe:
                // Changes from now on are owed to this console; the snapshot may already hold some.
                if let channel { hub.subscribe(channel, true) }
                return (Self.reply(id, snapshot()), .subscribed)
            case .unsubscribe:
                if let channel { hub.subscribe(channel, false) }
                return (Self.reply(id, Empty()), .none)
            case .status: return (Self.reply(id, snapshot()), .none)
            case .reload: return (Self.reply(id, try reload(identity)), .none)
            case .machineDetail(let p): return (Self.reply(id, try detail(machine: p.machine)), .none)
            case .machineReset(let p): return (Self.reply(id, try resetMachine(p, identity: identity)), .none)
            case .classify(let p): return (Self.reply(id, try classify(p, identity: identity)), .none)
            case .oee(let p): return (Self.reply(id, try OEEService(floor: floor, store: store, clock: clock).answer(p)), .none)
            case .oeeBoard(let p): return (Self.reply(id, try oeeBoard(p)), .none)
            case .reliability(let p): return (Self.reply(id, try OEEService(floor: floor, store: store, clock: clock).reliability(p)), .none)
            case .history(let p): return (Self.reply(id, try history(p)), .none)
            case .spc(let p): return (Self.reply(id, try spc(p)), .none)
            case .measure(let p): return (Self.reply(id, try measure(p, identity: identity)), .none)
            case .maintenance(let p): return (Self.reply(id, try maintenance(p)), .none)
            case .maintenanceDone(let p): return (Self.reply(id, try maintenanceDone(p, identity: identity)), .none)
            case .backup(let p): return (Self.reply(id, try backup(p, identity: identity)), .none)
            case .performance(let p): return (Self.reply(id, try performance(p)), .none)
            case .handover(let p): return (Self.reply(id, try handover(p)), .none)
            case .handoverAdd(let p): return (Self.reply(id, try handoverAdd(p, identity: identity)), .none)
            case .handoverConfirm(let p): return (Self.reply(id, try handoverConfirm(p, identity: identity)), .none)
            case .report(let p): return (Self.reply(id, try shiftReport(p)), .none)
            case .alarms(let p): return (Self.reply(id, alarms(p)), .none)
            case .alarmHistory(let p): return (Self.reply(id, try alarmHistory(p)), .none)
            case .ack(let p): return (Self.reply(id, try alarmAction(p, identity: identity)), .none)
            case .shelve(let p): return (Self.reply(id, try alarmAction(p, identity: identity)), .none)
            case .unshelve(let p): return (Self.reply(id, try alarmAction(p, identity: identity)), .none)
            case .reset(let p): return (Self.reply(id, try alarmAction(p, identity: identity)), .none)
            case .outOfService(let p): return (Self.reply(id, try alarmAction(p, identity: identity)), .none)
            case .inService(let p): return (Self.reply(id, try alarmAction(p, identity: identity)), .none)
            case .audit(let p): return (Self.reply(id, try auditList(p)), .none)
            case .auditVerify: return (Self.reply(id, try auditVerify()), .none)
            case .auditAnchor: return (Self.reply(id, try auditAnchor()), .none)
            case .orders: return (Self.reply(id, try orderStatuses(try scheduling())), .none)
            case .schedule: return (Self.reply(id, try scheduling().plan), .none)
            case .queue(let p): return (Self.reply(id, try queue(p)), .none)
            case .opCounts(let p): return (Self.reply(id, try counted(order: p.order, index: p.index)), .none)
            case .importOrders(let p): return (Self.reply(id, try importOrders(p, identity: identity)), .none)
            case .orderAdd(let p): return (Self.reply(id, try addOrder(p, identity: identity)), .none)
            case .orderPriority(let p): return (Self.reply(id, try reprioritise(p, identity: identity)), .none)
            case .orderCancel(let p): return (Self.reply(id, try cancel(p, identity: identity)), .none)
            case .opStart(let p): return (Self.reply(id, try operationStep(p, .start(lots: p.lots ?? []), identity: identity)), .none)
            case .opPause(let p): return (Self.reply(id, try operationStep(p, .pause, identity: identity)), .none)
            case .opFinish(let p):
                let step = OperationDecision.Step.finish(good: p.good, scrap: p.scrap, outputLot: p.lot, partial: p.partial ?? false)
                return (Self.reply(id, try operationStep(p, step, identity: identity)), .none)
            case .lot(let p): return (Self.reply(id, try lot(p)), .none)
            case .lotReceive(let p): return (Self.reply(id, try receive(p, identity: identity)), .none)
            case .lotProduce(let p): return (Self.reply(id, try produce(p, identity: identity)), .none)
            case .lotSplit(let p): return (Self.reply(id, try split(p, identity: identity)), .none)
            case .lotMerge(let p): return (Self.reply(id, try merge(p, identity: identity)), .none)
            case .lotShip(let p): return (Self.reply(id, try ship(p, identity: identity)), .none)
            case .trace(let p): return (Self.reply(id, try trace(p)), .none)
            case .holds: return (Self.reply(id, try holds()), .none)
            case .holdPlace(let p): return (Self.reply(id, try placeHold(p, identity: identity)), .none)
            case .holdRelease(let p): return (Self.reply(id, try releaseHold(p, identity: identity)), .none)
            }
        } catch {
            let recorded = auditRefused(envelope.request, error, identity: identity)
            return (Self.encode(ErrorReply(id: id, error: recorded)), error.code == "protocol_version" ? .close : .none)
        }
    }

    /// Every refused state-changing request is in the audit trail with its reason, lost races
    /// included (a role refusal and a refused reload record themselves), up to 10 per person and
    /// minute; the rest are summed up (`appendRefusal`). A record that cannot be written is named
    /// in the answer.
    private func auditRefused(_ request: ConsoleRequest, _ error: ProtocolError, identity: Identity) -> ProtocolError {
        let payload = request.payload
        guard type(of: payload).permission != .view, error.code != "forbidden", error.code != "bad_config" else { return error }
        let record = identity.actor.record(
            type(of: payload).auditAction, payload.auditObject, at: clock(), comment: payload.auditComment,
            outcome: "refused: \(error.message)")
        do {
            try appendRefusal(record)
            return error
        } catch let failure {
            return ProtocolError(code: error.code, message: "\(error.message) (and the refusal could not be recorded: \(failure))")
        }
    }

    /// A time a person gave: ISO 8601, or a date alone in plant time (its first instant for a
    /// lower bound, the next day's for an upper one); refused naming the field and the reason.
    func time(_ text: String, _ field: String, dateAlone: DayBound) throws(ProtocolError) -> Timestamp {
        do throws(DateInputError) {
            return try DateInput.parse(text, plant: floor.plant, dateAlone: dateAlone)
        } catch {
            throw ProtocolError(code: "bad_request", message: "\(field) \(error.description)")
        }
    }

    /// A window [from, to) a person gave, both ends required and in order.
    func window(_ from: String?, _ to: String?, what: String) throws(ProtocolError) -> (from: Timestamp, to: Timestamp) {
        guard let from, let to else { throw ProtocolError(code: "bad_window", message: "\(what) needs from and to (ISO 8601 times or dates)") }
        let f = try time(from, "from", dateAlone: .startOfDay)
        let t = try time(to, "to", dateAlone: .endOfDay)
        guard f < t else {
            throw ProtocolError(code: "bad_window", message: "\(what): from (\(ISOTime.format(f))) must be before to (\(ISOTime.format(t)))")
        }
        try Self.checkWindow(f, t, plant: floor.plant)
        return (f, t)
    }

    /// Refuses a window longer than the plant's `max_query_window`, naming both lengths.
    static func checkWindow(_ from: Timestamp, _ to: Timestamp, plant: PlantConfig) throws(ProtocolError) {
        let span = to.subtractingReportingOverflow(from)
        let seconds = span.overflow ? Double.infinity : Double(span.partialValue) / Double(Nanos.perSecond)
        guard seconds <= plant.maxQueryWindow else {
            func days(_ s: Double) -> String { s.isFinite ? "\(Int((s / 86_400).rounded(.up))) days" : "a window without end" }
            throw ProtocolError(
                code: "bad_window",
                message:
                    "a window of \(days(seconds)) is longer than max_query_window (\(days(plant.maxQueryWindow))): ask for less, or raise max_query_window in the plant file"
            )
        }
    }

    static func reply<R: Codable & Sendable>(_ id: Int?, _ result: R) -> Data {
        encode(Reply(id: id, result: result), id: id)
    }

    private func hello(_ p: Requests.Hello, id: Int?) throws(ProtocolError) -> (reply: Data, action: Action) {
        if let v = p.protocol, v != ConsoleProtocol.version {
            throw ProtocolError(code: "protocol_version", message: "this daemon speaks console protocol \(ConsoleProtocol.version), the client \(v)")
        }
        return (Self.reply(id, Empty()), .none)
    }

    private func reload(_ identity: Identity) throws(ProtocolError) -> ReloadResult {
        guard let reload = reloader.withLockedValue({ $0 }) else {
            throw ProtocolError(code: "unavailable", message: "this daemon cannot reload")
        }
        return try reload(identity)
    }

    private func oeeBoard(_ p: Requests.OEEBoardQuery) throws(ProtocolError) -> OEEBoard {
        let text = p.convention ?? "iso"
        guard let convention = OEEConvention(rawValue: text) else {
            throw ProtocolError(code: "bad_request", message: "convention must be iso or nakajima, not \"\(text)\"")
        }
        var board = try OEEService(floor: floor, store: store, clock: clock).board(convention: convention)
        if let sites = enterprise.withLockedValue({ $0 })?() {
            // The enterprise's own floor is its sites (its plant file usually has no lines).
            let own = floor.plant.lines.isEmpty ? [] : board.rows
            board.rows = sites.oeeRows(enterprise: floor.plant.plant, convention: convention) + own
        }
        return board
    }

    /// Books a downtime reason against a `down` interval, recording who and when.
    func classify(_ r: Requests.Classify, identity: Identity) throws(ProtocolError) -> Classification {
        let machine = r.machine
        var reason = r.reason
        guard !reason.isEmpty else { throw ProtocolError(code: "bad_request", message: "classify needs a reason") }
        guard floor.plant.machines.contains(where: { $0.id == machine }) else {
            throw ProtocolError(code: "unknown_machine", message: "no machine \"\(machine)\" in this plant")
        }
        guard let start = ISOTime.parse(r.start) ?? Timestamp(r.start) else {
            throw ProtocolError(code: "bad_request", message: "start must be an ISO 8601 time or nanoseconds")
        }
        let codes = floor.plant.downtimeReasons.map(\.code)
        if reason == "other" {
            // `other` carries the person's words: they become the reason booked, so the Pareto
            // and the detail say what happened.
            let words = (r.comment ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !words.isEmpty else {
                throw ProtocolError(code: "bad_request", message: "the reason \"other\" needs a comment saying what happened")
            }
            reason = "other: " + String(words.prefix(80))
        } else if !codes.isEmpty && !codes.contains(reason) {
            throw ProtocolError(
                code: "unknown_reason",
                message: "\"\(reason)\" is not a downtime reason of this plant (\(codes.joined(separator: ", ")), or other with a comment)")
        }
        let user = identity.user
        let now = clock()
        let liveReason = floor.live(machine: machine).flatMap { $0.since == start ? $0.reason : nil }
        let open = floor.classify(machine: machine, start: start, reason: reason)
        var found: Bool
        let audit = identity.actor.record(
            Permission.classifyDowntime.rawValue, "machine:\(machine)", at: now, before: open ? liveReason : nil,
            after: "down \(ISOTime.format(start)): \(reason)", comment: r.comment)
        do {
            found = try store.classify(
                machine: machine, start: start, reason: reason, user: user, uid: identity.uid, at: now, closed: !open, audit: audit)
            // A stop that closed a moment ago may still be on its way to the store (the flush
            // writes every 25 ms): wait for it, at most a second, rather than refuse it.
            // Held first, then the store: an interval moves from the daemon to the store and stays
            // there, so one not held before the store was asked is in neither.
            let history = FloorHistory(floor: floor, store: store)
            var waited = 0
            while !found, !open, waited < 40 {
                let held = try history.reading(machine: machine) { h in h.held.intervals.contains { $0.start == start && $0.state == .down } }
                found = try store.classify(
                    machine: machine, start: start, reason: reason, user: user, uid: identity.uid, at: now, closed: true, audit: audit)
                if found || !held { break }
                Thread.sleep(forTimeInterval: 0.025)
                waited += 1
            }
        } catch {
            throw ProtocolError(code: "store_error", message: "cannot record the classification: \(error)")
        }
        guard found else {
            throw ProtocolError(code: "no_such_stop", message: "\(machine) has no down interval starting at \(ISOTime.format(start))")
        }
        return Classification(machine: machine, start: ISOTime.format(start), startNanos: start, reason: reason, user: user, at: ISOTime.format(now))
    }
}
