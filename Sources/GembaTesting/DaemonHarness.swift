import Foundation
import GembaClient
import GembaCore
import GembaPlantFile
import GembaServer
import Logging
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// A real daemon on a fresh database in a folder of its own, talked to over its sockets.
///
/// It exists so that every suite that needs a running daemon (the server tests, the race
/// tests, the end-to-end checks that want one in-process) starts it the same way, on the
/// same plant (`Plants.testWorks` plus the suite's `extra`), instead of one copy per suite.
/// The folder goes when the harness does, unless `handOver()` keeps it for a next one
/// (a restart).
public final class DaemonHarness {
    /// The folder holding the database, the plant file (`plant.yaml`) and the runtime sockets.
    public let folder: String
    public let daemon: GembaDaemon
    public let runtime: RuntimeDirectory
    /// The folder goes when this harness does, unless handed over to a next one (a restart).
    private var ownsFolder = true

    /// Starts a daemon on `plant` (`Plants.testWorks` unless given) followed by `extra` (more top-level keys or
    /// list items), in `folder` (a new temporary folder when nil); with `metrics`, serving `/metrics`. `record` appends the
    /// accepted telemetry to that file; `clock` is the daemon's clock (a `ScriptedClock`'s
    /// `now` to set the time by hand).
    public init(
        folder existing: String? = nil, record: String? = nil, plant base: String = Plants.testWorks, extra: String = "",
        clock: @escaping @Sendable () -> Timestamp = DaemonClock.now, logger: Logger = Logger(label: "test"), metrics: Bool = false
    ) throws {
        folder = existing ?? TemporaryFolder.make()
        runtime = RuntimeDirectory(path: folder + "/run")
        let yaml = base + "\n" + extra
        var plant = try PlantConfigLoader.load(yaml: yaml, file: "test.yaml")
        plant.listeners.tcpPort = 0
        plant.listeners.udpPort = 0
        plant.listeners.unixPaths = [folder + "/gateway.sock"]
        // `/metrics` on a port of the system's choosing (`daemon.metricsPort`).
        if metrics { plant.metrics = MetricsConfig(host: "127.0.0.1", port: 0) }
        var options = GembaDaemon.Options(
            plant: plant, databasePath: folder + "/gemba.db", runtime: runtime, version: "test", flushInterval: .milliseconds(20),
            clock: clock)
        options.recordPath = record
        try yaml.write(toFile: folder + "/plant.yaml", atomically: true, encoding: .utf8)
        options.configPath = folder + "/plant.yaml"
        daemon = try GembaDaemon.start(options, logger: logger)
    }

    /// Sends telemetry lines over the daemon's Unix socket, on one connection.
    public func send(_ lines: [String]) throws {
        let s = TelemetrySender(path: runtime.telemetrySocket)
        try s.connect()
        try s.send(lines: lines)
        s.disconnect()
    }

    /// The floor as a console sees it (`status`, on a new connection).
    public func status() throws -> FloorSnapshot {
        let c = try ConsoleConnection(path: runtime.consoleSocket)
        return try c.request(ClientRequest(type: "status"), as: FloorSnapshot.self)
    }

    /// Polls `status` until `condition` holds (the daemon applies lines asynchronously).
    public func waitFor(_ what: String, timeout: Double = 10, _ condition: (FloorSnapshot) -> Bool) throws -> FloorSnapshot {
        let deadline = Date().addingTimeInterval(timeout)
        var last = try status()
        while !condition(last) {
            guard Date() < deadline else { throw ConnectionError("timed out waiting for \(what); last: \(last.telemetry)") }
            Thread.sleep(forTimeInterval: 0.02)
            last = try status()
        }
        return last
    }

    /// The schedule once it shows what a change should bring (reschedules run in the background,
    /// and requests arriving during a run are coalesced into the next); the last one after
    /// `timeout` seconds. Throws when the plant has no scheduler (no products).
    public func waitForSchedule(timeout: Double = 20, until done: (PlantSchedule) -> Bool) throws -> PlantSchedule {
        guard let scheduler = daemon.scheduler else { throw ConnectionError("the daemon has no scheduler: the plant has no products") }
        let deadline = Date().addingTimeInterval(timeout)
        while !done(scheduler.plan) && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return scheduler.plan
    }

    /// Keeps the folder after this harness stops, for a next harness to start on (a restart).
    public func handOver() -> String {
        ownsFolder = false
        return folder
    }

    deinit {
        daemon.stop()
        if ownsFolder { try? FileManager.default.removeItem(atPath: folder) }  // a test folder left behind is only litter
    }
}

/// Fresh folders under /tmp for the tests' databases and files.
///
/// It exists because the daemon harness and the tests that prepare a database before a
/// daemon starts on it (or record a feed beside it) each made their own with `mkdtemp`.
/// The caller removes the folder (a `DaemonHarness` started on it does).
public enum TemporaryFolder {
    /// A new empty folder `/tmp/<prefix>-XXXXXX`.
    public static func make(_ prefix: String = "gemba-test") -> String {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        return String(cString: mkdtemp(&template)!)
    }
}
