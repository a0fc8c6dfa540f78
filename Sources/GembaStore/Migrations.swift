import GRDB

/// The numbered schema migrations, run in order at every start. A migration,
/// once released, is never edited: later changes come as new numbers.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("001-plant-and-floor") { db in
            try db.execute(
                sql: """
                    CREATE TABLE line (
                        id TEXT PRIMARY KEY,
                        name TEXT NOT NULL,
                        position INTEGER NOT NULL
                    );
                    CREATE TABLE machine (
                        id TEXT PRIMARY KEY,
                        line_id TEXT NOT NULL REFERENCES line(id),
                        name TEXT NOT NULL,
                        ideal_cycle_time REAL NOT NULL,
                        position INTEGER NOT NULL
                    );
                    -- The open interval and last reported counters of each machine: what a
                    -- restarted daemon continues from.
                    CREATE TABLE machine_live (
                        machine_id TEXT PRIMARY KEY,
                        state TEXT NOT NULL,
                        reason TEXT,
                        since INTEGER NOT NULL,
                        last_seen INTEGER,
                        last_received INTEGER,
                        resume_state TEXT,
                        resume_reason TEXT,
                        count_total INTEGER,
                        count_reject INTEGER,
                        shift_start INTEGER,
                        shift_name TEXT,
                        shift_total INTEGER NOT NULL DEFAULT 0,
                        shift_reject INTEGER NOT NULL DEFAULT 0
                    );
                    -- Closed state intervals, [start, end) in ns since the epoch.
                    CREATE TABLE state_interval (
                        id INTEGER PRIMARY KEY,
                        machine_id TEXT NOT NULL,
                        state TEXT NOT NULL,
                        reason TEXT,
                        start_ns INTEGER NOT NULL,
                        end_ns INTEGER NOT NULL,
                        CHECK (end_ns > start_ns)
                    );
                    CREATE INDEX state_interval_by_machine ON state_interval(machine_id, start_ns);
                    CREATE INDEX state_interval_by_time ON state_interval(start_ns);
                    -- Units counted per machine and minute (minutes since the epoch).
                    CREATE TABLE minute_count (
                        machine_id TEXT NOT NULL,
                        minute INTEGER NOT NULL,
                        total INTEGER NOT NULL,
                        reject INTEGER NOT NULL,
                        PRIMARY KEY (machine_id, minute)
                    ) WITHOUT ROWID;
                    -- Latest value of each process variable.
                    CREATE TABLE process_value (
                        machine_id TEXT NOT NULL,
                        name TEXT NOT NULL,
                        value REAL NOT NULL,
                        at_ns INTEGER NOT NULL,
                        PRIMARY KEY (machine_id, name)
                    ) WITHOUT ROWID;
                    """)
        }
        m.registerMigration("002-downtime-classification") { db in
            try db.execute(
                sql: """
                    -- Who booked which reason against which stop, and when: the history of
                    -- reclassifications (the interval itself carries the current reason).
                    CREATE TABLE downtime_classification (
                        id INTEGER PRIMARY KEY,
                        machine_id TEXT NOT NULL,
                        interval_start_ns INTEGER NOT NULL,
                        old_reason TEXT,
                        new_reason TEXT NOT NULL,
                        user TEXT NOT NULL,
                        uid INTEGER NOT NULL,
                        at_ns INTEGER NOT NULL
                    );
                    CREATE INDEX downtime_classification_by_machine ON downtime_classification(machine_id, interval_start_ns);
                    """)
        }
        m.registerMigration("003-shift-ledger") { db in
            try db.execute(
                sql: """
                    -- OEE time buckets and counts of one machine over one whole, ended shift: a
                    -- cache that long windows sum instead of reading every interval and count
                    -- again. Rows are dropped when late data lands in their shift.
                    CREATE TABLE shift_ledger (
                        machine_id TEXT NOT NULL,
                        shift_start INTEGER NOT NULL,
                        shift_end INTEGER NOT NULL,
                        micro_stop_ms INTEGER NOT NULL,
                        planned_operation REAL NOT NULL,
                        planned_down REAL NOT NULL,
                        production REAL NOT NULL,
                        setup REAL NOT NULL,
                        delay REAL NOT NULL,
                        idle REAL NOT NULL,
                        offline REAL NOT NULL,
                        micro_stops REAL NOT NULL,
                        total INTEGER NOT NULL,
                        reject INTEGER NOT NULL,
                        PRIMARY KEY (machine_id, shift_start, micro_stop_ms)
                    ) WITHOUT ROWID;
                    """)
        }
        m.registerMigration("004-alarms-and-audit") { db in
            try db.execute(
                sql: """
                    -- Each alarm's current standing (one row per definition); `version` only grows.
                    CREATE TABLE alarm (
                        definition TEXT PRIMARY KEY,
                        state TEXT NOT NULL,
                        active INTEGER NOT NULL,
                        acknowledged INTEGER NOT NULL,
                        since_ns INTEGER NOT NULL,
                        occurrence INTEGER,
                        activated_ns INTEGER,
                        shelved_until_ns INTEGER,
                        shelve_reason TEXT,
                        shelved_by TEXT,
                        design_suppressed INTEGER NOT NULL,
                        value REAL,
                        detail TEXT,
                        version INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    -- Every step of every alarm's life, with its cause, person and comment.
                    CREATE TABLE alarm_transition (
                        id INTEGER PRIMARY KEY,
                        definition TEXT NOT NULL,
                        occurrence INTEGER,
                        at_ns INTEGER NOT NULL,
                        from_state TEXT NOT NULL,
                        to_state TEXT NOT NULL,
                        cause TEXT NOT NULL,
                        user TEXT,
                        comment TEXT,
                        value REAL
                    );
                    CREATE INDEX alarm_transition_by_time ON alarm_transition(at_ns);
                    CREATE INDEX alarm_transition_by_alarm ON alarm_transition(definition, at_ns);
                    -- The audit trail: append-only, each row chained to the one before by its hash.
                    CREATE TABLE audit (
                        seq INTEGER PRIMARY KEY,
                        at_ns INTEGER NOT NULL,
                        user TEXT NOT NULL,
                        uid INTEGER NOT NULL,
                        role TEXT NOT NULL,
                        action TEXT NOT NULL,
                        object TEXT NOT NULL,
                        before TEXT,
                        after TEXT,
                        comment TEXT,
                        outcome TEXT NOT NULL,
                        prev_hash TEXT NOT NULL,
                        hash TEXT NOT NULL
                    );
                    CREATE INDEX audit_by_object ON audit(object, seq);
                    CREATE TRIGGER audit_is_append_only_update BEFORE UPDATE ON audit
                    BEGIN SELECT RAISE(ABORT, 'audit records are never updated'); END;
                    CREATE TRIGGER audit_is_append_only_delete BEFORE DELETE ON audit
                    BEGIN SELECT RAISE(ABORT, 'audit records are never deleted'); END;
                    """)
        }
        m.registerMigration("005-work-orders") { db in
            try db.execute(
                sql: """
                    -- Work orders (ISA-95 job orders) as imported or entered.
                    CREATE TABLE work_order (
                        id TEXT PRIMARY KEY,
                        product TEXT NOT NULL,
                        quantity INTEGER NOT NULL,
                        due_ns INTEGER NOT NULL,
                        priority INTEGER NOT NULL,
                        release_ns INTEGER,
                        state TEXT NOT NULL,
                        created_ns INTEGER NOT NULL,
                        source TEXT
                    ) WITHOUT ROWID;
                    -- What happened to each operation on the floor: started, paused, finished, with quantities.
                    CREATE TABLE operation_progress (
                        order_id TEXT NOT NULL,
                        idx INTEGER NOT NULL,
                        state TEXT NOT NULL,
                        machine TEXT NOT NULL,
                        started_ns INTEGER,
                        ended_ns INTEGER,
                        good INTEGER NOT NULL DEFAULT 0,
                        scrap INTEGER NOT NULL DEFAULT 0,
                        -- The machine's counters when the operation started: finishing offers the difference.
                        start_total INTEGER,
                        start_reject INTEGER,
                        PRIMARY KEY (order_id, idx)
                    ) WITHOUT ROWID;
                    -- The schedule in force, so that a restarted daemon keeps the frozen horizon.
                    CREATE TABLE schedule_plan (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        generated_ns INTEGER NOT NULL,
                        plan TEXT NOT NULL
                    );
                    """)
        }
        m.registerMigration("006-genealogy-and-holds") { db in
            try db.execute(
                sql: """
                    -- Lots and where they came from.
                    CREATE TABLE lot (
                        id TEXT PRIMARY KEY,
                        material TEXT NOT NULL,
                        quantity REAL NOT NULL,
                        unit TEXT NOT NULL,
                        status TEXT NOT NULL,
                        origin TEXT NOT NULL,
                        supplier TEXT,
                        supplier_lot TEXT,
                        machine TEXT,
                        work_order TEXT,
                        operation TEXT,
                        created_ns INTEGER NOT NULL,
                        created_by TEXT NOT NULL
                    ) WITHOUT ROWID;
                    CREATE INDEX lot_by_machine ON lot(machine, created_ns);
                    CREATE INDEX lot_by_supplier_lot ON lot(supplier_lot);
                    CREATE INDEX lot_by_order ON lot(work_order);
                    -- Genealogy: quantity of parent went into child.
                    CREATE TABLE lot_link (
                        id INTEGER PRIMARY KEY,
                        parent TEXT NOT NULL,
                        child TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        quantity REAL NOT NULL,
                        work_order TEXT,
                        operation TEXT,
                        machine TEXT,
                        at_ns INTEGER NOT NULL,
                        user TEXT NOT NULL
                    );
                    CREATE INDEX lot_link_by_parent ON lot_link(parent, child);
                    CREATE INDEX lot_link_by_child ON lot_link(child, parent);
                    CREATE TABLE shipment (
                        id INTEGER PRIMARY KEY,
                        lot TEXT NOT NULL,
                        customer_order TEXT NOT NULL,
                        quantity REAL NOT NULL,
                        at_ns INTEGER NOT NULL,
                        user TEXT NOT NULL
                    );
                    CREATE INDEX shipment_by_lot ON shipment(lot);
                    -- Quality holds and the lots each one holds.
                    CREATE TABLE hold (
                        id INTEGER PRIMARY KEY,
                        scope TEXT NOT NULL,
                        target TEXT NOT NULL,
                        from_ns INTEGER,
                        to_ns INTEGER,
                        reason_code TEXT,
                        reason TEXT NOT NULL,
                        placed_by TEXT NOT NULL,
                        placed_ns INTEGER NOT NULL,
                        status TEXT NOT NULL,
                        disposition TEXT,
                        released_by TEXT,
                        released_ns INTEGER,
                        comment TEXT
                    );
                    CREATE TABLE hold_lot (
                        hold_id INTEGER NOT NULL,
                        lot TEXT NOT NULL,
                        PRIMARY KEY (hold_id, lot)
                    ) WITHOUT ROWID;
                    CREATE INDEX hold_lot_by_lot ON hold_lot(lot);
                    """)
        }
        m.registerMigration("007-operation-inputs") { db in
            // The lots an operator scanned when starting an operation: consumed when it finishes.
            try db.execute(sql: "ALTER TABLE operation_progress ADD COLUMN inputs TEXT")
        }
        m.registerMigration("008-hold-shipments") { db in
            // The shipments a hold found already gone when it was placed: its notification list.
            // Holds placed before this migration have none recorded.
            try db.execute(
                sql: """
                    CREATE TABLE hold_shipment (
                        hold_id INTEGER NOT NULL,
                        shipment_id INTEGER NOT NULL,
                        PRIMARY KEY (hold_id, shipment_id)
                    ) WITHOUT ROWID;
                    """)
        }
        m.registerMigration("009-audit-anchor") { db in
            // Each record's HMAC under the audit key kept outside the database.
            try db.execute(sql: "ALTER TABLE audit ADD COLUMN mac TEXT")
        }
        m.registerMigration("010-alarm-hidden-from") { db in
            // The state a shelved, suppressed or out-of-service alarm hid, so it comes back owing
            // what it owed (a reset, an acknowledgement).
            try db.execute(sql: "ALTER TABLE alarm ADD COLUMN hidden_from TEXT")
        }
        m.registerMigration("011-process-history") { db in
            // Process values' history in three tiers, each kept for its own retention
            // (`history:` in the plant file): raw samples packed per minute (at most one a
            // second, 10 bytes each), minute aggregates packed per hour (39 bytes a minute:
            // `HistoryMinutePacking`), hour aggregates a row each. A series is named by a
            // number, so its machine and value names are not repeated in every row.
            try db.execute(
                sql: """
                    CREATE TABLE history_series (
                      id INTEGER PRIMARY KEY,
                      machine_id TEXT NOT NULL,
                      name TEXT NOT NULL,
                      UNIQUE(machine_id, name)
                    );
                    CREATE TABLE history_raw (
                      series INTEGER NOT NULL,
                      minute INTEGER NOT NULL,
                      samples BLOB NOT NULL,
                      PRIMARY KEY(series, minute)
                    ) WITHOUT ROWID;
                    CREATE TABLE history_minute (
                      series INTEGER NOT NULL,
                      hour INTEGER NOT NULL,
                      minutes BLOB NOT NULL,
                      PRIMARY KEY(series, hour)
                    ) WITHOUT ROWID;
                    CREATE TABLE history_hour (
                      series INTEGER NOT NULL,
                      hour INTEGER NOT NULL,
                      count INTEGER NOT NULL,
                      min REAL NOT NULL,
                      max REAL NOT NULL,
                      sum REAL NOT NULL,
                      last REAL NOT NULL,
                      last_ns INTEGER NOT NULL,
                      PRIMARY KEY(series, hour)
                    ) WITHOUT ROWID;
                    """)
        }
        m.registerMigration("012-spc-points") { db in
            // Each plotted point of an SPC characteristic: its subgroup's count, mean, range,
            // standard deviation and sum of squares, enough to chart it and to work limits and
            // capability out again. A measured subgroup (`gemba measure`) has its audit record.
            try db.execute(
                sql: """
                    CREATE TABLE spc_point (
                      id INTEGER PRIMARY KEY,
                      characteristic TEXT NOT NULL,
                      t INTEGER NOT NULL,
                      n INTEGER NOT NULL,
                      mean REAL NOT NULL,
                      range REAL NOT NULL,
                      sd REAL NOT NULL,
                      sum_sq REAL NOT NULL
                    );
                    CREATE INDEX spc_point_by_time ON spc_point(characteristic, t);
                    """)
        }
        m.registerMigration("013-maintenance") { db in
            // Each maintenance plan's meter: since when it counts (the plan last done, or first
            // seen), who did it and what they said. Running time and cycles since are summed
            // from state_interval and minute_count; each done has its audit record.
            try db.execute(
                sql: """
                    CREATE TABLE maintenance_plan (
                      machine TEXT NOT NULL,
                      plan TEXT NOT NULL,
                      since_ns INTEGER NOT NULL,
                      done_by TEXT,
                      comment TEXT,
                      PRIMARY KEY (machine, plan)
                    ) WITHOUT ROWID;
                    """)
        }
        m.registerMigration("014-handover") { db in
            // Notes a shift leaves for the next, by the shift they were written in (its start),
            // and who of the next shift confirmed reading them (each also has its audit record).
            try db.execute(
                sql: """
                    CREATE TABLE handover_note (
                      id INTEGER PRIMARY KEY,
                      shift TEXT NOT NULL,
                      shift_date TEXT NOT NULL,
                      shift_start_ns INTEGER NOT NULL,
                      at_ns INTEGER NOT NULL,
                      user TEXT NOT NULL,
                      text TEXT NOT NULL
                    );
                    CREATE INDEX handover_note_by_shift ON handover_note(shift_start_ns, id);
                    CREATE TABLE handover_read (
                      shift_start_ns INTEGER NOT NULL,
                      user TEXT NOT NULL,
                      at_ns INTEGER NOT NULL,
                      PRIMARY KEY (shift_start_ns, user)
                    ) WITHOUT ROWID;
                    """)
        }
        return m
    }
}
