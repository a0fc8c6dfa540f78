import Foundation
import GembaCore

#if canImport(Glibc)
import Glibc
#endif

/// The client end of the console protocol over the daemon's Unix socket: typed requests
/// (`ConsoleRequestPayload`) out, their typed replies back, pushed events skipped or left to
/// the caller. Blocking reads and writes on one socket, for the CLI verbs and the console's
/// reader thread. Not thread-safe: one owner at a time (the console gives reading to one
/// thread and serialises writes with a lock).
// @unchecked: reads belong to one thread and writes to callers that serialise them
// (ConsoleFeed's lock); `shutdown()` only calls shutdown(2), safe from any thread.
public final class ConsoleConnection: @unchecked Sendable {
    private let socket: UnixSocket
    private var buffer: [UInt8] = []
    private var nextID = 1
    public let path: String
    public private(set) var hello: ServerHello?

    /// Connects and reads the daemon's `hello`.
    public init(path: String) throws(ConnectionError) {
        self.path = path
        socket = try UnixSocket.connect(path)
        let first = try readLine(timeout: 5)
        let decoder = JSONDecoder()
        let header: MessageHeader
        do { header = try decoder.decode(MessageHeader.self, from: first) } catch {
            throw ConnectionError("the daemon at \(path) did not greet with a console-protocol hello")
        }
        if header.type == "reply", header.ok == false, let e = header.error {
            throw ConnectionError("the daemon refused this console: \(e.message)")
        }
        let hello: ServerHello
        do {
            guard header.type == "hello" else { throw ConnectionError("no hello") }
            hello = try decoder.decode(ServerHello.self, from: first)
        } catch {
            throw ConnectionError("the daemon at \(path) did not greet with a console-protocol hello")
        }
        guard hello.protocol == ConsoleProtocol.version else {
            throw ConnectionError("the daemon speaks console protocol \(hello.protocol), this console \(ConsoleProtocol.version)")
        }
        self.hello = hello
    }

    deinit { socket.close() }

    /// Shuts the socket down so that a thread blocked reading it wakes up.
    public func shutdown() { socket.shutdown() }

    /// Sends a request and returns the id it was given.
    @discardableResult
    public func send(_ request: ConsoleRequest) throws(ConnectionError) -> Int {
        let id = takeID()
        let line: Data
        do { line = try RequestEnvelope(id: id, request).encoded() } catch {
            throw ConnectionError("the \(request.type) request cannot be encoded: \(error)")
        }
        try send(line: line)
        return id
    }

    @discardableResult
    public func send<P: ConsoleRequestPayload>(_ payload: P) throws(ConnectionError) -> Int {
        try send(ConsoleRequest(payload))
    }

    /// Sends a request and waits for its reply, skipping pushed events. A refusal is thrown
    /// as the daemon's `ProtocolError` (its code and reason); a lost daemon as `ConnectionError`.
    public func request<P: ConsoleRequestPayload>(_ payload: P, timeout: Double = 10) throws -> P.Response {
        try reply(to: try send(payload), as: P.Response.self, timeout: timeout)
    }

    /// A fresh request id, for a caller that writes its own line (`send(line:)`).
    public func takeID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    /// Writes one request line as given (a newline is added).
    public func send(line: Data) throws(ConnectionError) {
        var data = line
        data.append(UInt8(ascii: "\n"))
        try socket.write([UInt8](data))
    }

    /// Waits for the reply with `id`, skipping other messages, and decodes its result.
    public func reply<T: Codable & Sendable>(to id: Int, as type: T.Type, timeout: Double = 10) throws -> T {
        let decoder = JSONDecoder()
        while true {
            let line = try readLine(timeout: timeout)
            // Pushed deltas and replies to other requests are not ours: skip them, and a line that
            // is not a message at all (never sent by a daemon of this protocol) likewise.
            guard let header = try? decoder.decode(MessageHeader.self, from: line), header.type == "reply", header.id == id
            else { continue }
            if header.ok == false {
                throw header.error ?? ProtocolError(code: "refused", message: "the daemon refused the request")
            }
            return try decoder.decode(Reply<T>.self, from: line).result
        }
    }

    /// Reads one message line; `timeout` in seconds (nil waits for ever).
    public func readLine(timeout: Double? = nil) throws(ConnectionError) -> Data {
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
                var pfd = pollfd(fd: socket.fd, events: Int16(POLLIN), revents: 0)
                let rc = poll(&pfd, 1, Int32(left * 1000) + 1)
                if rc == 0 { continue }
                if rc < 0 && errno != EINTR { throw ConnectionError("poll failed: \(String(cString: strerror(errno)))") }
            }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = recv(socket.fd, &chunk, chunk.count, 0)
            if n == 0 { throw ConnectionError("the daemon closed the connection") }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw ConnectionError("lost the connection to the daemon: \(String(cString: strerror(errno)))")
            }
            buffer.append(contentsOf: chunk[0..<n])
        }
    }
}
