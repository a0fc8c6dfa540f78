import GRDB
import GembaCore

/// SPC points in the store: written with each batch (sampled values) or with their audit
/// record (measurements), read back for charts, limits and a restart.
extension FloorStore {
    static func writeSPC(_ points: [SPCStoredPoint], _ db: Database) throws {
        guard !points.isEmpty else { return }
        let stmt = try db.cachedStatement(sql: "INSERT INTO spc_point(characteristic, t, n, mean, range, sd, sum_sq) VALUES (?, ?, ?, ?, ?, ?, ?)")
        for p in points { try stmt.execute(arguments: [p.characteristic, p.t, p.n, p.mean, p.range, p.sd, p.sumOfSquares]) }
    }

    /// A measured subgroup and its audit record, in one transaction.
    public func recordMeasurement(_ point: SPCStoredPoint, audit: AuditRecord) throws -> AuditRecord {
        try pool.write { db in
            try Self.writeSPC([point], db)
            return try self.append(audit, db)
        }
    }

    /// A characteristic's points with t in [from, to), oldest first, at most `limit`.
    public func spcPoints(_ id: String, from: Timestamp, to: Timestamp, limit: Int = 1_000_000) throws -> [SPCStoredPoint] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT t, n, mean, range, sd, sum_sq FROM spc_point WHERE characteristic = ? AND t >= ? AND t < ? ORDER BY t, id LIMIT ?",
                arguments: [id, from, to, limit]
            ).map { Self.point(id, $0) }
        }
    }

    /// The first `limit` points of a characteristic (its automatic baseline).
    public func firstSPCPoints(_ id: String, limit: Int) throws -> [SPCStoredPoint] {
        try spcPoints(id, from: .min, to: .max, limit: limit)
    }

    /// The last `limit` points before `to`, oldest first (the runs the rules look back over).
    public func lastSPCPoints(_ id: String, before to: Timestamp = .max, limit: Int) throws -> [SPCStoredPoint] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT t, n, mean, range, sd, sum_sq FROM spc_point WHERE characteristic = ? AND t < ? ORDER BY t DESC, id DESC LIMIT ?",
                arguments: [id, to, limit]
            ).map { Self.point(id, $0) }.reversed()
        }
    }

    private static func point(_ id: String, _ r: Row) -> SPCStoredPoint {
        SPCStoredPoint(characteristic: id, t: r[0], n: r[1], mean: r[2], range: r[3], sd: r[4], sumOfSquares: r[5])
    }
}
