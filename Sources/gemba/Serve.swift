import ArgumentParser
import Foundation
import GembaCore
import GembaServer
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// `gemba serve`: the daemon.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the daemon: telemetry in, engine, database, consoles.")

    @Option(name: .long, help: "Plant configuration (YAML).")
    var config: String

    @Option(name: .long, help: "SQLite database file (created when missing).")
    var db: String = "gemba.db"

    @Option(name: .long, help: "Append the log to this file instead of standard error.")
    var logFile: String?

    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let plant = try Support.loadPlant(config)
        let path = logFile
        LoggingSystem.bootstrap { label in
            if let path { return FileLogHandler(label: label, path: path) }
            return StreamLogHandler.standardError(label: label)
        }
        let logger = Logger(label: "gemba.serve")
        let dir = Support.runtime(runtime)
        let daemon: GembaDaemon
        do {
            daemon = try GembaDaemon.start(
                GembaDaemon.Options(plant: plant, databasePath: db, runtime: dir, version: Gemba.version), logger: logger)
        } catch let e as DaemonError {
            throw CommandFailure(e.description)
        }
        FileHandle.standardError.write(Data("gemba: serving \(plant.plant) (\(plant.machines.count) machines); telemetry on \(dir.telemetrySocket), consoles on \(dir.consoleSocket)\n".utf8))
        // Wait for SIGINT or SIGTERM, then stop cleanly (pending changes are written).
        signal(SIGINT, SIG_IGN)
        signal(SIGTERM, SIG_IGN)
        let signals = [SIGINT, SIGTERM].map { sig -> any DispatchSourceSignal in
            let s = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            s.resume()
            return s
        }
        let done = DispatchSemaphore(value: 0)
        for s in signals { s.setEventHandler { done.signal() } }
        done.wait()
        daemon.stop()
    }
}
