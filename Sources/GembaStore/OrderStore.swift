import Foundation
import GRDB
import GembaCore

/// Work orders, operation progress and the schedule in force.
extension FloorStore {
    /// Adds orders, all or none, in one transaction: `decide` gets the ids stored now (an
    /// import checks its rows against them) and returns the orders with their audit record.
    @discardableResult
    public func insertOrders(
        at now: Timestamp, source: String?, decide: (Set<String>) throws -> ([WorkOrder], AuditRecord)
    ) throws -> (
        orders: [WorkOrder], seq: Int64
    ) {
        try pool.write { db in
            let (orders, audit) = try decide(Set(try String.fetchAll(db, sql: "SELECT id FROM work_order")))
            let stmt = try db.cachedStatement(
                sql:
                    "INSERT INTO work_order(id, product, quantity, due_ns, priority, release_ns, state, created_ns, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
            )
            for o in orders {
                try stmt.execute(arguments: [o.id, o.product, o.quantity, o.due, o.priority, o.release, o.state.rawValue, now, source])
            }
            return (orders, try self.append(audit, db).seq)
        }
    }

    /// Changes one order in one transaction: the order as stored now goes to `decide` (a pure
    /// decision in GembaCore), and what it returns is written with its audit record. Two people
    /// changing one order get one winner; the other's decision sees the winner's change.
    @discardableResult
    public func changeOrder(_ id: String, decide: (WorkOrder?, _ running: [OperationKey: String]) throws -> (WorkOrder, AuditRecord)) throws -> Int64
    {
        try pool.write { db in
            let (o, audit) = try decide(try Self.order(id, db), try Self.runningOperations(db).filter { $0.key.order == id })
            try db.execute(
                sql: "UPDATE work_order SET quantity = ?, due_ns = ?, priority = ?, release_ns = ?, state = ? WHERE id = ?",
                arguments: [o.quantity, o.due, o.priority, o.release, o.state.rawValue, o.id])
            return try self.append(audit, db).seq
        }
    }

    static func order(_ id: String, _ db: Database) throws -> WorkOrder? {
        try Row.fetchOne(db, sql: "SELECT * FROM work_order WHERE id = ?", arguments: [id]).map(Self.order)
    }

    static func order(_ r: Row) -> WorkOrder {
        WorkOrder(
            id: r["id"], product: r["product"], quantity: r["quantity"], due: r["due_ns"], priority: r["priority"],
            release: r["release_ns"], state: WorkOrder.State(rawValue: r["state"]) ?? .released)
    }

    public func orders() throws -> [WorkOrder] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM work_order ORDER BY due_ns, id").map(Self.order)
        }
    }

    /// What an operator's step is decided on, as stored when the step's transaction began.
    public struct StoredOperation: Sendable {
        public var order: WorkOrder?
        public var current: OperationDecision.Progress?
        public var previous: OperationDecision.Progress?
        public var scanned: [String: Lot?]
        public var outputLotExists: Bool
        /// Every running operation and its machine: a machine runs one at a time.
        public var running: [OperationKey: String]
    }

    /// An operator's step (start, pause, finish) in one transaction: what it depends on is read,
    /// `decide` (a pure decision in GembaCore) rules on it, and its change is written with the
    /// audit record: the progress, the order's state, the input lots scanned at start, and at a
    /// finish with an output lot that lot, made from the inputs scanned at start (a scan without
    /// a quantity takes what is left of the lot). Racing steps get one winner.
    @discardableResult
    public func operationStep(
        order id: String, index k: Int, scanned: [String], outputLot: String?, startCounters: (total: Int64, reject: Int64)?,
        material: (String) -> MaterialConfig?, decide: (StoredOperation) throws -> OperationDecision.Change
    ) throws -> (change: OperationDecision.Change, audit: Int64) {
        try pool.write { db in
            var lots: [String: Lot?] = [:]
            for l in scanned { lots[l] = try Self.lot(l, db) }
            let stored = StoredOperation(
                order: try Self.order(id, db), current: try Self.operation(id, k, db), previous: k > 0 ? try Self.operation(id, k - 1, db) : nil,
                scanned: lots, outputLotExists: try outputLot.map { try Self.lot($0, db) != nil } ?? false,
                running: try Self.runningOperations(db))
            let change = try decide(stored)
            let p = change.progress
            let inputs = try change.inputs.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
            let counters = p.state == .running ? startCounters : nil
            try db.execute(
                sql: """
                    INSERT INTO operation_progress(order_id, idx, state, machine, started_ns, ended_ns, good, scrap, start_total, start_reject, inputs)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(order_id, idx) DO UPDATE SET state = excluded.state, machine = excluded.machine,
                      started_ns = COALESCE(operation_progress.started_ns, excluded.started_ns), ended_ns = excluded.ended_ns,
                      good = excluded.good, scrap = excluded.scrap,
                      start_total = COALESCE(operation_progress.start_total, excluded.start_total),
                      start_reject = COALESCE(operation_progress.start_reject, excluded.start_reject),
                      inputs = COALESCE(excluded.inputs, operation_progress.inputs)
                    """,
                arguments: [id, k, p.state.rawValue, p.machine, p.started, change.ended, p.good, p.scrap, counters?.total, counters?.reject, inputs])
            try db.execute(sql: "UPDATE work_order SET state = ? WHERE id = ?", arguments: [change.orderState.rawValue, id])
            let seq = try self.append(change.audit, db).seq
            if let out = change.outputLot {
                guard let m = material(change.product) else {
                    throw Refusal("unknown_material", "product \(change.product) is not a material of the plant file")
                }
                var taken: [(lot: String, quantity: Double)] = []
                for i in try Self.operationInputs(id, k, db) {
                    guard let lot = try Self.lot(i.lot, db) else { throw Refusal("unknown_lot", "no lot \(i.lot)") }
                    let q = i.quantity ?? lot.quantity
                    if q > 0 { taken.append((i.lot, q)) }
                }
                var record = change.audit
                record.action = "produce_lot"
                record.object = "lot:\(out)"
                record.before = nil
                record.after =
                    "\(DurationText.number(Double(p.good))) \(m.unit) \(m.id) from \(taken.map { "\($0.lot):\(DurationText.number($0.quantity))" }.joined(separator: ", "))"
                record.comment = nil
                _ = try self.produce(
                    out, material: m, quantity: Double(p.good), inputs: taken, machine: p.machine, workOrder: id, operation: change.operation,
                    user: change.audit.user, at: change.audit.at, audit: record, db)
            }
            return (change, seq)
        }
    }

    /// Every running operation with its machine.
    static func runningOperations(_ db: Database) throws -> [OperationKey: String] {
        var out: [OperationKey: String] = [:]
        for r in try Row.fetchAll(db, sql: "SELECT order_id, idx, machine FROM operation_progress WHERE state = 'running'") {
            out[OperationKey(order: r["order_id"], index: r["idx"])] = r["machine"]
        }
        return out
    }

    static func operation(_ id: String, _ k: Int, _ db: Database) throws -> OperationDecision.Progress? {
        try Row.fetchOne(db, sql: "SELECT * FROM operation_progress WHERE order_id = ? AND idx = ?", arguments: [id, k]).map { r in
            OperationDecision.Progress(
                state: PlantScheduler.Progress.State(rawValue: r["state"]) ?? .paused, machine: r["machine"], started: r["started_ns"],
                good: r["good"], scrap: r["scrap"])
        }
    }

    /// The input lots scanned at an operation's start; a stored list that does not decode is a
    /// `StoredValueError` naming the row (a finish must not make its lot from no inputs).
    static func operationInputs(_ id: String, _ k: Int, _ db: Database) throws -> [LotQuantity] {
        guard let text = try String.fetchOne(db, sql: "SELECT inputs FROM operation_progress WHERE order_id = ? AND idx = ?", arguments: [id, k])
        else { return [] }
        do {
            return try JSONDecoder().decode([LotQuantity].self, from: Data(text.utf8))
        } catch {
            throw StoredValueError(
                table: "operation_progress", row: "order_id \(id), idx \(k)", column: "inputs", reason: "not a list of lots and quantities: \(error)")
        }
    }

    /// Every operation's progress, keyed by operation, with good and scrap so far.
    public func progress() throws -> [OperationKey: (progress: PlantScheduler.Progress, good: Int, scrap: Int, ended: Timestamp?)] {
        try pool.read { db in
            var out: [OperationKey: (PlantScheduler.Progress, Int, Int, Timestamp?)] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT * FROM operation_progress") {
                let key = OperationKey(order: r["order_id"], index: r["idx"])
                let p = PlantScheduler.Progress(
                    state: PlantScheduler.Progress.State(rawValue: r["state"]) ?? .paused, machine: r["machine"], started: r["started_ns"],
                    remaining: 0)
                out[key] = (p, r["good"], r["scrap"], r["ended_ns"])
            }
            return out
        }
    }

    /// Records the input lots scanned at an operation's start.
    public func setOperationInputs(order: String, index: Int, inputs: [LotQuantity]) throws {
        let json = String(decoding: try JSONEncoder().encode(inputs), as: UTF8.self)
        try pool.write { db in
            try db.execute(sql: "UPDATE operation_progress SET inputs = ? WHERE order_id = ? AND idx = ?", arguments: [json, order, index])
        }
    }

    /// The input lots scanned at an operation's start (none when it has not started or scanned
    /// none); a stored list that does not decode is a `StoredValueError` naming the row.
    public func operationInputs(order: String, index: Int) throws -> [LotQuantity] {
        try pool.read { db in try Self.operationInputs(order, index, db) }
    }

    /// The machine's counters when an operation started, if it reported any.
    public func startCounters(order: String, index: Int) throws -> (total: Int64, reject: Int64)? {
        try pool.read { db in
            guard
                let r = try Row.fetchOne(
                    db, sql: "SELECT start_total, start_reject FROM operation_progress WHERE order_id = ? AND idx = ?", arguments: [order, index]),
                let t = r["start_total"] as Int64?, let j = r["start_reject"] as Int64?
            else { return nil }
            return (t, j)
        }
    }

    public func savePlan(_ plan: PlantSchedule) throws {
        let data = try JSONEncoder().encode(plan)
        try pool.write { db in
            try db.execute(
                sql: "INSERT OR REPLACE INTO schedule_plan(id, generated_ns, plan) VALUES (1, ?, ?)",
                arguments: [plan.generatedNanos, String(decoding: data, as: UTF8.self)])
        }
    }

    /// The schedule last saved, nil when none was; one that does not decode (written by
    /// another version, or damaged) is a `StoredValueError` naming the row.
    public func loadPlan() throws -> PlantSchedule? {
        try pool.read { db in
            guard let text = try String.fetchOne(db, sql: "SELECT plan FROM schedule_plan WHERE id = 1") else { return nil }
            do {
                return try JSONDecoder().decode(PlantSchedule.self, from: Data(text.utf8))
            } catch {
                throw StoredValueError(table: "schedule_plan", row: "id 1", column: "plan", reason: "not a schedule: \(error)")
            }
        }
    }
}
