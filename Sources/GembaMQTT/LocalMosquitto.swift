import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A mosquitto broker of our own on a free loopback port, for `gemba demo --mqtt` and the
/// tests: found on the PATH (or in /usr/sbin), run with a config written into a folder the
/// caller owns, and killed by `stop()`.
package final class LocalMosquitto {
    package let port: Int
    package let folder: String
    private let process: Process

    /// The mosquitto binary, or nil when it is not installed.
    package static func find() -> String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin"]
        return dirs.map { $0 + "/mosquitto" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Starts it with `config(port)` as its config and waits until it accepts connections.
    /// - Parameter unblockSignals: start it through Python with every signal unblocked (a test
    ///   process blocks some, children inherit the mask), so that it hears SIGHUP.
    package init(binary: String, folder: String, port fixed: Int? = nil, unblockSignals: Bool = false, config: (Int) -> String) throws(MQTTError) {
        self.folder = folder
        port = fixed ?? Self.freePort()
        let path = folder + "/mosquitto.conf"
        do {
            try config(port).write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw MQTTError("cannot write \(path): \(error)")
        }
        // Run as root, mosquitto drops to its own user: it must still read its config on SIGHUP.
        chmod(folder, 0o755)
        chmod(path, 0o644)
        process = Process()
        if unblockSignals {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", "-c", "import os, signal, sys; signal.pthread_sigmask(signal.SIG_SETMASK, []); os.execv(sys.argv[1], sys.argv[1:])",
                binary, "-c", path,
            ]
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["-c", path]
        }
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        FileManager.default.createFile(atPath: folder + "/mosquitto.log", contents: nil)
        process.standardError = FileHandle(forWritingAtPath: folder + "/mosquitto.log")
        do {
            try process.run()
        } catch {
            throw MQTTError("cannot run \(binary): \(error)")
        }
        let deadline = Date().addingTimeInterval(10)
        while !Self.accepts(port) {
            guard Date() < deadline, process.isRunning else {
                throw MQTTError("mosquitto did not start on 127.0.0.1:\(port); see \(folder)/mosquitto.log")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
    }

    /// Rewrites its config and has it reread it (SIGHUP).
    package func reconfigure(_ config: String) throws(MQTTError) {
        let path = folder + "/mosquitto.conf"
        do {
            try config.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw MQTTError("cannot write \(path): \(error)")
        }
        chmod(path, 0o644)
        kill(process.processIdentifier, SIGHUP)
    }

    /// Kills it (as a broker that goes away would). SIGKILL: a child may have SIGTERM blocked.
    package func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    /// A port the kernel just handed out and took back: free in all likelihood.
    package static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Whether something accepts connections on the loopback port.
    package static func accepts(_ port: Int) -> Bool {
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
