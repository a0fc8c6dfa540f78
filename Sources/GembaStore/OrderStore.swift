import Foundation
import GRDB
import GembaCore

/// Work orders, operation progress and the schedule in force.
extension FloorStore {
    /// Adds orders, all or none, with their audit record in the same transaction.
    @discardableResult
    public func insertOrders(_ orders: [WorkOrder], at now: Timestamp, source: String?, audit: AuditRecord) throws -> Int64 {
        try pool.write { db in
            let stmt = try db.cachedStatement(
                sql: "INSERT INTO work_order(id, product, quantity, due_ns, priority, release_ns, state, created_ns, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
            for o in orders {
                try stmt.execute(arguments: [o.id, o.product, o.quantity, o.due, o.priority, o.release, o.state.rawValue, now, source])
            }
            return try Self.append(audit, db).seq
        }
    }

    /// Changes one order (priority, due date, state), with its audit record.
    @discardableResult
    public func updateOrder(_ o: WorkOrder, audit: AuditRecord) throws -> Int64 {
        try pool.write { db in
            try db.execute(
                sql: "UPDATE work_order SET quantity = ?, due_ns = ?, priority = ?, release_ns = ?, state = ? WHERE id = ?",
                arguments: [o.quantity, o.due, o.priority, o.release, o.state.rawValue, o.id])
            return try Self.append(audit, db).seq
        }
    }

    public func orders() throws -> [WorkOrder] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM work_order ORDER BY due_ns, id").map { r in
                WorkOrder(
                    id: r["id"], product: r["product"], quantity: r["quantity"], due: r["due_ns"], priority: r["priority"],
                    release: r["release_ns"], state: WorkOrder.State(rawValue: r["state"]) ?? .released)
            }
        }
    }

    /// Records an operation's progress (start, pause, finish) with its audit record; the order's state follows.
    @discardableResult
    public func recordProgress(
        order: String, index: Int, state: PlantScheduler.Progress.State, machine: String, started: Timestamp?, ended: Timestamp?,
        good: Int, scrap: Int, orderState: WorkOrder.State, startCounters: (total: Int64, reject: Int64)? = nil, audit: AuditRecord
    ) throws -> Int64 {
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO operation_progress(order_id, idx, state, machine, started_ns, ended_ns, good, scrap, start_total, start_reject)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(order_id, idx) DO UPDATE SET state = excluded.state, machine = excluded.machine,
                      started_ns = COALESCE(operation_progress.started_ns, excluded.started_ns), ended_ns = excluded.ended_ns,
                      good = excluded.good, scrap = excluded.scrap,
                      start_total = COALESCE(operation_progress.start_total, excluded.start_total),
                      start_reject = COALESCE(operation_progress.start_reject, excluded.start_reject)
                    """, arguments: [order, index, state.rawValue, machine, started, ended, good, scrap, startCounters?.total, startCounters?.reject])
            try db.execute(sql: "UPDATE work_order SET state = ? WHERE id = ?", arguments: [orderState.rawValue, order])
            return try Self.append(audit, db).seq
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

    /// The input lots scanned at an operation's start.
    public func operationInputs(order: String, index: Int) throws -> [LotQuantity] {
        try pool.read { db in
            guard let text = try String.fetchOne(db, sql: "SELECT inputs FROM operation_progress WHERE order_id = ? AND idx = ?", arguments: [order, index])
            else { return [] }
            return (try? JSONDecoder().decode([LotQuantity].self, from: Data(text.utf8))) ?? []
        }
    }

    /// The machine's counters when an operation started, if it reported any.
    public func startCounters(order: String, index: Int) throws -> (total: Int64, reject: Int64)? {
        try pool.read { db in
            guard let r = try Row.fetchOne(
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

    public func loadPlan() throws -> PlantSchedule? {
        try pool.read { db in
            guard let text = try String.fetchOne(db, sql: "SELECT plan FROM schedule_plan WHERE id = 1") else { return nil }
            return try? JSONDecoder().decode(PlantSchedule.self, from: Data(text.utf8))
        }
    }
}
