import Foundation

/// A real MQTT broker for the tests: Debian's `mosquitto` on a free loopback port, with a
/// config of its own, stopped when the value goes away. `.ci/run` installs it.
public final class MosquittoBroker {
    public let port: Int
    public let folder: String
    private let process: Process

    public var url: String { "mqtt://127.0.0.1:\(port)" }

    /// Nil (with the reason) when mosquitto is not installed: the caller's test says so.
    public static func find() -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin"] {
            let path = dir + "/mosquitto"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }

    /// With `admitting`, only clients whose id starts with it may connect until `admitEveryone()`:
    /// a test's subscriber is in place before the daemon comes back.
    public init(port fixed: Int? = nil, admitting prefix: String? = nil) throws {
        guard let binary = Self.find() else { throw PeerError("mosquitto is not installed (apt-get install mosquitto)") }
        folder = TemporaryFolder.make("gemba-mqtt")
        port = fixed ?? Self.freePort()
        // Run as root, mosquitto drops to its own user: it must still read its config on SIGHUP.
        chmod(folder, 0o755)
        try Self.config(port: port, admitting: prefix).write(toFile: folder + "/mosquitto.conf", atomically: true, encoding: .utf8)
        chmod(folder + "/mosquitto.conf", 0o644)
        process = Process()
        // Through Python, to unblock the signals the test process blocks (children inherit the
        // mask): mosquitto rereads its config on SIGHUP.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c", "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])",
            binary, "-c", folder + "/mosquitto.conf",
        ]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let log =
            FileManager.default.createFile(atPath: folder + "/mosquitto.log", contents: nil)
            ? FileHandle(forWritingAtPath: folder + "/mosquitto.log") : nil
        process.standardError = log
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while !Self.accepts(port) {
            guard Date() < deadline, process.isRunning else {
                throw PeerError(
                    "mosquitto did not listen on 127.0.0.1:\(port): \((try? String(contentsOfFile: folder + "/mosquitto.log", encoding: .utf8)) ?? "")"
                )
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    static func config(port: Int, admitting prefix: String?) -> String {
        "listener \(port) 127.0.0.1\nallow_anonymous true\nmax_queued_messages 100000\n" + (prefix.map { "clientid_prefixes \($0)\n" } ?? "")
    }

    /// Lets every client in (mosquitto rereads its config on SIGHUP).
    public func admitEveryone() throws {
        try Self.config(port: port, admitting: nil).write(toFile: folder + "/mosquitto.conf", atomically: true, encoding: .utf8)
        chmod(folder + "/mosquitto.conf", 0o644)
        kill(process.processIdentifier, SIGHUP)
    }

    /// Stops the broker (as a broker that goes away would); `init(port:)` starts one again on the same port.
    public func stop() {
        guard process.isRunning else { return }
        // SIGKILL: a child of the test process may inherit a mask that blocks SIGTERM.
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: folder)  // a test folder left behind is only litter
    }

    /// A port the kernel just handed out and took back: free for the broker in all likelihood.
    public static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}

/// A test peer that could not be started, with the reason.
public struct PeerError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
