import Foundation
import GRDB
import GembaAuditChain
import GembaCore

/// The append-only, hash-chained audit trail in the store.
extension FloorStore {
    /// Appends one record inside an open write transaction: its sequence number and
    /// previous hash come from the last stored record, so the chain holds whichever
    /// thread writes. Returns the record as stored.
    @discardableResult
    func append(_ draft: AuditRecord, _ db: Database) throws -> AuditRecord {
        var r = draft
        let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
        r.seq = (last?["seq"] as Int64? ?? 0) + 1
        r.prevHash = last?["hash"] ?? ""
        r.hash = r.computedHash(after: r.prevHash)
        if let key = auditKey, r.seq >= key.from { r.mac = r.anchor(key: key.bytes) }
        try db.execute(
            sql: """
                INSERT INTO audit(seq, at_ns, user, uid, role, action, object, before, after, comment, outcome, prev_hash, hash, mac)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                r.seq, r.at, r.user, Int64(r.uid), r.role, r.action, r.object, r.before, r.after, r.comment, r.outcome,
                r.prevHash, r.hash, r.mac,
            ])
        return r
    }

    /// Appends one audit record in its own transaction.
    @discardableResult
    public func appendAudit(_ draft: AuditRecord) throws -> AuditRecord {
        try pool.write { db in try self.append(draft, db) }
    }

    /// Records newest first, filtered by time and object.
    public func auditRecords(since: Timestamp? = nil, object: String? = nil, limit: Int = 1000) throws -> [AuditRecord] {
        try pool.read { db in
            var sql = "SELECT * FROM audit WHERE 1 = 1"
            var args: [any DatabaseValueConvertible] = []
            if let since {
                sql += " AND at_ns >= ?"
                args.append(since)
            }
            if let object {
                sql += " AND (object = ? OR object LIKE ?)"
                args.append(object)
                args.append("%:" + object)
            }
            sql += " ORDER BY seq DESC LIMIT ?"
            args.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map(Self.auditRecord)
        }
    }

    /// The last record (the trail's head), or nil while the trail is empty.
    public func auditHead() throws -> AuditRecord? {
        try pool.read { db in try Row.fetchOne(db, sql: "SELECT * FROM audit ORDER BY seq DESC LIMIT 1").map(Self.auditRecord) }
    }

    /// The number the next record will get.
    public func nextAuditSeq() throws -> Int64 {
        try pool.read { db in (try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM audit") ?? 0) + 1 }
    }

    /// The first record carrying an anchor, if any.
    public func firstAnchoredSeq() throws -> Int64? {
        try pool.read { db in try Int64.fetchOne(db, sql: "SELECT MIN(seq) FROM audit WHERE mac IS NOT NULL") }
    }

    /// Recomputes the whole chain (and the anchors, with the key).
    public func verifyAudit() throws -> AuditVerification {
        try pool.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY seq")
            return AuditVerification.verify(rows.map(Self.auditRecord), key: auditKey)
        }
    }

    static func auditRecord(_ row: Row) -> AuditRecord {
        let uid: Int64 = row["uid"]
        return AuditRecord(
            seq: row["seq"], at: row["at_ns"], user: row["user"], uid: UInt32(truncatingIfNeeded: uid), role: row["role"],
            action: row["action"], object: row["object"], before: row["before"], after: row["after"],
            comment: row["comment"], outcome: row["outcome"], prevHash: row["prev_hash"], hash: row["hash"], mac: row["mac"])
    }
}

extension FloorStore {
    /// SQLite's own check of the file (`PRAGMA integrity_check`): "ok", or what is damaged.
    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ") }
    }

    /// Runs raw SQL. Tests use it to tamper with a database as someone with file
    /// access could; the daemon never calls it.
    public func unsafeExecuteForTests(_ sql: String) throws {
        try pool.write { db in try db.execute(sql: sql) }
    }
}
