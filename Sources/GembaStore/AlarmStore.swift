import GRDB
import GembaCore

/// Alarm records and transitions in the store.
extension FloorStore {
    /// Upserts alarm records (an older version never overwrites a newer one) and appends transitions.
    static func writeAlarms(records: [AlarmRecord], transitions: [AlarmTransition], _ db: Database) throws {
        if !records.isEmpty {
            let stmt = try db.cachedStatement(
                sql: """
                    INSERT INTO alarm(definition, state, active, acknowledged, since_ns, occurrence, activated_ns,
                      shelved_until_ns, shelve_reason, shelved_by, design_suppressed, value, detail, version, hidden_from)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(definition) DO UPDATE SET state = excluded.state, active = excluded.active,
                      acknowledged = excluded.acknowledged, since_ns = excluded.since_ns, occurrence = excluded.occurrence,
                      activated_ns = excluded.activated_ns, shelved_until_ns = excluded.shelved_until_ns,
                      shelve_reason = excluded.shelve_reason, shelved_by = excluded.shelved_by,
                      design_suppressed = excluded.design_suppressed, value = excluded.value, detail = excluded.detail,
                      version = excluded.version, hidden_from = excluded.hidden_from
                    WHERE excluded.version > alarm.version
                    """)
            for r in records {
                try stmt.execute(arguments: [
                    r.definition, r.state.rawValue, r.active, r.acknowledged, r.since, r.occurrence, r.activatedAt,
                    r.shelvedUntil, r.shelveReason, r.shelvedBy, r.designSuppressed, r.value, r.detail, r.version,
                    r.hiddenFrom?.rawValue,
                ])
            }
        }
        if !transitions.isEmpty {
            let stmt = try db.cachedStatement(
                sql: """
                    INSERT INTO alarm_transition(definition, occurrence, at_ns, from_state, to_state, cause, user, comment, value)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for t in transitions {
                try stmt.execute(arguments: [
                    t.definition, t.occurrence, t.at, t.from.rawValue, t.to.rawValue, t.cause, t.user, t.comment, t.value,
                ])
            }
        }
    }

    /// A person's alarm action: the record, its transition and the audit record in one transaction.
    /// Returns the audit record's sequence number.
    @discardableResult
    public func recordAlarmAction(record: AlarmRecord, transition: AlarmTransition, audit: AuditRecord) throws -> Int64 {
        try pool.write { db in
            try Self.writeAlarms(records: [record], transitions: [transition], db)
            return try self.append(audit, db).seq
        }
    }

    /// The alarm records saved by the last run.
    public func loadAlarms() throws -> [AlarmRecord] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM alarm").map { row in
                var r = AlarmRecord(definition: row["definition"], since: row["since_ns"])
                r.state = AlarmState(rawValue: row["state"]) ?? .normal
                r.active = row["active"]
                r.acknowledged = row["acknowledged"]
                r.occurrence = row["occurrence"]
                r.activatedAt = row["activated_ns"]
                r.shelvedUntil = row["shelved_until_ns"]
                r.shelveReason = row["shelve_reason"]
                r.shelvedBy = row["shelved_by"]
                r.designSuppressed = row["design_suppressed"]
                r.value = row["value"]
                r.detail = row["detail"]
                r.version = row["version"]
                r.hiddenFrom = (row["hidden_from"] as String?).flatMap(AlarmState.init(rawValue:))
                return r
            }
        }
    }

    /// Activations since `from`, oldest first (for the KPIs after a restart).
    public func alarmActivations(since from: Timestamp) throws -> [(definition: String, at: Timestamp)] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                // Only a new occurrence enters `unacknowledged`: every such transition is an activation.
                sql: "SELECT definition, at_ns FROM alarm_transition WHERE at_ns >= ? AND to_state = 'unacknowledged' ORDER BY at_ns, id",
                arguments: [from]
            ).map { ($0["definition"], $0["at_ns"]) }
        }
    }

    /// The highest occurrence number ever given.
    public func lastAlarmOccurrence() throws -> Int64 {
        try pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(occurrence) FROM alarm_transition") ?? 0
        }
    }

    /// Transitions of one alarm (or all), oldest first.
    public func alarmTransitions(definition: String? = nil) throws -> [AlarmTransition] {
        try pool.read { db in
            let rows: [Row]
            if let definition {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM alarm_transition WHERE definition = ? ORDER BY at_ns, id", arguments: [definition])
            } else {
                rows = try Row.fetchAll(db, sql: "SELECT * FROM alarm_transition ORDER BY at_ns, id")
            }
            return rows.map { row in
                AlarmTransition(
                    definition: row["definition"], occurrence: row["occurrence"], at: row["at_ns"],
                    from: AlarmState(rawValue: row["from_state"]) ?? .normal, to: AlarmState(rawValue: row["to_state"]) ?? .normal,
                    cause: row["cause"], user: row["user"], comment: row["comment"], value: row["value"])
            }
        }
    }
}
