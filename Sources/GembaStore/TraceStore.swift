import Foundation
import GRDB
import GembaCore

/// Traces (recursive queries over the genealogy links) and quality holds.
extension FloorStore {
    /// Every lot reachable from `start` (forward: where used; backward: where from),
    /// each once at its shortest depth, and every link between them.
    public func trace(_ start: [String], forward: Bool) throws -> Trace {
        try pool.read { db in try Self.trace(start, forward: forward, db) }
    }

    static func trace(_ start: [String], forward: Bool, _ db: Database) throws -> Trace {
        let (from, to) = forward ? ("parent", "child") : ("child", "parent")
        // One statement: the closure is computed once (each lot once: UNION on the id alone) and
        // read three ways, tagged in the first column: the links leaving it (0), its lots (1) and,
        // forward, their shipments (2). Depths come from a breadth-first walk over the links here.
        let statement = try db.cachedStatement(
            sql: """
                WITH RECURSIVE reach(lot) AS (
                    SELECT value FROM json_each(?)
                    UNION
                    SELECT l.\(to) FROM lot_link l JOIN reach r ON l.\(from) = r.lot
                )
                SELECT 0, l.parent, l.child, l.kind, l.quantity, l.work_order, l.operation, l.machine, l.at_ns, l.user, l.id
                FROM lot_link l JOIN reach r ON l.\(from) = r.lot
                UNION ALL
                SELECT 1, x.id, x.material, x.status, x.quantity, x.supplier, x.supplier_lot,
                  EXISTS (SELECT 1 FROM hold_lot hl JOIN hold h ON h.id = hl.hold_id WHERE hl.lot = x.id AND h.status = 'active'), NULL, NULL, NULL
                FROM lot x WHERE x.id IN (SELECT lot FROM reach)
                \(forward ? """
                UNION ALL
                SELECT 2, s.lot, s.customer_order, NULL, s.quantity, NULL, NULL, NULL, s.at_ns, s.user, s.id
                FROM shipment s WHERE s.lot IN (SELECT lot FROM reach)
                """ : "")
                """)
        var links: [(seq: Int64, link: LotLink)] = []
        var found: [TracedLot] = []
        var shipped: [(seq: Int64, at: Timestamp, shipment: Shipment)] = []
        let cursor = try Row.fetchCursor(statement, arguments: [Self.jsonArray(start)])
        while let r = try cursor.next() {
            switch r[0] as Int {
            case 0:
                links.append(
                    (
                        r[10],
                        LotLink(
                            from: r[1], to: r[2], kind: r[3], quantity: r[4], workOrder: r[5], operation: r[6], machine: r[7], atNanos: r[8],
                            user: r[9])
                    ))
            case 1:
                found.append(
                    TracedLot(id: r[1], material: r[2], status: r[3], depth: 0, quantity: r[4], supplier: r[5], supplierLot: r[6], held: r[7]))
            default:
                let at: Timestamp = r[8]
                shipped.append((r[10], at, Shipment(lot: r[1], customerOrder: r[2], quantity: r[4], at: ISOTime.format(at))))
            }
        }
        links.sort { ($0.link.atNanos, $0.seq) < ($1.link.atNanos, $1.seq) }
        shipped.sort { ($0.at, $0.seq) < ($1.at, $1.seq) }
        let ordered = links.map(\.link)
        Self.assignDepths(&found, links: ordered, start: start, forward: forward)
        found.sort { ($0.depth, $0.id) < ($1.depth, $1.id) }
        return Trace(direction: forward ? "forward" : "backward", start: start, lots: found, links: ordered, shipments: shipped.map(\.shipment))
    }

    /// Breadth first from the start over the links: each lot at its shortest depth. Lots are
    /// numbered once and the links laid out as one adjacency array (no string hashing per step).
    static func assignDepths(_ lots: inout [TracedLot], links: [LotLink], start: [String], forward: Bool) {
        var index: [String: Int] = [:]
        index.reserveCapacity(lots.count)
        for (i, lot) in lots.enumerated() { index[lot.id] = i }
        var edges: [(Int, Int)] = []
        edges.reserveCapacity(links.count)
        for link in links {
            guard let a = index[forward ? link.from : link.to], let b = index[forward ? link.to : link.from] else { continue }
            edges.append((a, b))
        }
        // Compressed rows: the neighbours of lot i are targets[first[i]..<first[i + 1]].
        var first = [Int](repeating: 0, count: lots.count + 1)
        for (a, _) in edges { first[a + 1] += 1 }
        for i in 0..<lots.count { first[i + 1] += first[i] }
        var fill = first
        var targets = [Int](repeating: 0, count: edges.count)
        for (a, b) in edges {
            targets[fill[a]] = b
            fill[a] += 1
        }
        var depth = [Int](repeating: -1, count: lots.count)
        var queue = start.compactMap { index[$0] }
        for q in queue { depth[q] = 0 }
        var k = 0
        while k < queue.count {
            let lot = queue[k]
            k += 1
            for n in targets[first[lot]..<first[lot + 1]] where depth[n] < 0 {
                depth[n] = depth[lot] + 1
                queue.append(n)
            }
        }
        for i in lots.indices { lots[i].depth = max(0, depth[i]) }
    }

    /// A JSON array of strings, for `json_each`: lot ids escaped as JSON requires.
    static func jsonArray(_ items: [String]) -> String {
        var out = "["
        out.reserveCapacity(items.count * 12 + 2)
        for (i, item) in items.enumerated() {
            if i > 0 { out += "," }
            out += "\""
            for u in item.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case _ where u.value < 0x20: out += String(format: "\\u%04x", u.value)
                default: out.unicodeScalars.append(u)
                }
            }
            out += "\""
        }
        return out + "]"
    }

    /// The lots a machine made in [from, to), newest first, at most `limit`.
    public func lotsMade(machine: String, from: Timestamp, to: Timestamp, limit: Int = 50) throws -> [Lot] {
        try pool.read { db in
            try String.fetchAll(
                db,
                sql:
                    "SELECT id FROM lot WHERE machine = ? AND origin = 'produced' AND created_ns >= ? AND created_ns < ? ORDER BY created_ns DESC LIMIT ?",
                arguments: [machine, from, to, limit]
            ).compactMap { try Self.lot($0, db) }
        }
    }

    /// Lots produced on a machine in [from, to): the calibration case.
    public func lotsProduced(machine: String, from: Timestamp, to: Timestamp) throws -> [String] {
        try pool.read { db in
            try String.fetchAll(
                db, sql: "SELECT id FROM lot WHERE machine = ? AND origin = 'produced' AND created_ns >= ? AND created_ns < ? ORDER BY created_ns",
                arguments: [machine, from, to])
        }
    }

    // MARK: Holds

    /// Places a hold in one transaction: on the scope's lots, and with `contain` on their whole
    /// forward closure not yet consumed or scrapped. What has shipped is listed, not held, and
    /// kept with the hold (`hold_shipment`): every later read of the hold lists it too.
    public func placeHold(
        scope: String, target: String, from: Timestamp?, to: Timestamp?, reason: String, reasonCode: String?, contain: Bool, user: String,
        at: Timestamp, audit: AuditRecord
    ) throws -> Hold {
        try pool.write { db in
            var lots: [String]
            switch scope {
            case "lot":
                guard try Self.lot(target, db) != nil else { throw LotError("no lot \(target)") }
                lots = [target]
            case "work_order":
                lots = try String.fetchAll(db, sql: "SELECT id FROM lot WHERE work_order = ?", arguments: [target])
            case "machine":
                guard let from, let to else { throw LotError("a machine hold needs a window: from and to") }
                lots = try String.fetchAll(
                    db, sql: "SELECT id FROM lot WHERE machine = ? AND origin = 'produced' AND created_ns >= ? AND created_ns < ?",
                    arguments: [target, from, to])
            case "supplier_lot":
                lots = try String.fetchAll(db, sql: "SELECT id FROM lot WHERE supplier_lot = ?", arguments: [target])
            default:
                throw LotError("a hold is on a lot, a work order, a machine or a supplier lot")
            }
            if contain && !lots.isEmpty {
                lots = try Self.trace(lots, forward: true, db).lots.map(\.id)
            }
            // Held: what is still in the plant (not consumed, scrapped or shipped); listed with
            // the hold: what has shipped.
            let json = Self.jsonArray(lots)
            let holdable = try String.fetchAll(
                db, sql: "SELECT id FROM lot WHERE id IN (SELECT value FROM json_each(?)) AND status IN ('available', 'held') ORDER BY id",
                arguments: [json])
            try db.execute(
                sql:
                    "INSERT INTO hold(scope, target, from_ns, to_ns, reason_code, reason, placed_by, placed_ns, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'active')",
                arguments: [scope, target, from, to, reasonCode, reason, user, at])
            let id = db.lastInsertedRowID
            let stmt = try db.cachedStatement(sql: "INSERT OR IGNORE INTO hold_lot(hold_id, lot) VALUES (?, ?)")
            for l in holdable { try stmt.execute(arguments: [id, l]) }
            try db.execute(
                sql: "INSERT INTO hold_shipment(hold_id, shipment_id) SELECT ?, id FROM shipment WHERE lot IN (SELECT value FROM json_each(?))",
                arguments: [id, json])
            try db.execute(sql: "UPDATE lot SET status = 'held' WHERE id IN (SELECT lot FROM hold_lot WHERE hold_id = ?)", arguments: [id])
            guard let hold = try Self.hold(id, db) else { throw LotError("hold #\(id) was not stored") }
            var record = audit
            record.object = "hold:\(id)"
            record.after = "holds \(holdable.count) lot(s)" + (hold.shipped.isEmpty ? "" : "; \(hold.shipped.count) already shipped")
            try self.append(record, db)
            return hold
        }
    }

    /// Releases a hold in one transaction: the hold as stored now goes to `decide` (GembaCore's
    /// `HoldDecision.release`), and each lot it moves goes to available (use as is, rework),
    /// scrapped (scrap) or back to its supplier (return to vendor). Two people releasing one
    /// hold get one winner.
    public func releaseHold(_ id: Int64, decide: (HoldDecision.Context) throws -> HoldDecision.Release) throws -> Hold {
        try pool.write { db in
            let hold = try Self.hold(id, db)
            var stillHeld: Set<String> = []
            for l in hold?.lots ?? [] {
                let other =
                    try Bool.fetchOne(
                        db, sql: "SELECT 1 FROM hold_lot hl JOIN hold h ON h.id = hl.hold_id WHERE hl.lot = ? AND h.status = 'active' AND h.id <> ?",
                        arguments: [l, id]) ?? false
                if other { stillHeld.insert(l) }
            }
            let release = try decide(HoldDecision.Context(hold: hold, stillHeld: stillHeld))
            let r = release.audit
            try db.execute(
                sql: "UPDATE hold SET status = 'released', disposition = ?, released_by = ?, released_ns = ?, comment = ? WHERE id = ?",
                arguments: [release.disposition.rawValue, r.user, r.at, r.comment, id])
            for (lot, status) in release.lots {
                try db.execute(sql: "UPDATE lot SET status = ? WHERE id = ? AND status = 'held'", arguments: [status.rawValue, lot])
            }
            for lot in release.returned {
                let supplier = try String.fetchOne(db, sql: "SELECT supplier FROM lot WHERE id = ?", arguments: [lot]) ?? "vendor"
                try db.execute(
                    sql: "INSERT INTO shipment(lot, customer_order, quantity, at_ns, user) SELECT id, ?, quantity, ?, ? FROM lot WHERE id = ?",
                    arguments: ["return:\(supplier)", r.at, r.user, lot])
            }
            try self.append(r, db)
            guard let released = try Self.hold(id, db) else { throw LotError("hold #\(id) was not stored") }
            return released
        }
    }

    public func holds() throws -> [Hold] {
        try pool.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM hold ORDER BY id DESC").compactMap { try Self.hold($0, db) } }
    }

    /// Work orders under an active hold, with its reason (they leave the schedule).
    public func heldOrders() throws -> [String: String] {
        try pool.read { db in
            var out: [String: String] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT id, target, reason FROM hold WHERE scope = 'work_order' AND status = 'active'") {
                let id: Int64 = r["id"]
                let reason: String = r["reason"]
                out[r["target"]] = "held (hold #\(id): \(reason))"
            }
            return out
        }
    }

    static func hold(_ id: Int64, _ db: Database) throws -> Hold? {
        guard let r = try Row.fetchOne(db, sql: "SELECT * FROM hold WHERE id = ?", arguments: [id]) else { return nil }
        let lots = try String.fetchAll(db, sql: "SELECT lot FROM hold_lot WHERE hold_id = ? ORDER BY lot", arguments: [id])
        let shipped = try Row.fetchAll(
            db,
            sql: "SELECT s.* FROM hold_shipment hs JOIN shipment s ON s.id = hs.shipment_id WHERE hs.hold_id = ? ORDER BY s.at_ns, s.id",
            arguments: [id]
        ).map { Shipment(lot: $0["lot"], customerOrder: $0["customer_order"], quantity: $0["quantity"], at: ISOTime.format($0["at_ns"])) }
        return Hold(
            id: id, scope: r["scope"], target: r["target"], lots: lots, reason: r["reason"], reasonCode: r["reason_code"], placedBy: r["placed_by"],
            placedAt: ISOTime.format(r["placed_ns"]), status: r["status"], disposition: r["disposition"], releasedBy: r["released_by"],
            releasedAt: (r["released_ns"] as Int64?).map(ISOTime.format), comment: r["comment"], shipped: shipped)
    }
}
