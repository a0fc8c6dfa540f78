import Foundation
import GembaCore
import GembaExchange
import GembaStore
import NIOConcurrencyHelpers

/// Work orders, queues, the schedule, and the operators' start/pause/finish.
extension ConsoleService {
    /// The scheduler, for the requests that need one.
    func scheduling() throws(ProtocolError) -> SchedulerService {
        guard let scheduler = scheduler.withLockedValue({ $0 }) else {
            throw ProtocolError(code: "unavailable", message: "this daemon does not schedule")
        }
        return scheduler
    }

    func queue(_ r: Requests.Queue) throws(ProtocolError) -> [PlannedOperation] {
        let scheduler = try scheduling()
        guard floor.plant.machines.contains(where: { $0.id == r.machine }) else {
            throw ProtocolError(code: "unknown_machine", message: "no machine \"\(r.machine)\" in this plant")
        }
        return scheduler.plan.operations.filter { $0.machine == r.machine }
    }

    /// What the machine counted since the operation started: the default for finishing it.
    func counted(order: String, index: Int) throws(ProtocolError) -> CountedQuantity {
        let progress: [OperationKey: (progress: PlantScheduler.Progress, good: Int, scrap: Int, ended: Timestamp?)]
        let start: (total: Int64, reject: Int64)?
        let quantity: Int?
        do {
            progress = try store.progress()
            start = try store.startCounters(order: order, index: index)
            quantity = try store.orders().first { $0.id == order }?.quantity
        } catch { throw ProtocolError(code: "store_error", message: "cannot read \(order): \(error)") }
        guard let p = progress[OperationKey(order: order, index: index)] else {
            throw ProtocolError(code: "not_applicable", message: "\(order)/\(index + 1) has not started")
        }
        guard let start, let m = floor.live(machine: p.progress.machine), let total = m.countTotal else {
            return CountedQuantity(good: nil, scrap: nil, machine: p.progress.machine, quantity: quantity)
        }
        // Counters that went down were reset: count from zero, as the engine does.
        let made = total >= start.total ? total - start.total : total
        let bad = (m.countReject ?? 0) >= start.reject ? (m.countReject ?? 0) - start.reject : (m.countReject ?? 0)
        return CountedQuantity(good: Int(max(0, made - bad)), scrap: Int(bad), machine: p.progress.machine, quantity: quantity)
    }

    func orderStatuses(_ scheduler: SchedulerService) throws(ProtocolError) -> [OrderStatus] {
        let orders: [WorkOrder]
        let progress: [OperationKey: (progress: PlantScheduler.Progress, good: Int, scrap: Int, ended: Timestamp?)]
        do {
            orders = try store.orders()
            progress = try store.progress()
        } catch {
            throw ProtocolError(code: "store_error", message: "cannot read the orders: \(error)")
        }
        let plan = scheduler.plan
        return orders.map { o in
            let routing = floor.plant.product(o.product)?.routing ?? []
            let ops = routing.enumerated().map { k, step -> OperationStatus in
                let key = OperationKey(order: o.id, index: k)
                if let p = progress[key] {
                    return OperationStatus(
                        index: k, operation: step.operation, state: p.progress.state.rawValue, machine: p.progress.machine, good: p.good,
                        scrap: p.scrap)
                }
                if let planned = plan.operations.first(where: { $0.order == o.id && $0.index == k }) {
                    return OperationStatus(index: k, operation: step.operation, state: "planned", machine: planned.machine, good: 0, scrap: 0)
                }
                let state = plan.unscheduled.contains { $0.order == o.id && $0.index == k } ? "unscheduled" : "waiting"
                return OperationStatus(index: k, operation: step.operation, state: state, machine: nil, good: 0, scrap: 0)
            }
            let last = plan.operations.filter { $0.order == o.id }.max { $0.index < $1.index }
            return OrderStatus(
                id: o.id, product: o.product, quantity: o.quantity, due: ISOTime.format(o.due), priority: o.priority,
                release: o.release.map(ISOTime.format), state: o.state.rawValue, operations: ops, plannedEnd: last?.end,
                lateness: last.map { max(0, Int(($0.endNanos - o.due) / Nanos.perSecond)) })
        }
    }

    func importOrders(_ r: Requests.ImportOrders, identity: Identity) throws(ProtocolError) -> OrderChangeResult {
        try insertOrders(text: r.text, file: r.file ?? "request", action: "import_orders", identity: identity)
    }

    func addOrder(_ r: Requests.OrderAdd, identity: Identity) throws(ProtocolError) -> OrderChangeResult {
        let row: [String: Any] = ["order": r.order, "product": r.product, "quantity": r.quantity, "due": r.due, "priority": r.priority ?? 1]
        let text: String
        do {
            text = String(decoding: try JSONSerialization.data(withJSONObject: [row]), as: UTF8.self)
        } catch {
            throw ProtocolError(code: "bad_request", message: "the order cannot be written as a row: \(error)")
        }
        return try insertOrders(text: text, file: "request", action: "add_order", identity: identity)
    }

    /// Orders from a file's text, all or none, checked by `OrderImport` against the plant and the
    /// orders stored in the same transaction that adds them.
    private func insertOrders(text: String, file: String, action: String, identity: Identity) throws(ProtocolError) -> OrderChangeResult {
        let scheduler = try scheduling()
        let now = clock()
        let added: (orders: [WorkOrder], seq: Int64)
        do {
            added = try store.insertOrders(at: now, source: file) { existing throws -> ([WorkOrder], AuditRecord) in
                let orders: [WorkOrder]
                do throws(OrderImport.Errors) {
                    orders = try Self.readOrders(text, file: file, plant: floor.plant, existing: existing)
                } catch {
                    throw Refusal("bad_import", "nothing was imported:\n" + error.description)
                }
                let after = orders.map { "\($0.id): \($0.quantity) \($0.product) due \(ISOTime.format($0.due)) priority \($0.priority)" }
                return (orders, identity.actor.record(action, "orders", at: now, after: after.joined(separator: "; "), comment: file))
            }
        } catch let refusal as Refusal {
            throw ProtocolError(code: refusal.code, message: refusal.message)  // audited with the request, as every refusal
        } catch {
            throw ProtocolError(code: "store_error", message: "nothing was imported: \(error)")
        }
        scheduler.request("\(added.orders.count) order(s) added")
        return OrderChangeResult(orders: added.orders.map(\.id), audit: added.seq)
    }

    /// An ERP's file: a B2MML `OperationsSchedule` (XML), else CSV or JSON.
    static func readOrders(_ text: String, file: String, plant: PlantConfig, existing: Set<String>) throws(OrderImport.Errors) -> [WorkOrder] {
        let start = text.unicodeScalars.first { !" \t\r\n\u{FEFF}".unicodeScalars.contains($0) }
        if start == "<" { return try B2MMLSchedule.orders(xml: text, file: file, plant: plant, existing: existing) }
        return try OrderImport.parse(text, file: file, plant: plant, existing: existing)
    }

    func reprioritise(_ r: Requests.OrderPriority, identity: Identity) throws(ProtocolError) -> OrderChangeResult {
        try changeOrder(r.order, identity: identity) { o, _, now throws(Refusal) in
            try OrderDecision.reprioritise(o, id: r.order, to: r.priority, comment: r.comment, by: identity.actor, at: now)
        }
    }

    func cancel(_ r: Requests.OrderCancel, identity: Identity) throws(ProtocolError) -> OrderChangeResult {
        try changeOrder(r.order, identity: identity) { o, running, now throws(Refusal) in
            try OrderDecision.cancel(o, id: r.order, comment: r.comment, running: running, by: identity.actor, at: now)
        }
    }

    private func changeOrder(
        _ id: String, identity: Identity,
        decide: @escaping (WorkOrder?, [OperationKey: String], Timestamp) throws(Refusal) -> (WorkOrder, AuditRecord)
    ) throws(ProtocolError) -> OrderChangeResult {
        let scheduler = try scheduling()
        let now = clock()
        let seq: Int64
        do {
            seq = try store.changeOrder(id) { o, running in try decide(o, running, now) }
        } catch let refusal as Refusal {
            throw ProtocolError(code: refusal.code, message: refusal.message)
        } catch {
            throw ProtocolError(code: "store_error", message: "\(id) is unchanged: \(error)")
        }
        scheduler.request("order \(id) changed")
        return OrderChangeResult(orders: [id], audit: seq)
    }

    /// op_start, op_pause, op_finish: decided by `OperationDecision` on what is stored, in the
    /// transaction that writes the step (and, at a finish with an output lot, that lot).
    func operationStep(_ r: some OperationStepPayload, _ step: OperationDecision.Step, identity: Identity) throws(ProtocolError) -> OrderChangeResult
    {
        let scheduler = try scheduling()
        let now = clock()
        let plant = floor.plant
        let planned = scheduler.plan.operations.first { $0.order == r.order && $0.index == r.index }
        var scanned: [String] = []
        var output: String?
        switch step {
        case .start(let lots): scanned = lots.map(\.lot)
        case .finish(_, _, let lot, _): output = lot.flatMap { $0.isEmpty ? nil : $0 }
        case .pause: break
        }
        // The machine's counters when the step starts it: what the finish's default counts from.
        let machineGuess = r.machine ?? planned?.machine
        let counters = machineGuess.flatMap { floor.live(machine: $0) }.flatMap { m in m.countTotal.map { ($0, m.countReject ?? 0) } }
        let done: (change: OperationDecision.Change, audit: Int64)
        do {
            done = try store.operationStep(
                order: r.order, index: r.index, scanned: scanned, outputLot: output, startCounters: counters,
                material: { plant.material($0) },
                decide: { stored throws(Refusal) in
                    let context = OperationDecision.Context(
                        order: stored.order, routing: stored.order.flatMap { plant.product($0.product)?.routing }, current: stored.current,
                        previous: stored.previous, plannedMachine: planned?.machine, scanned: stored.scanned, outputLotExists: stored.outputLotExists,
                        overrunTolerance: plant.scheduling.overrunTolerance, running: stored.running)
                    return try OperationDecision.decide(
                        step, order: r.order, index: r.index, machine: r.machine, comment: r.comment, context: context, by: identity.actor, at: now)
                })
        } catch let refusal as Refusal {
            throw ProtocolError(code: refusal.code, message: refusal.message)
        } catch let e as LotError {
            throw ProtocolError(code: "refused", message: e.message)
        } catch {
            throw ProtocolError(code: "store_error", message: "\(OperationKey(order: r.order, index: r.index)) is unchanged: \(error)")
        }
        scheduler.request("\(done.change.key) \(done.change.progress.state.rawValue)")
        return OrderChangeResult(orders: [r.order], audit: done.audit)
    }
}
