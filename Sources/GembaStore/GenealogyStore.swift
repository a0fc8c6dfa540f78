import Foundation
import GRDB
import GembaCore

/// Lots, their genealogy, shipments and quality holds. Every movement is one
/// transaction that checks what it relies on (the lot exists, is available, is not
/// held, has the quantity) and writes its audit record.
extension FloorStore {
    // MARK: Movements

    public func receiveLot(
        _ id: String, material: MaterialConfig, quantity: Double, supplier: String?, supplierLot: String?, user: String, at: Timestamp,
        audit: AuditRecord
    ) throws -> Lot {
        guard quantity > 0, quantity.isFinite else { throw LotError("a received quantity must be above zero") }
        return try pool.write { db in
            try Self.mustBeNew(id, db)
            try db.execute(
                sql: """
                    INSERT INTO lot(id, material, quantity, unit, status, origin, supplier, supplier_lot, created_ns, created_by)
                    VALUES (?, ?, ?, ?, 'available', 'received', ?, ?, ?, ?)
                    """, arguments: [id, material.id, quantity, material.unit, supplier, supplierLot, at, user])
            try self.append(audit, db)
            return try Self.lot(id, db)!
        }
    }

    public func produceLot(
        _ id: String, material: MaterialConfig, quantity: Double, inputs: [(lot: String, quantity: Double)], machine: String?,
        workOrder: String?, operation: String?, user: String, at: Timestamp, audit: AuditRecord
    ) throws -> Lot {
        try pool.write { db in
            try self.produce(
                id, material: material, quantity: quantity, inputs: inputs, machine: machine, workOrder: workOrder, operation: operation, user: user,
                at: at, audit: audit, db)
        }
    }

    /// A lot made from inputs, inside the caller's transaction: each input is taken by the lot rules.
    func produce(
        _ id: String, material: MaterialConfig, quantity: Double, inputs: [(lot: String, quantity: Double)], machine: String?,
        workOrder: String?, operation: String?, user: String, at: Timestamp, audit: AuditRecord, _ db: Database
    ) throws -> Lot {
        guard quantity > 0, quantity.isFinite else { throw LotError("a produced quantity must be above zero") }
        try Self.mustBeNew(id, db)
        for input in inputs { try Self.take(input.lot, input.quantity, for: .consume, db) }
        try db.execute(
            sql: """
                INSERT INTO lot(id, material, quantity, unit, status, origin, machine, work_order, operation, created_ns, created_by)
                VALUES (?, ?, ?, ?, 'available', 'produced', ?, ?, ?, ?, ?)
                """, arguments: [id, material.id, quantity, material.unit, machine, workOrder, operation, at, user])
        for input in inputs {
            try Self.link(
                input.lot, id, "consumed", input.quantity, workOrder: workOrder, operation: operation, machine: machine, at: at, user: user, db)
        }
        try self.append(audit, db)
        guard let made = try Self.lot(id, db) else { throw LotError("lot \(id) was not stored") }
        return made
    }

    public func splitLot(_ id: String, into parts: [(lot: String, quantity: Double)], user: String, at: Timestamp, audit: AuditRecord) throws -> [Lot]
    {
        guard !parts.isEmpty else { throw LotError("a split needs at least one new lot") }
        return try pool.write { db in
            guard let parent = try Self.lot(id, db) else { throw LotError("no lot \(id)") }
            let total = parts.reduce(0) { $0 + $1.quantity }
            guard parts.allSatisfy({ $0.quantity > 0 }) else { throw LotError("every part of a split needs a quantity above zero") }
            try Self.take(id, total, for: .split, db)
            for p in parts {
                try Self.mustBeNew(p.lot, db)
                try db.execute(
                    sql: """
                        INSERT INTO lot(id, material, quantity, unit, status, origin, supplier, supplier_lot, machine, work_order, operation, created_ns, created_by)
                        VALUES (?, ?, ?, ?, 'available', 'split', ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        p.lot, parent.material, p.quantity, parent.unit, parent.supplier, parent.supplierLot, parent.machine, parent.workOrder,
                        parent.operation, at, user,
                    ])
                try Self.link(id, p.lot, "split", p.quantity, workOrder: nil, operation: nil, machine: nil, at: at, user: user, db)
            }
            try self.append(audit, db)
            return try parts.compactMap { try Self.lot($0.lot, db) }
        }
    }

    public func mergeLots(into id: String, from lots: [String], user: String, at: Timestamp, audit: AuditRecord) throws -> Lot {
        guard lots.count >= 2 else { throw LotError("a merge needs two lots or more") }
        guard Set(lots).count == lots.count else { throw LotError("a lot appears twice in the merge") }
        return try pool.write { db in
            try Self.mustBeNew(id, db)
            var material: String?
            var unit = ""
            var taken: [(String, Double)] = []
            for l in lots {
                guard let lot = try Self.lot(l, db) else { throw LotError("no lot \(l)") }
                if let m = material, m != lot.material { throw LotError("\(l) is \(lot.material), not \(m): only lots of one material merge") }
                material = lot.material
                unit = lot.unit
                try Self.take(l, lot.quantity, for: .merge, db)
                taken.append((l, lot.quantity))
            }
            try db.execute(
                sql:
                    "INSERT INTO lot(id, material, quantity, unit, status, origin, created_ns, created_by) VALUES (?, ?, ?, ?, 'available', 'merged', ?, ?)",
                arguments: [id, material ?? "", taken.reduce(0) { $0 + $1.1 }, unit, at, user])
            for (l, q) in taken {
                try Self.link(l, id, "merged", q, workOrder: nil, operation: nil, machine: nil, at: at, user: user, db)
            }
            try self.append(audit, db)
            return try Self.lot(id, db)!
        }
    }

    public func shipLot(_ id: String, customerOrder: String, user: String, at: Timestamp, audit: AuditRecord) throws -> Shipment {
        try pool.write { db in
            guard let lot = try Self.lot(id, db) else { throw LotError("no lot \(id)") }
            try LotRules.mustBeMovable(lot, hold: try Self.activeHold(id, db), for: .ship)
            try db.execute(sql: "UPDATE lot SET status = 'shipped' WHERE id = ?", arguments: [id])
            try db.execute(
                sql: "INSERT INTO shipment(lot, customer_order, quantity, at_ns, user) VALUES (?, ?, ?, ?, ?)",
                arguments: [id, customerOrder, lot.quantity, at, user])
            try self.append(audit, db)
            return Shipment(lot: id, customerOrder: customerOrder, quantity: lot.quantity, at: ISOTime.format(at))
        }
    }

    public func lot(_ id: String) throws -> Lot? { try pool.read { db in try Self.lot(id, db) } }

    // MARK: Rules

    static func mustBeNew(_ id: String, _ db: Database) throws {
        if let problem = LotRules.idProblem(id) { throw LotError(problem) }
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM lot WHERE id = ?", arguments: [id]) == true { throw LotError("lot \(id) exists already") }
    }

    /// The first active hold on a lot, if any.
    static func activeHold(_ lot: String, _ db: Database) throws -> LotRules.ActiveHold? {
        try Row.fetchOne(
            db,
            sql:
                "SELECT h.id, h.reason FROM hold_lot hl JOIN hold h ON h.id = hl.hold_id WHERE hl.lot = ? AND h.status = 'active' ORDER BY h.id LIMIT 1",
            arguments: [lot]
        ).map { LotRules.ActiveHold(id: $0["id"], reason: $0["reason"]) }
    }

    /// Takes `quantity` out of a lot by the lot rules; it is consumed when nothing is left.
    static func take(_ id: String, _ quantity: Double, for use: LotRules.Use, _ db: Database) throws {
        guard let lot = try lot(id, db) else { throw LotError("no lot \(id)") }
        let (left, status) = try LotRules.take(quantity, from: lot, hold: try activeHold(id, db), for: use)
        try db.execute(sql: "UPDATE lot SET quantity = ?, status = ? WHERE id = ?", arguments: [left, status.rawValue, id])
    }

    static func link(
        _ parent: String, _ child: String, _ kind: String, _ quantity: Double, workOrder: String?, operation: String?, machine: String?,
        at: Timestamp,
        user: String, _ db: Database
    ) throws {
        try db.execute(
            sql:
                "INSERT INTO lot_link(parent, child, kind, quantity, work_order, operation, machine, at_ns, user) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [parent, child, kind, quantity, workOrder, operation, machine, at, user])
    }

    static func lot(_ id: String, _ db: Database) throws -> Lot? {
        guard let r = try Row.fetchOne(db, sql: "SELECT * FROM lot WHERE id = ?", arguments: [id]) else { return nil }
        let holds = try Int64.fetchAll(
            db, sql: "SELECT h.id FROM hold_lot hl JOIN hold h ON h.id = hl.hold_id WHERE hl.lot = ? AND h.status = 'active' ORDER BY h.id",
            arguments: [id])
        return Lot(
            id: r["id"], material: r["material"], quantity: r["quantity"], unit: r["unit"], status: Lot.Status(rawValue: r["status"]) ?? .available,
            origin: r["origin"], supplier: r["supplier"], supplierLot: r["supplier_lot"], machine: r["machine"], workOrder: r["work_order"],
            operation: r["operation"], created: ISOTime.format(r["created_ns"]), createdBy: r["created_by"], holds: holds)
    }
}
