/// The daemon itself, as the snapshot shows it: which build answers, since when, where its
/// database and runtime directory are, and how big the database has grown.
///
/// It exists so that the console's Status screen and `gemba status` can say which daemon they
/// talk to and what it holds on disk, beside the telemetry counters, without a shell on the
/// daemon's host (issue 11).
public struct DaemonInfo: Sendable, Equatable, Codable {
    /// The daemon's version (`gemba --version`).
    public var version: String
    /// When it started, ISO 8601 UTC, and the same instant in nanoseconds.
    public var startedAt: String
    public var startedAtNanos: Timestamp
    /// Whole seconds from the start to the answer (`server_time`).
    public var uptimeSeconds: Int64
    public var database: DatabaseInfo
    /// The directory of its sockets and lock.
    public var runtimeDir: String

    enum CodingKeys: String, CodingKey {
        case version, database
        case startedAt = "started_at"
        case startedAtNanos = "started_at_ns"
        case uptimeSeconds = "uptime_seconds"
        case runtimeDir = "runtime_dir"
    }

    /// - Parameters:
    ///   - now: the daemon's clock at the answer; the uptime runs to it.
    ///   - bytes: the database's size (main file and -wal), nil when it could not be read.
    public init(version: String, startedAt: Timestamp, now: Timestamp, database: String, bytes: Int64?, runtimeDir: String) {
        self.version = version
        self.startedAt = ISOTime.format(startedAt)
        self.startedAtNanos = startedAt
        self.uptimeSeconds = max(now.clampedSubtracting(startedAt), 0) / Nanos.perSecond
        self.database = DatabaseInfo(path: database, bytes: bytes)
        self.runtimeDir = runtimeDir
    }
}

/// The daemon's SQLite database: where it is and its size on disk.
public struct DatabaseInfo: Sendable, Equatable, Codable {
    public var path: String
    /// The main file plus its write-ahead log (`-wal`), in bytes; null when it could not be read.
    public var bytes: Int64?

    public init(path: String, bytes: Int64?) {
        self.path = path
        self.bytes = bytes
    }

    // `bytes` is written as `null` when unknown, never left out: scripts read every key.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(path, forKey: .path)
        try c.encode(bytes, forKey: .bytes)
    }

    enum CodingKeys: String, CodingKey { case path, bytes }
}
