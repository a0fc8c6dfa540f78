extension Requests {
    /// `gemba backup --to FILE`: a consistent copy of the running database (SQLite's online
    /// backup), taken while ingest goes on, checked (`integrity_check`, the audit chain) before
    /// it is put in place under its name.
    public struct Backup: ConsoleRequestPayload {
        public typealias Response = BackupResult
        public static let type = "backup"
        public static let permission = Permission.backupDatabase
        /// An absolute path the daemon's user may write; an existing file is not overwritten.
        public var path: String
        public init(path: String) { self.path = path }
        public var auditObject: String { "database" }
        public var auditComment: String? { path }
    }
}

/// The answer to `backup`: where the copy is, how big, and what checked it.
public struct BackupResult: Sendable, Equatable, Codable {
    public var path: String
    public var bytes: Int64
    /// `ok`, as SQLite's `PRAGMA integrity_check` said of the copy.
    public var integrity: String
    /// The audit records in the copy; its hash chain was recomputed and is intact.
    public var auditRecords: Int64
    /// How long the copy and its checks took.
    public var seconds: Double

    public init(path: String, bytes: Int64, integrity: String, auditRecords: Int64, seconds: Double) {
        self.path = path
        self.bytes = bytes
        self.integrity = integrity
        self.auditRecords = auditRecords
        self.seconds = seconds
    }

    enum CodingKeys: String, CodingKey {
        case path, bytes, integrity, seconds
        case auditRecords = "audit_records"
    }
}
