#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GembaCore

/// Why a console could not talk to the daemon, in words a person can act on.
public struct ConnectionError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The client end of the console protocol over the daemon's Unix socket: blocking
/// reads and writes on one file descriptor, for the CLI verbs and the console's
/// reader thread. Not thread-safe: one owner at a time (the console gives reading
/// to one thread and serialises writes with a lock).
// @unchecked: reads belong to one thread and writes to callers that serialise them
// (ConsoleFeed's lock); `shutdown()` only calls shutdown(2), safe from any thread.
public final class ConsoleConnection: @unchecked Sendable {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var nextID = 1
    public let path: String
    public private(set) var hello: ServerHello?

    /// Connects and reads the daemon's `hello`.
    public init(path: String) throws {
        self.path = path
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: addr.sun_path) else {
            throw ConnectionError("socket path \(path) is too long")
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw ConnectionError("cannot create a socket: \(String(cString: strerror(errno)))") }
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
            raw[bytes.count] = 0
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if rc != 0 {
            let err = errno
            close(fd)
            switch err {
            case ENOENT, ECONNREFUSED:
                throw ConnectionError("no gemba daemon at \(path) (start one with `gemba serve`, or pass --runtime-dir)")
            case EACCES:
                throw ConnectionError("permission denied on \(path): ask for the console group")
            default:
                throw ConnectionError("cannot connect to \(path): \(String(cString: strerror(err)))")
            }
        }
        self.fd = fd
        let first = try readLine(timeout: 5)
        let decoder = JSONDecoder()
        guard let header = try? decoder.decode(MessageHeader.self, from: first) else {
            throw ConnectionError("the daemon at \(path) did not greet with a console-protocol hello")
        }
        if header.type == "reply", header.ok == false, let e = header.error {
            throw ConnectionError("the daemon refused this console: \(e.message)")
        }
        guard header.type == "hello", let hello = try? decoder.decode(ServerHello.self, from: first) else {
            throw ConnectionError("the daemon at \(path) did not greet with a console-protocol hello")
        }
        guard hello.protocol == ConsoleProtocol.version else {
            throw ConnectionError("the daemon speaks console protocol \(hello.protocol), this console \(ConsoleProtocol.version)")
        }
        self.hello = hello
    }

    deinit { close(fd) }

    /// Shuts the socket down so that a thread blocked reading it wakes up.
    public func shutdown() { _ = Glibc.shutdown(fd, Int32(SHUT_RDWR)) }

    /// Sends a request and returns the id it was given.
    @discardableResult
    public func send(_ request: ClientRequest) throws -> Int {
        var r = request
        let id = nextID
        nextID += 1
        r.id = id
        var data = try JSONEncoder().encode(r)
        data.append(UInt8(ascii: "\n"))
        try data.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var off = 0
            while off < raw.count {
                let n = Glibc.send(fd, base + off, raw.count - off, Int32(MSG_NOSIGNAL))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw ConnectionError("lost the connection to the daemon: \(String(cString: strerror(errno)))")
                }
                off += n
            }
        }
        return id
    }

    /// Reads one message line; `timeout` in seconds (nil waits for ever).
    public func readLine(timeout: Double? = nil) throws -> Data {
        let deadline = timeout.map { Date().addingTimeInterval($0) }
        while true {
            if let nl = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Data(buffer[..<nl])
                buffer.removeFirst(nl + 1)
                return line
            }
            if let deadline {
                let left = deadline.timeIntervalSinceNow
                guard left > 0 else { throw ConnectionError("the daemon did not answer in time") }
                var pfd = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let rc = poll(&pfd, 1, Int32(left * 1000) + 1)
                if rc == 0 { continue }
                if rc < 0 && errno != EINTR { throw ConnectionError("poll failed: \(String(cString: strerror(errno)))") }
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = recv(fd, &chunk, chunk.count, 0)
            if n == 0 { throw ConnectionError("the daemon closed the connection") }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw ConnectionError("lost the connection to the daemon: \(String(cString: strerror(errno)))")
            }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }

    /// Sends a request and waits for its reply, skipping pushed events.
    public func request<T: Codable & Sendable>(_ request: ClientRequest, as type: T.Type, timeout: Double = 10) throws -> T {
        let id = try send(request)
        let decoder = JSONDecoder()
        while true {
            let line = try readLine(timeout: timeout)
            guard let header = try? decoder.decode(MessageHeader.self, from: line), header.type == "reply", header.id == id
            else { continue }
            if header.ok == false {
                throw ConnectionError(header.error?.message ?? "the daemon refused the request")
            }
            return try decoder.decode(Reply<T>.self, from: line).result
        }
    }
}
