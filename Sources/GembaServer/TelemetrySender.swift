#if canImport(Glibc)
import Glibc
#endif
import GembaCore

/// A telemetry client over the daemon's Unix socket, as any line-protocol writer
/// would be: the simulator, `gemba replay` and tests use it.
public final class TelemetrySender {
    private var fd: Int32 = -1
    public let path: String

    public init(path: String) { self.path = path }

    deinit { disconnect() }

    public var isConnected: Bool { fd >= 0 }

    public func connect() throws(DaemonError) {
        disconnect()
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else { throw .bind(path, "path too long") }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        let s = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard s >= 0 else { throw .bind(path, String(cString: strerror(errno))) }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(s, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard rc == 0 else {
            let why = String(cString: strerror(errno))
            close(s)
            throw .bind(path, why)
        }
        fd = s
    }

    public func disconnect() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    /// Writes bytes whole, or throws when the daemon went away.
    public func send(_ bytes: UnsafeRawBufferPointer) throws(DaemonError) {
        guard let base = bytes.baseAddress else { return }
        var off = 0
        while off < bytes.count {
            let n = Glibc.send(fd, base + off, bytes.count - off, Int32(MSG_NOSIGNAL))
            if n < 0 {
                if errno == EINTR { continue }
                let why = String(cString: strerror(errno))
                disconnect()
                throw .bind(path, why)
            }
            off += n
        }
    }

    public func send(lines: [String]) throws(DaemonError) {
        guard !lines.isEmpty else { return }
        var text = lines.joined(separator: "\n")
        text.append("\n")
        let utf8 = Array(text.utf8)
        let result: Result<Void, DaemonError> = utf8.withUnsafeBytes { raw in
            do throws(DaemonError) {
                try send(raw)
                return .success(())
            } catch {
                return .failure(error)
            }
        }
        try result.get()
    }
}
