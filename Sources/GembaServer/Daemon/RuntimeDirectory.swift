import GembaCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the daemon does with its runtime directory (the paths are GembaCore's, shared with
/// every client): check the socket paths fit, and create the directory or refuse the one there.
extension RuntimeDirectory {
    public func validate() throws(DaemonError) {
        if telemetrySocket.utf8.count > Self.maximumSocketPath {
            throw .runtimeDirectory(path, "socket paths under it would exceed \(Self.maximumSocketPath) bytes; choose a shorter --runtime-dir")
        }
    }

    /// Creates the directory with mode 0700 (the daemon later opens it to 0750 for a
    /// `console_group`), or checks the one there: it must be the daemon user's and writable
    /// by nobody else (`RuntimeDirectoryPolicy`), else the daemon refuses to start in it.
    public func create() throws(DaemonError) {
        var st = stat()
        if lstat(path, &st) == 0 {
            if st.st_mode & S_IFMT != S_IFDIR { throw .runtimeDirectory(path, "exists and is not a directory") }
            if let problem = RuntimeDirectoryPolicy.problem(owner: st.st_uid, mode: UInt32(st.st_mode), owners: [geteuid()]) {
                throw .runtimeDirectory(path, problem)
            }
            return
        }
        // Create parents one by one; the directory itself 0700 whatever the umask.
        var partial = ""
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            partial += "/" + part
            if stat(partial, &st) != 0 && mkdir(partial, 0o700) != 0 && errno != EEXIST {
                throw .runtimeDirectory(path, "cannot create: \(String(cString: strerror(errno)))")
            }
        }
        chmod(path, mode_t(RuntimeDirectoryPolicy.mode(consoleGroup: false)))
    }
}

/// Why the daemon could not start or run.
public enum DaemonError: Error, Sendable, CustomStringConvertible, Equatable {
    case runtimeDirectory(String, String)
    case alreadyRunning(directory: String, pid: String)
    case bind(String, String)
    case database(String, String)
    case mqtt(String, String)

    public var description: String {
        switch self {
        case .runtimeDirectory(let p, let why): return "runtime directory \(p): \(why)"
        case .alreadyRunning(let d, let pid):
            return "another gemba daemon (pid \(pid)) is running on \(d); stop it or use another --runtime-dir"
        case .bind(let what, let why): return "cannot listen on \(what): \(why)"
        case .database(let p, let why): return "database \(p): \(why)"
        case .mqtt(let broker, let why): return "MQTT broker \(broker): \(why)"
        }
    }
}

/// An exclusive lock on the runtime directory, held for the daemon's life, so that a
/// second daemon refuses to start instead of unlinking a live daemon's sockets.
public final class RuntimeLock: Sendable {
    private let fd: Int32
    public let path: String

    public init(directory: RuntimeDirectory) throws(DaemonError) {
        path = directory.lockFile
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard fd >= 0 else {
            throw .runtimeDirectory(directory.path, "cannot open lock file: \(String(cString: strerror(errno)))")
        }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            var buf = [UInt8](repeating: 0, count: 32)
            let n = pread(fd, &buf, 31, 0)
            let pid = n > 0 ? String(decoding: buf[0..<n], as: UTF8.self).trimmingNewline() : "unknown"
            close(fd)
            throw .alreadyRunning(directory: directory.path, pid: pid)
        }
        _ = ftruncate(fd, 0)
        let text = "\(getpid())\n"
        _ = text.withCString { pwrite(fd, $0, strlen($0), 0) }
        self.fd = fd
    }

    deinit {
        _ = flock(fd, LOCK_UN)
        close(fd)
    }
}

extension String {
    func trimmingNewline() -> String {
        var s = self
        while s.last == "\n" || s.last == " " { s.removeLast() }
        return s
    }
}
