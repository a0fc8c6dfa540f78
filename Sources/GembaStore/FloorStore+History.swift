import Foundation
import GRDB
import GRDBSQLite
import GembaCore

/// Process-value history in the store: what the engine hands over is merged into its minute,
/// its hour and its raw samples; queries read the tier a step needs; retention trims each tier.
extension FloorStore {
    /// Writes minutes of history inside the caller's transaction. A minute stored in parts
    /// (the daemon stopped inside it) is merged: counts and sums add up, the last is the latest.
    func writeHistory(_ minutes: [HistoryMinute], _ db: Database) throws {
        guard !minutes.isEmpty else { return }
        let hourRow = try db.cachedStatement(
            sql: """
                INSERT INTO history_hour(series, hour, count, min, max, sum, last, last_ns) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(series, hour) DO UPDATE SET
                  count = count + excluded.count, min = MIN(min, excluded.min), max = MAX(max, excluded.max),
                  sum = sum + excluded.sum,
                  last = CASE WHEN excluded.last_ns >= last_ns THEN excluded.last ELSE last END,
                  last_ns = MAX(last_ns, excluded.last_ns)
                """)
        let rawRow = try db.cachedStatement(
            sql: """
                INSERT INTO history_raw(series, minute, samples) VALUES (?, ?, ?)
                ON CONFLICT(series, minute) DO UPDATE SET samples = samples || excluded.samples
                """)
        var ids: [SeriesKey: Int64] = [:]
        // Minutes by the hour row they go into, merged with what it holds already.
        var hours: [HourKey: [HistoryMinute]] = [:]
        for m in minutes {
            let key = SeriesKey(machine: m.machine, name: m.name)
            let series: Int64
            if let known = ids[key] {
                series = known
            } else {
                series = try Self.seriesID(machine: m.machine, name: m.name, create: true, db)!
                ids[key] = series
            }
            let a = m.aggregate
            try hourRow.execute(arguments: [series, Self.hour(ofMinute: m.minute), a.count, a.min, a.max, a.sum, a.last, a.lastAt])
            if !m.raw.isEmpty {
                try rawRow.execute(arguments: [series, m.minute, Data(HistoryRawPacking.pack(m.raw, minute: m.minute))])
            }
            hours[HourKey(series: series, hour: Self.hour(ofMinute: m.minute)), default: []].append(m)
        }
        let readHour = try db.cachedStatement(sql: "SELECT minutes FROM history_minute WHERE series = ? AND hour = ?")
        let writeHour = try db.cachedStatement(sql: "INSERT OR REPLACE INTO history_minute(series, hour, minutes) VALUES (?, ?, ?)")
        for (key, added) in hours {
            var byPlace: [Int: HistoryAggregate] = [:]
            if let stored = try Data.fetchOne(readHour, arguments: [key.series, key.hour]) {
                for (place, a) in HistoryMinutePacking.unpack(Array(stored), hour: key.hour) { byPlace[place] = a }
            }
            for m in added {
                let place = Int(m.minute - key.hour * 60)
                if byPlace[place] == nil { byPlace[place] = m.aggregate } else { byPlace[place]!.merge(m.aggregate) }
            }
            let packed = HistoryMinutePacking.pack(byPlace.map { (place: $0.key, aggregate: $0.value) }, hour: key.hour)
            try writeHour.execute(arguments: [key.series, key.hour, Data(packed)])
        }
    }

    private struct HourKey: Hashable {
        var series: Int64
        var hour: Int64
    }

    private struct SeriesKey: Hashable {
        var machine: String
        var name: String
    }

    /// Hours since the epoch of minute `m` (floor, also before 1970).
    static func hour(ofMinute m: Int64) -> Int64 { m >= 0 ? m / 60 : (m + 1) / 60 - 1 }

    static func seriesID(machine: String, name: String, create: Bool, _ db: Database) throws -> Int64? {
        let find = try db.cachedStatement(sql: "SELECT id FROM history_series WHERE machine_id = ? AND name = ?")
        if let id = try Int64.fetchOne(find, arguments: [machine, name]) { return id }
        guard create else { return nil }
        try db.cachedStatement(sql: "INSERT INTO history_series(machine_id, name) VALUES (?, ?)").execute(arguments: [machine, name])
        return db.lastInsertedRowID
    }

    /// Value `name` of `machine` over [from, to) in steps of `step` (aligned to the epoch),
    /// from the tier the step needs (`HistoryTier`), with `pending` (what the daemon holds
    /// that the store does not have yet) added. A span is taken when it starts in [from, to).
    public func history(
        machine: String, name: String, from: Timestamp, to: Timestamp, step: Timestamp, pending: [HistoryMinute]
    ) throws -> [HistoryPoint] {
        var buckets = HistoryBuckets(step: step)
        buckets.reserve(Int(min(1_000_000, to.clampedSubtracting(from) / step + 1)))
        let tier = HistoryTier(step: step)
        try pool.read { db in
            guard let series = try Self.seriesID(machine: machine, name: name, create: false, db) else { return }
            switch tier {
            case .hour:
                let hourNanos = 60 * Nanos.perMinute
                let lo = Self.hour(ofMinute: Nanos.minute(from)) + (from % hourNanos == 0 ? 0 : 1)
                let hi = Self.hour(ofMinute: Nanos.minute(to - 1))
                try Self.aggregates(
                    db,
                    sql: "SELECT hour, count, min, max, sum, last, last_ns FROM history_hour WHERE series = ? AND hour BETWEEN ? AND ? ORDER BY hour",
                    arguments: [series, lo, hi]
                ) { hour, a in buckets.add(a, start: hour &* hourNanos) }
            case .minute:
                let lo = Nanos.minute(from) + (from % Nanos.perMinute == 0 ? 0 : 1)
                let hi = Nanos.minute(to - 1)
                let statement = try db.makeStatement(
                    sql: "SELECT hour, minutes FROM history_minute WHERE series = ? AND hour BETWEEN ? AND ? ORDER BY hour")
                try Self.rows(statement, arguments: [series, Self.hour(ofMinute: lo), Self.hour(ofMinute: hi)]) { s in
                    let hour = sqlite3_column_int64(s, 0)
                    let bytes = UnsafeRawBufferPointer(start: sqlite3_column_blob(s, 1), count: Int(sqlite3_column_bytes(s, 1)))
                    HistoryMinutePacking.unpack(bytes, hour: hour) { minute, a in
                        if minute >= lo && minute <= hi { buckets.add(a, start: Nanos.start(ofMinute: minute)) }
                    }
                }
            case .raw:
                let rows = try Row.fetchCursor(
                    db, sql: "SELECT minute, samples FROM history_raw WHERE series = ? AND minute BETWEEN ? AND ? ORDER BY minute",
                    arguments: [series, Nanos.minute(from), Nanos.minute(to - 1)])
                while let r = try rows.next() {
                    let data: Data = r[1]
                    for s in HistoryRawPacking.unpack(data, minute: r[0]) where s.at >= from && s.at < to {
                        buckets.add(HistoryAggregate(s.value, at: s.at), start: s.at)
                    }
                }
            }
        }
        for m in pending where m.machine == machine && m.name == name {
            switch tier {
            case .raw:
                for s in m.raw where s.at >= from && s.at < to { buckets.add(HistoryAggregate(s.value, at: s.at), start: s.at) }
            case .minute:
                let start = Nanos.start(ofMinute: m.minute)
                if start >= from && start < to { buckets.add(m.aggregate, start: start) }
            case .hour:
                // Taken as its hour is: when the hour starts in [from, to).
                let hour = Self.hour(ofMinute: m.minute) &* 60 * Nanos.perMinute
                if hour >= from && hour < to { buckets.add(m.aggregate, start: Nanos.start(ofMinute: m.minute)) }
            }
        }
        return buckets.points
    }

    /// Rows of (start, count, min, max, sum, last, last_ns).
    private static func aggregates(
        _ db: Database, sql: String, arguments: StatementArguments, _ body: (Int64, HistoryAggregate) -> Void
    ) throws {
        try rows(try db.makeStatement(sql: sql), arguments: arguments) { s in
            body(
                sqlite3_column_int64(s, 0),
                HistoryAggregate(
                    count: sqlite3_column_int64(s, 1), min: sqlite3_column_double(s, 2), max: sqlite3_column_double(s, 3),
                    sum: sqlite3_column_double(s, 4), last: sqlite3_column_double(s, 5), lastAt: sqlite3_column_int64(s, 6)))
        }
    }

    /// Steps through a statement's rows with SQLite's own column functions: a history query
    /// may read thousands of rows of packed minutes, and GRDB's row cursor took about 0.8 µs a
    /// row where this takes a fraction of that (`HistoryBenchmark`).
    private static func rows(_ statement: Statement, arguments: StatementArguments, _ body: (OpaquePointer) -> Void) throws {
        try statement.setArguments(arguments)
        let s = statement.sqliteStatement
        defer { sqlite3_reset(s) }
        while true {
            let code = sqlite3_step(s)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(
                    resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(s))), sql: statement.sql)
            }
            body(s)
        }
    }

    /// The names of machine `machine`'s values with stored history.
    public func historySeries(machine: String) throws -> [String] {
        try pool.read { db in try String.fetchAll(db, sql: "SELECT name FROM history_series WHERE machine_id = ? ORDER BY name", arguments: [machine])
        }
    }

    /// The database file's size once vacuumed and checkpointed: what its rows take on disk
    /// (the history benchmark's bytes per sample).
    public func databaseBytesAfterVacuum() throws -> Int {
        try pool.writeWithoutTransaction { db in
            try db.execute(sql: "VACUUM")
            try db.checkpoint(.truncate)
        }
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        return size ?? 0
    }

    /// Trims each tier to its retention as of `now`; returns the rows removed.
    @discardableResult
    public func pruneHistory(_ retention: HistoryRetention, now: Timestamp) throws -> Int {
        func cutMinute(_ keep: Seconds) -> Int64 { Nanos.minute(now.clampedSubtracting(Nanos.from(seconds: keep))) }
        let raw = cutMinute(retention.raw)
        let minute = cutMinute(retention.minute)
        let hour = Self.hour(ofMinute: cutMinute(retention.hour))
        return try pool.write { db in
            var removed = 0
            for series in try Int64.fetchAll(db, sql: "SELECT id FROM history_series") {
                try db.execute(sql: "DELETE FROM history_raw WHERE series = ? AND minute < ?", arguments: [series, raw])
                removed += db.changesCount
                try db.execute(sql: "DELETE FROM history_minute WHERE series = ? AND hour < ?", arguments: [series, Self.hour(ofMinute: minute)])
                removed += db.changesCount
                try db.execute(sql: "DELETE FROM history_hour WHERE series = ? AND hour < ?", arguments: [series, hour])
                removed += db.changesCount
            }
            return removed
        }
    }
}
