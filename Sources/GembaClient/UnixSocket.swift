#if canImport(Glibc)
import GembaCore
import Glibc
#endif

/// Why a client could not talk to the daemon, in words a person can act on.
public struct ConnectionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A connected Unix stream socket to the daemon: the one way every client (the console,
/// the CLI verbs, the telemetry sender, replay and the simulator) reaches it. Writes are
/// whole or fail; closing is the owner's.
struct UnixSocket {
    let fd: Int32

    /// Connects to `path`; errors say what to do (start a daemon, ask for the group). A socket
    /// in a directory other users may write in is refused: its socket could be anyone's.
    static func connect(_ path: String) throws(ConnectionError) -> UnixSocket {
        try checkDirectory(of: path)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else {
            throw ConnectionError("socket path \(path) is too long (\(bytes.count) bytes; at most \(MemoryLayout.size(ofValue: addr.sun_path) - 1))")
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ConnectionError("cannot create a socket: \(String(cString: strerror(errno)))") }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if rc != 0 {
            let err = errno
            Glibc.close(fd)
            switch err {
            case ENOENT, ECONNREFUSED:
                throw ConnectionError("no gemba daemon at \(path) (start one with `gemba serve`, or pass --runtime-dir)")
            case EACCES:
                throw ConnectionError("permission denied on \(path): ask for the console group")
            default:
                throw ConnectionError("cannot connect to \(path): \(String(cString: strerror(err)))")
            }
        }
        return UnixSocket(fd: fd)
    }

    /// Refuses a socket whose directory is writable by others; the per-user default
    /// (`/tmp/gemba-UID`) must also be this user's own.
    static func checkDirectory(of socketPath: String) throws(ConnectionError) {
        guard let slash = socketPath.lastIndex(of: "/") else { return }
        let directory = String(socketPath[..<slash])
        var st = stat()
        guard !directory.isEmpty, lstat(directory, &st) == 0 else { return }
        let owners: [UInt32]? = directory == "/tmp/gemba-\(getuid())" ? [getuid()] : nil
        if let problem = RuntimeDirectoryPolicy.problem(owner: st.st_uid, mode: UInt32(st.st_mode), owners: owners) {
            throw ConnectionError("runtime directory \(directory) \(problem)")
        }
    }

    /// Writes all of `bytes`, retrying short writes and interruptions.
    func write(_ bytes: UnsafeRawBufferPointer) throws(ConnectionError) {
        guard let base = bytes.baseAddress else { return }
        var off = 0
        while off < bytes.count {
            let n = Glibc.send(fd, base + off, bytes.count - off, Int32(MSG_NOSIGNAL))
            if n < 0 {
                if errno == EINTR { continue }
                throw ConnectionError("lost the connection to the daemon: \(String(cString: strerror(errno)))")
            }
            off += n
        }
    }

    func write(_ bytes: [UInt8]) throws(ConnectionError) {
        let result: Result<Void, ConnectionError> = bytes.withUnsafeBytes { raw in
            do throws(ConnectionError) {
                try write(raw)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }

    func close() { _ = Glibc.close(fd) }

    /// Wakes a thread blocked reading this socket.
    func shutdown() { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }
}
