/// A telemetry client over the daemon's Unix socket, as any line-protocol writer
/// would be: the simulator, `gemba replay`, `gemba send` and tests use it.
public final class TelemetrySender {
    private var socket: UnixSocket?
    public let path: String

    public init(path: String) { self.path = path }

    deinit { disconnect() }

    public var isConnected: Bool { socket != nil }

    public func connect() throws(ConnectionError) {
        disconnect()
        socket = try UnixSocket.connect(path)
    }

    public func disconnect() {
        socket?.close()
        socket = nil
    }

    /// Writes bytes whole, or throws (and disconnects) when the daemon went away.
    public func send(_ bytes: UnsafeRawBufferPointer) throws(ConnectionError) {
        guard let socket else { throw ConnectionError("not connected to \(path)") }
        do {
            try socket.write(bytes)
        } catch {
            disconnect()
            throw error
        }
    }

    public func send(lines: [String]) throws(ConnectionError) {
        guard !lines.isEmpty else { return }
        var text = lines.joined(separator: "\n")
        text.append("\n")
        guard let socket else { throw ConnectionError("not connected to \(path)") }
        do {
            try socket.write(Array(text.utf8))
        } catch {
            disconnect()
            throw error
        }
    }
}
