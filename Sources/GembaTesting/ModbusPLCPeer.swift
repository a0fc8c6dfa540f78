import Foundation

/// A Modbus TCP PLC for the tests (`Tests/Peers/modbus_plc.py`: pymodbus's server) on a free
/// loopback port, its registers set at start; the test changes holding registers by writing
/// them as any Modbus client would. `.ci/run` installs pymodbus.
public final class ModbusPLCPeer {
    public let port: Int
    private let process: Process

    /// `registers`: `{"hr": {"0": 1}, "ir": {"0": 415}}` as JSON.
    public init(registers: String) throws {
        port = MosquittoBroker.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = URL(fileURLWithPath: SparkplugEdgeNodePeer.script).deletingLastPathComponent().appendingPathComponent("modbus_plc.py").path
        process.arguments = ["python3", script, String(port), registers]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        var seen = ""
        let deadline = Date().addingTimeInterval(15)
        while !seen.contains("listening") {
            guard Date() < deadline, process.isRunning else { throw PeerError("the Modbus PLC (pymodbus) did not start: \(seen)") }
            seen += String(decoding: out.fileHandleForReading.availableData, as: UTF8.self)
        }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

/// A TCP port that accepts connections and never answers: a PLC that hangs.
public final class SilentPort {
    public let port: Int
    private let fd: Int32

    public init() {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = listen(fd, 16)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        self.port = Int(UInt16(bigEndian: addr.sin_port))
    }

    deinit { close(fd) }
}
