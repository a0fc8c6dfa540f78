import GembaCore

#if canImport(Glibc)
import Glibc
#endif

/// What the daemon knows of itself for the snapshot's `daemon`: fixed at start, except the
/// database's size, which is read from the disk at each answer.
///
/// It exists so that the console service (snapshots) and the flusher (a delta when the size
/// changed) build `DaemonInfo` the same way, from the daemon's options and start time.
struct DaemonFacts: Sendable {
    let version: String
    let startedAt: Timestamp
    let databasePath: String
    let runtimeDir: String

    /// Relative paths (`--db gemba.db`) are named from the daemon's working directory at start.
    init(version: String, startedAt: Timestamp, databasePath: String, runtimeDir: String) {
        self.version = version
        self.startedAt = startedAt
        self.databasePath = Self.absolute(databasePath)
        self.runtimeDir = Self.absolute(runtimeDir)
    }

    /// The daemon as of `now`.
    func info(now: Timestamp) -> DaemonInfo {
        DaemonInfo(
            version: version, startedAt: startedAt, now: now, database: databasePath, bytes: Self.databaseBytes(databasePath),
            runtimeDir: runtimeDir)
    }

    /// The main file plus its -wal (absent between checkpoints that remove it: 0); nil when
    /// the main file cannot be read.
    static func databaseBytes(_ path: String) -> Int64? {
        guard let main = fileBytes(path) else { return nil }
        return main + (fileBytes(path + "-wal") ?? 0)
    }

    private static func absolute(_ path: String) -> String {
        guard !path.hasPrefix("/"), let cwd = getcwd(nil, 0) else { return path }
        defer { free(cwd) }
        return String(cString: cwd) + "/" + path
    }

    private static func fileBytes(_ path: String) -> Int64? {
        var s = stat()
        guard stat(path, &s) == 0 else { return nil }
        return Int64(s.st_size)
    }
}
