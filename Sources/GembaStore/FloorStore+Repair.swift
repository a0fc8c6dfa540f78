import Foundation
import GRDB
import GembaCore

/// What the daemon repaired at start in one machine's rows: data stamped after the
/// daemon's clock plus `max_clock_skew` (accepted before such lines were refused, it
/// made the machine refuse every later line, restarts included), or before the
/// range Gemba accepts.
public struct TimestampRepair: Sendable, Equatable, CustomStringConvertible {
    public var machine: String
    /// The latest instant kept: the daemon's clock at start plus `max_clock_skew`.
    public var until: Timestamp
    /// The earliest instant kept (`TelemetryLimits.earliest`).
    public var from: Timestamp
    /// Rows removed for being stamped after `until`, and the latest such stamp.
    public var futureIntervals = 0
    public var futureMinutes = 0
    public var futureValues = 0
    public var latest: Timestamp?
    /// Rows removed for being stamped before `from`, and the earliest such stamp.
    public var pastIntervals = 0
    public var pastMinutes = 0
    public var pastValues = 0
    public var earliest: Timestamp?
    /// The interval a future sample closed: removed from the history and made the
    /// machine's open interval again (it had not ended when the sample came).
    public var reopened: StateInterval?
    /// An interval that ran past `until` while the machine's live state was sound: cut at `until`.
    public var clipped: StateInterval?
    /// True when the machine's live state was repaired; `live` is what it became, nil when
    /// nothing of the machine was left (it starts as never reported).
    public var liveRepaired = false
    public var live: MachineLive?

    public init(machine: String, from: Timestamp, until: Timestamp) {
        self.machine = machine
        self.from = from
        self.until = until
    }

    /// One line for the log: `press-01: removed 3 intervals stamped after 2026-12-01T02:40:00Z
    /// (up to 2036-11-28T00:00:00Z), ahead of the clock; ...`.
    public var description: String {
        func n(_ k: Int, _ word: String) -> String? { k == 0 ? nil : "\(k) \(word)\(k == 1 ? "" : "s")" }
        func list(_ parts: [String?]) -> String? {
            let p = parts.compactMap { $0 }
            switch p.count {
            case 0: return nil
            case 1: return p[0]
            default: return p.dropLast().joined(separator: ", ") + " and " + p[p.count - 1]
            }
        }
        var clauses: [String] = []
        if let latest {
            let what = list([n(futureIntervals, "interval"), n(futureMinutes, "minute count"), n(futureValues, "process value")])
            clauses.append(
                (what.map { "removed \($0)" } ?? "its live state was")
                    + " stamped after \(TelemetryLimits.describe(until)) (up to \(TelemetryLimits.describe(latest))), ahead of the clock")
        }
        if let earliest {
            let what = list([n(pastIntervals, "interval"), n(pastMinutes, "minute count"), n(pastValues, "process value")])
            clauses.append(
                (what.map { "removed \($0)" } ?? "its live state was")
                    + " stamped before \(TelemetryLimits.describe(from)) (down to \(TelemetryLimits.describe(earliest))), out of range")
        }
        if let clipped {
            clauses.append(
                "cut its \(clipped.state.rawValue) interval from \(TelemetryLimits.describe(clipped.start)) at \(TelemetryLimits.describe(until))")
        }
        if liveRepaired {
            if let live {
                var text = "it goes on \(live.state.rawValue) since \(TelemetryLimits.describe(live.since))"
                if reopened != nil { text += " (that interval reopened)" }
                clauses.append(text + "; its next counter report is the new baseline")
            } else {
                clauses.append("nothing of it is left: it starts as never reported")
            }
        }
        return "\(machine): " + clauses.joined(separator: "; ")
    }
}

extension FloorStore {
    /// Repairs, in one transaction, every machine's rows stamped after `until` (the daemon's
    /// clock plus `max_clock_skew`) or before `from`: such intervals, minute counts and
    /// process values are removed; the interval a future sample closed becomes the machine's
    /// open interval again; a live state stamped out of range goes back to its last sound
    /// instant, with counters to re-baseline and the shift counts of `currentShift` summed
    /// again from the kept minute counts. Returns what it did per machine, by machine id.
    public func repairTimestamps(
        from: Timestamp = TelemetryLimits.earliest, until: Timestamp, currentShift: ShiftInstance?
    ) throws -> [TimestampRepair] {
        let lastMinute = Nanos.minute(until)
        let firstMinute = Nanos.minute(from)
        let repairs: [TimestampRepair] = try pool.write { db in
            var byMachine: [String: TimestampRepair] = [:]
            func edit(_ id: String, _ change: (inout TimestampRepair) -> Void) {
                var r = byMachine[id] ?? TimestampRepair(machine: id, from: from, until: until)
                change(&r)
                byMachine[id] = r
            }
            func later(_ a: Timestamp?, _ b: Timestamp) -> Timestamp { max(a ?? b, b) }
            func earlier(_ a: Timestamp?, _ b: Timestamp) -> Timestamp { min(a ?? b, b) }

            /// Per machine, how many rows of `table` are stamped after `until` (`future`) or before
            /// `from`, with the latest or earliest such stamp (`reach`: a column or expression).
            func outOfRange(
                _ table: String, stamp: String, reach: String, future: Bool, _ note: (inout TimestampRepair, Int, Timestamp) -> Void
            ) throws {
                let sql =
                    "SELECT machine_id, COUNT(*) AS n, \(future ? "MAX" : "MIN")(\(reach)) AS t FROM \(table) WHERE \(stamp) \(future ? ">" : "<") ? GROUP BY machine_id"
                for row in try Row.fetchAll(db, sql: sql, arguments: [future ? until : from]) {
                    edit(row["machine_id"]) { r in note(&r, row["n"], row["t"]) }
                }
            }

            // What lies out of range, per machine.
            try outOfRange("state_interval", stamp: "start_ns", reach: "end_ns", future: true) { r, n, t in
                r.futureIntervals = n
                r.latest = later(r.latest, t)
            }
            try outOfRange("state_interval", stamp: "start_ns", reach: "start_ns", future: false) { r, n, t in
                r.pastIntervals = n
                r.earliest = earlier(r.earliest, t)
            }
            // Per machine, so that each look is an index range (a start must not scan every row).
            let machineIDs = try String.fetchAll(db, sql: "SELECT id FROM machine UNION SELECT machine_id FROM machine_live")
            var crossing: [String: (id: Int64, interval: StateInterval)] = [:]
            for id in machineIDs {
                if let row = try Row.fetchOne(
                    db, sql: "SELECT COUNT(*) AS n, MAX(minute) AS m FROM minute_count WHERE machine_id = ? AND minute > ?",
                    arguments: [id, lastMinute]), let m = row["m"] as Int64?
                {
                    edit(id) { r in
                        r.futureMinutes = row["n"]
                        r.latest = later(r.latest, Self.minuteStart(m))
                    }
                }
                if let row = try Row.fetchOne(
                    db, sql: "SELECT COUNT(*) AS n, MIN(minute) AS m FROM minute_count WHERE machine_id = ? AND minute < ?",
                    arguments: [id, firstMinute]), let m = row["m"] as Int64?
                {
                    edit(id) { r in
                        r.pastMinutes = row["n"]
                        r.earliest = earlier(r.earliest, Self.minuteStart(m))
                    }
                }
                // The last interval starting by `until`: when it ends after it, a future sample closed it.
                if let row = try Row.fetchOne(
                    db,
                    sql:
                        "SELECT id, state, reason, start_ns, end_ns FROM state_interval WHERE machine_id = ? AND start_ns <= ? ORDER BY start_ns DESC LIMIT 1",
                    arguments: [id, until])
                {
                    let start: Timestamp = row["start_ns"]
                    let end: Timestamp = row["end_ns"]
                    let state: String = row["state"]
                    if end > until && start >= from {
                        crossing[id] = (
                            row["id"],
                            StateInterval(
                                machine: id, state: MachineState(rawValue: state) ?? .offline, reason: row["reason"], start: start, end: end)
                        )
                        edit(id) { r in r.latest = later(r.latest, end) }
                    }
                }
            }
            try outOfRange("process_value", stamp: "at_ns", reach: "at_ns", future: true) { r, n, t in
                r.futureValues = n
                r.latest = later(r.latest, t)
            }
            try outOfRange("process_value", stamp: "at_ns", reach: "at_ns", future: false) { r, n, t in
                r.pastValues = n
                r.earliest = earlier(r.earliest, t)
            }
            // Live states stamped out of range.
            var badLive: [String: MachineLive] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT * FROM machine_live") {
                let m = Self.machineLive(row)
                var out: [Timestamp] = [m.since]
                if let t = m.lastSeen { out.append(t) }
                if let t = m.shiftStart { out.append(t) }
                let after = out.filter { $0 > until }.max()
                // A machine that never reported keeps the daemon's start time as `since`: sound.
                let before = m.hasReported ? out.filter { $0 < from }.min() : nil
                guard after != nil || before != nil || (m.lastReceived ?? from) > until else { continue }
                badLive[m.id] = m
                edit(m.id) { r in
                    if let after { r.latest = later(r.latest, after) }
                    if let before { r.earliest = earlier(r.earliest, before) }
                    if after == nil && before == nil, let t = m.lastReceived { r.latest = later(r.latest, t) }
                }
            }

            for id in byMachine.keys.sorted() {
                var r = byMachine[id]!
                try db.execute(
                    sql: "DELETE FROM state_interval WHERE machine_id = ? AND (start_ns > ? OR start_ns < ?)", arguments: [id, until, from])
                try db.execute(
                    sql: "DELETE FROM minute_count WHERE machine_id = ? AND (minute > ? OR minute < ?)", arguments: [id, lastMinute, firstMinute])
                try db.execute(sql: "DELETE FROM process_value WHERE machine_id = ? AND (at_ns > ? OR at_ns < ?)", arguments: [id, until, from])
                if var m = badLive[id] {
                    r.liveRepaired = true
                    if let c = crossing[id] {
                        // The future sample closed this interval: it had not ended then. It is open again.
                        try db.execute(sql: "DELETE FROM state_interval WHERE id = ?", arguments: [c.id])
                        r.reopened = c.interval
                        m.state = c.interval.state
                        m.reason = c.interval.reason
                        m.since = c.interval.start
                    }
                    let lastEnd = try Timestamp.fetchOne(db, sql: "SELECT MAX(end_ns) FROM state_interval WHERE machine_id = ?", arguments: [id])
                    if crossing[id] == nil && !(m.since >= from && m.since <= until) {
                        if let lastEnd {
                            // Nothing open to go back to: unknown from the last kept interval on.
                            m.state = .offline
                            m.reason = nil
                            m.since = lastEnd
                        } else {
                            try db.execute(sql: "DELETE FROM machine_live WHERE machine_id = ?", arguments: [id])
                            try db.execute(sql: "DELETE FROM process_value WHERE machine_id = ?", arguments: [id])
                            r.live = nil
                            byMachine[id] = r
                            continue
                        }
                    }
                    m.lastSeen = max(m.since, lastEnd ?? m.since)
                    if let t = m.lastReceived, t > until || t < from { m.lastReceived = m.lastSeen }
                    m.resumeState = nil
                    m.resumeReason = nil
                    // The counters last reported may be the out-of-range sample's: the next report is the baseline.
                    m.countTotal = nil
                    m.countReject = nil
                    m.shiftStart = currentShift?.start
                    m.shiftName = currentShift?.name
                    m.shiftTotal = 0
                    m.shiftReject = 0
                    if let s = currentShift {
                        let row = try Row.fetchOne(
                            db,
                            sql:
                                "SELECT TOTAL(total) AS t, TOTAL(reject) AS r FROM minute_count WHERE machine_id = ? AND minute >= ? AND minute <= ?",
                            arguments: [id, Nanos.minute(s.start), lastMinute])
                        m.shiftTotal = Self.clampedCount(row?["t"] ?? 0)
                        m.shiftReject = Self.clampedCount(row?["r"] ?? 0)
                    }
                    m.processValues = try Row.fetchAll(db, sql: "SELECT * FROM process_value WHERE machine_id = ? ORDER BY name", arguments: [id])
                        .map { ProcessValue(name: $0["name"], value: $0["value"], at: $0["at_ns"]) }
                    try Self.saveLive(m, db)
                    r.live = m
                } else if let c = crossing[id] {
                    // The live state is sound, yet an interval runs past the clock: cut it there.
                    if c.interval.start < until {
                        try db.execute(sql: "UPDATE state_interval SET end_ns = ? WHERE id = ?", arguments: [until, c.id])
                    } else {
                        try db.execute(sql: "DELETE FROM state_interval WHERE id = ?", arguments: [c.id])
                    }
                    r.clipped = c.interval
                }
                // Cached shift ledgers may have summed what was removed.
                try db.execute(sql: "DELETE FROM shift_ledger WHERE machine_id = ?", arguments: [id])
                byMachine[id] = r
            }
            return byMachine.keys.sorted().map { byMachine[$0]! }
        }
        if !repairs.isEmpty { versions.bump(repairs.map(\.machine)) }
        return repairs
    }

    /// The first instant of a minute, held at the Int64 bounds.
    static func minuteStart(_ minute: Int64) -> Timestamp {
        let (t, o) = minute.multipliedReportingOverflow(by: Nanos.perMinute)
        return o ? (minute < 0 ? .min : .max) : t
    }
}

extension FloorStore {
    /// `gemba machine reset MACHINE`, the store's half: in one write transaction, clears the
    /// machine's live state (its open interval, last timestamps, counters as last reported,
    /// shift counts and process values: everything a restarted daemon continues the machine
    /// from) and appends `audit`. Its history (intervals, minute counts) stays.
    ///
    /// Call `IngestCore.resetMachine(_:now:)` after this returned, never before: the engine
    /// then starts the machine afresh, as a daemon restarted now would.
    /// Returns the audit record as stored; throws, changing nothing, when either write fails.
    @discardableResult
    public func resetMachine(_ machine: String, audit: AuditRecord) throws -> AuditRecord {
        try pool.write { db in
            try db.execute(sql: "DELETE FROM machine_live WHERE machine_id = ?", arguments: [machine])
            try db.execute(sql: "DELETE FROM process_value WHERE machine_id = ?", arguments: [machine])
            return try self.append(audit, db)
        }
    }
}
