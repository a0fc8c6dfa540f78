import GRDB
import GembaCore

/// Maintenance plans in the store: when each plan's meter started (done, or first seen), and
/// its reading worked out again from the intervals and counts after a restart.
extension FloorStore {
    /// Each plan's reading: since when it counts, and the running time and cycles the store
    /// has since then. A plan the store has never seen starts at its `last_done`, else at
    /// `now` (and is kept so).
    public func maintenanceReadings(_ plans: [MaintenancePlan], now: Timestamp) throws -> [MaintenanceMeterReading] {
        try pool.write { db in
            try plans.map { p in
                let row = try Row.fetchOne(
                    db, sql: "SELECT since_ns, done_by, comment FROM maintenance_plan WHERE machine = ? AND plan = ?", arguments: [p.machine, p.id])
                var reading = MaintenanceMeterReading(since: p.lastDone ?? now)
                if let row {
                    reading = MaintenanceMeterReading(since: row[0], doneBy: row[1], comment: row[2])
                    // Never done in Gemba: the plant file's last_done says when it was (corrected
                    // there, it is corrected here).
                    if reading.doneBy == nil, let last = p.lastDone, last != reading.since {
                        reading.since = last
                        try db.execute(
                            sql: "UPDATE maintenance_plan SET since_ns = ? WHERE machine = ? AND plan = ?", arguments: [last, p.machine, p.id])
                    }
                } else {
                    try db.execute(
                        sql: "INSERT INTO maintenance_plan(machine, plan, since_ns) VALUES (?, ?, ?)", arguments: [p.machine, p.id, reading.since])
                }
                let since = reading.since
                reading.running =
                    try Int64.fetchOne(
                        db,
                        sql: """
                            SELECT COALESCE(SUM(end_ns - MAX(start_ns, ?)), 0) FROM state_interval
                            WHERE machine_id = ? AND state = 'running' AND end_ns > ?
                            """, arguments: [since, p.machine, since]) ?? 0
                reading.cycles =
                    try Int64.fetchOne(
                        db, sql: "SELECT COALESCE(SUM(total), 0) FROM minute_count WHERE machine_id = ? AND minute > ?",
                        arguments: [p.machine, Nanos.minute(since)]) ?? 0
                return reading
            }
        }
    }

    /// A plan done, with its audit record, in one transaction.
    public func recordMaintenance(_ plan: MaintenancePlan, _ reading: MaintenanceMeterReading, audit: AuditRecord) throws -> AuditRecord {
        try pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO maintenance_plan(machine, plan, since_ns, done_by, comment) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(machine, plan) DO UPDATE SET since_ns = excluded.since_ns, done_by = excluded.done_by, comment = excluded.comment
                    """, arguments: [plan.machine, plan.id, reading.since, reading.doneBy, reading.comment])
            return try self.append(audit, db)
        }
    }
}
