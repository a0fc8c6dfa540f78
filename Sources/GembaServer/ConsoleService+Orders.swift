import Foundation
import GembaCore
import GembaStore
import NIOConcurrencyHelpers

/// Work orders, queues, the schedule, and the operators' start/pause/finish.
extension ConsoleService {
    func orderRequest(_ r: ClientRequest, identity: Identity) -> Data {
        do throws(ProtocolError) {
            guard let scheduler = scheduler.withLockedValue({ $0 }) else {
                throw ProtocolError(code: "unavailable", message: "this daemon does not schedule")
            }
            switch r.type {
            case "orders": return Self.encode(Reply(id: r.id, result: try orderStatuses(scheduler)))
            case "schedule": return Self.encode(Reply(id: r.id, result: scheduler.plan))
            case "queue":
                guard let m = r.machine, core.plant.machines.contains(where: { $0.id == m }) else {
                    throw ProtocolError(code: "unknown_machine", message: "queue needs a machine of this plant")
                }
                return Self.encode(Reply(id: r.id, result: scheduler.plan.operations.filter { $0.machine == m }))
            case "op_counts":
                guard let id = r.order, let k = r.index else { throw ProtocolError(code: "bad_request", message: "op_counts needs order and index") }
                return Self.encode(Reply(id: r.id, result: try counted(order: id, index: k)))
            case "import_orders", "order_add":
                try authorize(.manageOrders, identity: identity, object: "orders", comment: r.file)
                return Self.encode(Reply(id: r.id, result: try importOrders(r, identity: identity, scheduler: scheduler)))
            case "order_priority", "order_cancel":
                try authorize(.manageOrders, identity: identity, object: "order:\(r.order ?? "?")", comment: r.comment)
                return Self.encode(Reply(id: r.id, result: try changeOrder(r, identity: identity, scheduler: scheduler)))
            default:
                try authorize(.runOperations, identity: identity, object: "order:\(r.order ?? "?")", comment: r.comment)
                return Self.encode(Reply(id: r.id, result: try operationStep(r, identity: identity, scheduler: scheduler)))
            }
        } catch {
            return Self.encode(ErrorReply(id: r.id, error: error))
        }
    }

    /// What the machine counted since the operation started: the default for finishing it.
    func counted(order: String, index: Int) throws(ProtocolError) -> CountedQuantity {
        let progress: [OperationKey: (progress: PlantScheduler.Progress, good: Int, scrap: Int, ended: Timestamp?)]
        let start: (total: Int64, reject: Int64)?
        do {
            progress = try store.progress()
            start = try store.startCounters(order: order, index: index)
        } catch { throw ProtocolError(code: "store_error", message: "\(error)") }
        guard let p = progress[OperationKey(order: order, index: index)] else {
            throw ProtocolError(code: "not_applicable", message: "\(order)/\(index + 1) has not started")
        }
        guard let start, let m = core.live(machine: p.progress.machine), let total = m.countTotal else {
            return CountedQuantity(good: nil, scrap: nil, machine: p.progress.machine)
        }
        // Counters that went down were reset: count from zero, as the engine does.
        let made = total >= start.total ? total - start.total : total
        let bad = (m.countReject ?? 0) >= start.reject ? (m.countReject ?? 0) - start.reject : (m.countReject ?? 0)
        return CountedQuantity(good: Int(max(0, made - bad)), scrap: Int(bad), machine: p.progress.machine)
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
            let routing = core.plant.product(o.product)?.routing ?? []
            let ops = routing.enumerated().map { k, step -> OperationStatus in
                let key = OperationKey(order: o.id, index: k)
                if let p = progress[key] {
                    return OperationStatus(index: k, operation: step.operation, state: p.progress.state.rawValue, machine: p.progress.machine, good: p.good, scrap: p.scrap)
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

    func importOrders(_ r: ClientRequest, identity: Identity, scheduler: SchedulerService) throws(ProtocolError) -> OrderChangeResult {
        let existing: Set<String>
        do { existing = Set(try store.orders().map(\.id)) } catch { throw ProtocolError(code: "store_error", message: "\(error)") }
        let file = r.file ?? "request"
        var text = r.text ?? ""
        if r.type == "order_add" {
            guard let id = r.order, let product = r.product, let qty = r.quantity, let due = r.due else {
                throw ProtocolError(code: "bad_request", message: "order_add needs order, product, quantity and due")
            }
            let obj: [String: Any] = ["order": id, "product": product, "quantity": qty, "due": due, "priority": r.priority ?? 1]
            text = String(decoding: (try? JSONSerialization.data(withJSONObject: [obj])) ?? Data(), as: UTF8.self)
        }
        let orders: [WorkOrder]
        do throws(OrderImport.Errors) {
            orders = try OrderImport.parse(text, file: file, plant: core.plant, existing: existing)
        } catch {
            audit(identity: identity, action: Permission.manageOrders.rawValue, object: "orders", comment: file, outcome: "refused: \(error.errors.count) bad row(s)")
            throw ProtocolError(code: "bad_import", message: "nothing was imported:\n" + error.description)
        }
        let record = AuditRecord(
            seq: 0, at: clock(), user: identity.user, uid: identity.uid, role: identity.roleText,
            action: r.type == "order_add" ? "add_order" : "import_orders", object: "orders",
            after: orders.map { "\($0.id): \($0.quantity) \($0.product) due \(ISOTime.format($0.due)) priority \($0.priority)" }.joined(separator: "; "),
            comment: file)
        let seq: Int64
        do { seq = try store.insertOrders(orders, at: clock(), source: file, audit: record) } catch {
            throw ProtocolError(code: "store_error", message: "nothing was imported: \(error)")
        }
        scheduler.request("\(orders.count) order(s) added")
        return OrderChangeResult(orders: orders.map(\.id), audit: seq)
    }

    func changeOrder(_ r: ClientRequest, identity: Identity, scheduler: SchedulerService) throws(ProtocolError) -> OrderChangeResult {
        guard let id = r.order else { throw ProtocolError(code: "bad_request", message: "\(r.type) needs \"order\"") }
        let all: [WorkOrder]
        do { all = try store.orders() } catch { throw ProtocolError(code: "store_error", message: "\(error)") }
        guard var o = all.first(where: { $0.id == id }) else { throw ProtocolError(code: "unknown_order", message: "no work order \"\(id)\"") }
        let before = "\(o.state.rawValue), priority \(o.priority)"
        if r.type == "order_priority" {
            guard let p = r.priority, (1...1000).contains(p) else { throw ProtocolError(code: "bad_request", message: "priority must be a whole number from 1 to 1000") }
            o.priority = p
        } else {
            guard o.state != .ended && o.state != .aborted else { throw ProtocolError(code: "not_applicable", message: "\(id) is \(o.state.rawValue) already") }
            guard let c = r.comment, !c.isEmpty else { throw ProtocolError(code: "comment_required", message: "cancelling an order needs a reason") }
            o.state = .aborted
        }
        let record = AuditRecord(
            seq: 0, at: clock(), user: identity.user, uid: identity.uid, role: identity.roleText,
            action: r.type == "order_priority" ? "reprioritise_order" : "cancel_order", object: "order:\(id)", before: before,
            after: "\(o.state.rawValue), priority \(o.priority)", comment: r.comment)
        let seq: Int64
        do { seq = try store.updateOrder(o, audit: record) } catch { throw ProtocolError(code: "store_error", message: "\(error)") }
        scheduler.request("order \(id) changed")
        return OrderChangeResult(orders: [id], audit: seq)
    }

    /// op_start, op_pause, op_finish: what an operator does at the machine.
    func operationStep(_ r: ClientRequest, identity: Identity, scheduler: SchedulerService) throws(ProtocolError) -> OrderChangeResult {
        guard let id = r.order, let k = r.index else { throw ProtocolError(code: "bad_request", message: "\(r.type) needs order and index") }
        let orders: [WorkOrder]
        let progress: [OperationKey: (progress: PlantScheduler.Progress, good: Int, scrap: Int, ended: Timestamp?)]
        do {
            orders = try store.orders()
            progress = try store.progress()
        } catch { throw ProtocolError(code: "store_error", message: "\(error)") }
        guard let o = orders.first(where: { $0.id == id }) else { throw ProtocolError(code: "unknown_order", message: "no work order \"\(id)\"") }
        guard o.state.isOpen else { throw ProtocolError(code: "not_applicable", message: "\(id) is \(o.state.rawValue)") }
        guard let routing = core.plant.product(o.product)?.routing, routing.indices.contains(k) else {
            throw ProtocolError(code: "bad_request", message: "\(id) has no operation \(k + 1)")
        }
        let key = OperationKey(order: id, index: k)
        let current = progress[key]
        let now = clock()
        let planned = scheduler.plan.operations.first { $0.order == id && $0.index == k }
        let machine = r.machine ?? current?.progress.machine ?? planned?.machine ?? routing[k].machines[0].machine
        guard routing[k].machines.contains(where: { $0.machine == machine }) else {
            throw ProtocolError(code: "bad_request", message: "\(routing[k].operation) of \(id) cannot run on \(machine)")
        }
        let state: PlantScheduler.Progress.State
        var good = current?.good ?? 0, scrap = current?.scrap ?? 0
        switch r.type {
        case "op_start":
            // Scanned input lots must exist, be available and on no hold: refused with the reason.
            for input in r.lots ?? [] {
                let lot: Lot?
                do { lot = try store.lot(input.lot) } catch { throw ProtocolError(code: "store_error", message: "\(error)") }
                guard let lot else { throw ProtocolError(code: "unknown_lot", message: "no lot \(input.lot)") }
                if let h = lot.holds.first { throw ProtocolError(code: "refused", message: "lot \(lot.id) is on hold #\(h): it cannot be used") }
                guard lot.status == .available else { throw ProtocolError(code: "refused", message: "lot \(lot.id) is \(lot.status.rawValue): it cannot be used") }
            }
            if current?.progress.state == .done { throw ProtocolError(code: "not_applicable", message: "\(key) is finished") }
            if current?.progress.state == .running { throw ProtocolError(code: "not_applicable", message: "\(key) is running already") }
            if k > 0, progress[OperationKey(order: id, index: k - 1)]?.progress.state != .done {
                throw ProtocolError(code: "not_applicable", message: "\(key) waits for \(OperationKey(order: id, index: k - 1)) to finish")
            }
            state = .running
        case "op_pause":
            guard current?.progress.state == .running else { throw ProtocolError(code: "not_applicable", message: "\(key) is not running") }
            state = .paused
        case "op_finish":
            guard current?.progress.state == .running || current?.progress.state == .paused else {
                throw ProtocolError(code: "not_applicable", message: "\(key) has not started")
            }
            guard let g = r.good, let s = r.scrap, g >= 0, s >= 0 else {
                throw ProtocolError(code: "bad_request", message: "finishing needs good and scrap quantities (0 or more)")
            }
            good = g
            scrap = s
            state = .done
        default:
            throw ProtocolError(code: "unknown_request", message: "unknown request type \"\(r.type)\"")
        }
        if state == .done, let out = r.lot, !out.isEmpty {
            // The output lot is checked before anything is recorded.
            guard good > 0 else { throw ProtocolError(code: "bad_request", message: "an output lot needs a good quantity above zero") }
            if (try? store.lot(out)) ?? nil != nil { throw ProtocolError(code: "refused", message: "lot \(out) exists already") }
        }
        let lastDone = state == .done && k == routing.count - 1
        let orderState: WorkOrder.State = lastDone ? .ended : (state == .paused ? .interrupted : .running)
        let record = AuditRecord(
            seq: 0, at: now, user: identity.user, uid: identity.uid, role: identity.roleText, action: r.type, object: "operation:\(key)",
            before: current?.progress.state.rawValue ?? "planned", after: state.rawValue + (state == .done ? " (\(good) good, \(scrap) scrap)" : "") + " on \(machine)",
            comment: r.comment)
        let seq: Int64
        do {
            let live = core.live(machine: machine)
            let counters = state == .running ? live.flatMap { m in m.countTotal.map { ($0, m.countReject ?? 0) } } : nil
            seq = try store.recordProgress(
                order: id, index: k, state: state, machine: machine, started: state == .running ? now : current?.progress.started,
                ended: state == .done ? now : nil, good: good, scrap: scrap, orderState: orderState, startCounters: counters, audit: record)
        } catch { throw ProtocolError(code: "store_error", message: "\(error)") }
        if state == .running, let inputs = r.lots, !inputs.isEmpty {
            try? store.setOperationInputs(order: id, index: k, inputs: inputs)
        }
        // Finishing with an output lot records it, made from the lots scanned at the start.
        if state == .done, let out = r.lot, !out.isEmpty {
            let inputs = (try? store.operationInputs(order: id, index: k)) ?? []
            var consumed: [LotQuantity] = []
            for i in inputs {
                let left = (try? store.lot(i.lot))??.quantity ?? 0
                consumed.append(LotQuantity(lot: i.lot, quantity: i.quantity ?? left))
            }
            let produce = ClientRequest(
                type: "lot_produce", machine: machine, order: id, index: k, lot: out, material: o.product, amount: Double(good),
                lots: consumed.filter { ($0.quantity ?? 0) > 0 })
            _ = try moveLot(produce, identity: identity)
        }
        scheduler.request("\(key) \(state.rawValue)")
        return OrderChangeResult(orders: [id], audit: seq)
    }
}
