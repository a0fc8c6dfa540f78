import Foundation
import GRDB
import GembaCore

/// The plant's one SQLite database (WAL): the daemon writes it, in one
/// transaction per batch of engine changes; queries read it concurrently.
///
/// Thread-safe: GRDB's `DatabasePool` serialises writes and runs reads in parallel.
public final class FloorStore: Sendable {
    let pool: DatabasePool
    public let path: String
    /// Per machine, how many batches of its data were written: a cached shift
    /// ledger computed from an older version is not saved.
    let versions = VersionTable()
    /// The audit key: records from its `from` on are anchored with it (nil: not anchored).
    public let auditKey: AuditKey?

    /// Opens (creating if needed) the database at `path` and runs pending migrations.
    public init(path: String, auditKey: AuditKey? = nil) throws {
        self.auditKey = auditKey
        var config = Configuration()
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        self.pool = try DatabasePool(path: path, configuration: config)
        self.path = path
        try Migrations.migrator.migrate(pool)
    }

    /// Names of the migrations applied, in order.
    public func appliedMigrations() throws -> [String] {
        try pool.read { db in try Migrations.migrator.appliedMigrations(db) }
    }

    /// Records the plant's lines and machines as the configuration has them now.
    public func syncPlant(_ plant: PlantConfig) throws {
        try pool.write { db in
            for (li, line) in plant.lines.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO line(id, name, position) VALUES (?, ?, ?)
                        ON CONFLICT(id) DO UPDATE SET name = excluded.name, position = excluded.position
                        """, arguments: [line.id, line.name, li])
                for (mi, m) in line.machines.enumerated() {
                    try db.execute(
                        sql: """
                            INSERT INTO machine(id, line_id, name, ideal_cycle_time, position) VALUES (?, ?, ?, ?, ?)
                            ON CONFLICT(id) DO UPDATE SET line_id = excluded.line_id, name = excluded.name,
                              ideal_cycle_time = excluded.ideal_cycle_time, position = excluded.position
                            """, arguments: [m.id, line.id, m.name, m.idealCycleTime, mi])
                }
            }
        }
    }

    /// The live rows saved by the last run, process values included.
    public func loadLive() throws -> [MachineLive] {
        try pool.read { db in
            var byID: [String: MachineLive] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM machine_live") {
                let m = Self.machineLive(row)
                byID[m.id] = m
            }
            for row in try Row.fetchAll(db, sql: "SELECT * FROM process_value ORDER BY machine_id, name") {
                let id: String = row["machine_id"]
                byID[id]?.processValues.append(ProcessValue(name: row["name"], value: row["value"], at: row["at_ns"]))
            }
            return byID.values.sorted { $0.id < $1.id }
        }
    }

    /// A `machine_live` row, without its process values.
    static func machineLive(_ row: Row) -> MachineLive {
        let id: String = row["machine_id"]
        var m = MachineLive(id: id, since: row["since"])
        let state: String = row["state"]
        m.state = MachineState(rawValue: state) ?? .offline
        m.reason = row["reason"]
        m.lastSeen = row["last_seen"]
        m.lastReceived = row["last_received"]
        m.resumeState = (row["resume_state"] as String?).flatMap(MachineState.init(rawValue:))
        m.resumeReason = row["resume_reason"]
        m.countTotal = row["count_total"]
        m.countReject = row["count_reject"]
        m.shiftStart = row["shift_start"]
        m.shiftName = row["shift_name"]
        m.shiftTotal = row["shift_total"]
        m.shiftReject = row["shift_reject"]
        return m
    }

    /// Writes a machine's live row and, unless `values` is false, its process values, inside
    /// the caller's transaction.
    static func saveLive(_ m: MachineLive, _ db: Database, values: Bool = true) throws {
        let live = try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO machine_live(machine_id, state, reason, since, last_seen, last_received,
                  resume_state, resume_reason, count_total, count_reject, shift_start, shift_name,
                  shift_total, shift_reject)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
        let pv = try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO process_value(machine_id, name, value, at_ns) VALUES (?, ?, ?, ?)")
        try live.execute(arguments: [
            m.id, m.state.rawValue, m.reason, m.since, m.lastSeen, m.lastReceived,
            m.resumeState?.rawValue, m.resumeReason, m.countTotal, m.countReject, m.shiftStart,
            m.shiftName, m.shiftTotal, m.shiftReject,
        ])
        for p in m.processValues where values {
            try pv.execute(arguments: [m.id, p.name, p.value, p.at])
        }
        if !m.hasReported {
            // A machine reset to never having reported keeps no process value either.
            try db.execute(sql: "DELETE FROM process_value WHERE machine_id = ?", arguments: [m.id])
        }
    }

    /// Persists one batch of engine changes in one transaction: all of it or none.
    public func write(_ changes: EngineChanges) throws {
        try write(changes) { commit in try commit() }
    }

    /// Writes one batch in one transaction, and lets the caller wrap its commit: the daemon
    /// takes its flush gate there only, so queries never wait while a busy database keeps
    /// the transaction from starting.
    public func write(_ changes: EngineChanges, aroundCommit: (_ commit: () throws -> Void) throws -> Void) throws {
        guard !changes.isEmpty else { return }
        try pool.writeWithoutTransaction { db in
            try db.beginTransaction(.immediate)
            do {
                try insert(changes, db)
                try aroundCommit { try db.commit() }
            } catch {
                if db.isInsideTransaction { try? db.rollback() }  // the batch's error is the one to report
                throw error
            }
        }
    }

    /// The rows of one batch, inside the caller's transaction.
    private func insert(_ changes: EngineChanges, _ db: Database) throws {
        if !changes.closedIntervals.isEmpty {
            let stmt = try db.cachedStatement(
                sql: "INSERT INTO state_interval(machine_id, state, reason, start_ns, end_ns) VALUES (?, ?, ?, ?, ?)")
            for iv in changes.closedIntervals {
                try stmt.execute(arguments: [iv.machine, iv.state.rawValue, iv.reason, iv.start, iv.end])
            }
        }
        if !changes.minuteCounts.isEmpty {
            let stmt = try db.cachedStatement(
                sql: """
                    INSERT INTO minute_count(machine_id, minute, total, reject) VALUES (?, ?, ?, ?)
                    ON CONFLICT(machine_id, minute) DO UPDATE SET
                      total = MIN(total + excluded.total, 9223372036854775807),
                      reject = MIN(reject + excluded.reject, 9223372036854775807)
                    """)
            for c in changes.minuteCounts {
                try stmt.execute(arguments: [c.machine, c.minute, c.total, c.reject])
            }
        }
        try invalidateShiftLedgers(db, changes)
        try Self.writeAlarms(records: changes.alarmRecords, transitions: changes.alarmTransitions, db)
        try writeHistory(changes.history, db)
        try Self.writeSPC(changes.spcPoints, db)
        let due = changes.valuesDue.map(Set.init)
        for m in changes.changedMachines { try Self.saveLive(m, db, values: due?.contains(m.id) ?? true) }
    }

    /// Closed intervals of a machine that overlap [from, to), oldest first.
    public func intervals(machine: String, from: Timestamp, to: Timestamp) throws -> [StateInterval] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT state, reason, start_ns, end_ns FROM state_interval
                    WHERE machine_id = ? AND end_ns > ? AND start_ns < ? ORDER BY start_ns
                    """, arguments: [machine, from, to]
            ).map { row in
                let state: String = row["state"]
                return StateInterval(
                    machine: machine, state: MachineState(rawValue: state) ?? .offline, reason: row["reason"],
                    start: row["start_ns"], end: row["end_ns"])
            }
        }
    }

    /// When a machine's stored history starts: its earliest interval or counted minute (nil
    /// when the store has none). Before it there is nothing to read, so a long window's
    /// earlier shifts need no query.
    public func historyStart(machine: String) throws -> Timestamp? {
        try pool.read { db in
            let interval = try Timestamp.fetchOne(
                db, sql: "SELECT MIN(start_ns) FROM state_interval WHERE machine_id = ?", arguments: [machine])
            let minute = try Int64.fetchOne(db, sql: "SELECT MIN(minute) FROM minute_count WHERE machine_id = ?", arguments: [machine])
            let counted = minute.map(Nanos.start(ofMinute:))
            return [interval, counted].compactMap { $0 }.min()
        }
    }

    /// Units counted by a machine in whole minutes [fromMinute, toMinute).
    ///
    /// Summed as reals (SQLite's SUM fails on an integer overflow) and held at Int64.max:
    /// exact up to 2^53 units, far beyond any plant's.
    public func counts(machine: String, fromMinute: Int64, toMinute: Int64) throws -> (total: Int64, reject: Int64) {
        try pool.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT TOTAL(total) AS t, TOTAL(reject) AS r FROM minute_count
                    WHERE machine_id = ? AND minute >= ? AND minute < ?
                    """, arguments: [machine, fromMinute, toMinute])
            return (Self.clampedCount(row?["t"] ?? 0), Self.clampedCount(row?["r"] ?? 0))
        }
    }

    /// A sum of counts read as a real, as an Int64 held at its bounds.
    static func clampedCount(_ v: Double) -> Int64 {
        guard v.isFinite else { return v < 0 ? .min : .max }
        if v >= 9.2e18 { return .max }
        if v <= -9.2e18 { return .min }
        return Int64(v.rounded())
    }

    /// Per-minute counts of a machine in minutes [fromMinute, toMinute).
    public func minuteCounts(machine: String, fromMinute: Int64, toMinute: Int64) throws -> [MinuteCount] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: "SELECT minute, total, reject FROM minute_count WHERE machine_id = ? AND minute >= ? AND minute < ? ORDER BY minute",
                arguments: [machine, fromMinute, toMinute]
            ).map { row in MinuteCount(machine: machine, minute: row["minute"], total: row["total"], reject: row["reject"]) }
        }
    }

    /// Drops the cached shift ledgers that new intervals or counts fall into.
    private func invalidateShiftLedgers(_ db: Database, _ changes: EngineChanges) throws {
        var span: [String: (Timestamp, Timestamp)] = [:]
        func touch(_ m: String, _ a: Timestamp, _ b: Timestamp) {
            let old = span[m] ?? (a, b)
            span[m] = (min(old.0, a), max(old.1, b))
        }
        for iv in changes.closedIntervals { touch(iv.machine, iv.start, iv.end) }
        for c in changes.minuteCounts { touch(c.machine, c.minute * Nanos.perMinute, (c.minute + 1) * Nanos.perMinute) }
        guard !span.isEmpty else { return }
        let stmt = try db.cachedStatement(sql: "DELETE FROM shift_ledger WHERE machine_id = ? AND shift_end > ? AND shift_start < ?")
        for (m, (a, b)) in span { try stmt.execute(arguments: [m, a, b]) }
        versions.bump(Array(span.keys))
    }

    /// The version of a machine's data, to pass back to `saveShiftLedger`.
    public func dataVersion(machine: String) -> Int { versions.get(machine) }

    /// The cached ledgers of a machine's whole shifts inside [from, to), by shift start.
    public func shiftLedgers(
        machine: String, from: Timestamp, to: Timestamp, microStopMillis: Int64
    ) throws -> [Timestamp: (time: OEETime, total: Int64, reject: Int64)] {
        try pool.read { db in
            var out: [Timestamp: (OEETime, Int64, Int64)] = [:]
            for row in try Row.fetchAll(
                db,
                sql: "SELECT * FROM shift_ledger WHERE machine_id = ? AND micro_stop_ms = ? AND shift_start >= ? AND shift_end <= ?",
                arguments: [machine, microStopMillis, from, to])
            {
                var t = OEETime()
                t.plannedOperation = row["planned_operation"]
                t.plannedDown = row["planned_down"]
                t.plannedBusy = t.plannedOperation - t.plannedDown
                t.production = row["production"]
                t.setup = row["setup"]
                t.delay = row["delay"]
                t.idle = row["idle"]
                t.offline = row["offline"]
                t.microStops = row["micro_stops"]
                out[row["shift_start"]] = (t, row["total"], row["reject"])
            }
            return out
        }
    }

    /// Caches the ledger of a machine's whole, ended shift.
    /// Nothing is saved when the machine's data changed since `version` was read.
    public func saveShiftLedger(
        machine: String, start: Timestamp, end: Timestamp, microStopMillis: Int64, time t: OEETime, total: Int64, reject: Int64,
        ifVersion version: Int
    ) throws {
        try pool.write { db in
            guard versions.get(machine) == version else { return }
            try db.execute(
                sql: """
                    INSERT OR REPLACE INTO shift_ledger(machine_id, shift_start, shift_end, micro_stop_ms, planned_operation,
                      planned_down, production, setup, delay, idle, offline, micro_stops, total, reject)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    machine, start, end, microStopMillis, t.plannedOperation, t.plannedDown, t.production, t.setup, t.delay,
                    t.idle, t.offline, t.microStops, total, reject,
                ])
        }
    }

    /// Books a reason against a closed `down` interval and records who did it.
    /// With `closed: false` (the machine is still down) only the record is written.
    /// Returns false when no such interval exists.
    public func classify(
        machine: String, start: Timestamp, reason: String, user: String, uid: UInt32, at: Timestamp, closed: Bool,
        audit: AuditRecord? = nil
    ) throws -> Bool {
        try pool.write { db in
            var old: String?
            if closed {
                guard
                    let row = try Row.fetchOne(
                        db, sql: "SELECT reason FROM state_interval WHERE machine_id = ? AND start_ns = ? AND state = 'down'",
                        arguments: [machine, start])
                else { return false }
                old = row["reason"]
                try db.execute(
                    sql: "UPDATE state_interval SET reason = ? WHERE machine_id = ? AND start_ns = ? AND state = 'down'",
                    arguments: [reason, machine, start])
            }
            try db.execute(
                sql:
                    "INSERT INTO downtime_classification(machine_id, interval_start_ns, old_reason, new_reason, user, uid, at_ns) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: [machine, start, old, reason, user, Int64(uid), at])
            if var audit {
                audit.before = old ?? audit.before
                try self.append(audit, db)
            }
            return true
        }
    }

    /// The reclassifications of a machine, oldest first: (interval start, old, new, user, at).
    public func classifications(machine: String) throws -> [(start: Timestamp, old: String?, new: String, user: String, at: Timestamp)] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM downtime_classification WHERE machine_id = ? ORDER BY id", arguments: [machine]
            ).map { ($0["interval_start_ns"], $0["old_reason"], $0["new_reason"], $0["user"], $0["at_ns"]) }
        }
    }

    /// Number of stored intervals (for status and tests).
    public func intervalCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM state_interval") ?? 0 }
    }
}

/// Write counts per machine, guarded by a lock (reads and bumps happen inside
/// the store's serialised write transactions and from readers).
final class VersionTable: @unchecked Sendable {
    // @unchecked: `table` is only touched under `lock`.
    private let lock = NSLock()
    private var table: [String: Int] = [:]

    func get(_ machine: String) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return table[machine] ?? 0
    }

    func bump(_ machines: [String]) {
        lock.lock()
        defer { lock.unlock() }
        for m in machines { table[m, default: 0] += 1 }
    }
}
