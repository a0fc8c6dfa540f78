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

    @Option(name: .long, help: "Plant configuration (YAML).", completion: .file(extensions: ["yaml", "yml"]))
    var config: String

    @Option(name: .long, help: "SQLite database file (created when missing).", completion: .file())
    var db: String = "gemba.db"

    @Option(name: .long, help: "Append the log to this file instead of standard error.")
    var logFile: String?

    @Option(name: .long, help: "Append accepted telemetry to this file (line protocol, every line timestamped) for `gemba replay`.")
    var record: String?

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
        // Block SIGINT and SIGTERM before any thread starts, so that every thread
        // inherits the mask and `sigwait` below is the one place that takes them.
        var stopSignals = sigset_t()
        sigemptyset(&stopSignals)
        sigaddset(&stopSignals, SIGINT)
        sigaddset(&stopSignals, SIGTERM)
        sigaddset(&stopSignals, SIGHUP)
        pthread_sigmask(SIG_BLOCK, &stopSignals, nil)
        let daemon: GembaDaemon
        do {
            daemon = try GembaDaemon.start(
                {
                    var o = GembaDaemon.Options(plant: plant, databasePath: db, runtime: dir, version: Gemba.version)
                    o.recordPath = record
                    o.configPath = config
                    return o
                }(), logger: logger)
        } catch let e as DaemonError {
            throw CommandFailure(e.description)
        }
        FileHandle.standardError.write(
            Data(
                "gemba: serving \(plant.plant) (\(plant.machines.count) machines); telemetry on \(dir.telemetrySocket), consoles on \(dir.consoleSocket)\n"
                    .utf8))
        // SIGHUP reads the plant file again; SIGINT or SIGTERM stop cleanly (pending changes are written).
        var received: Int32 = 0
        while true {
            sigwait(&stopSignals, &received)
            guard received == SIGHUP else { break }
            do throws(ProtocolError) {
                let r = try daemon.reload(by: .daemon)
                logger.info(
                    "configuration reloaded",
                    metadata: [
                        "changed": .string(r.changed.joined(separator: "; ")), "after restart": .string(r.pendingRestart.joined(separator: ", ")),
                    ])
            } catch {
                logger.error("configuration not reloaded", metadata: ["reason": .string(error.message)])
            }
        }
        logger.info("stopping", metadata: ["signal": .stringConvertible(received)])
        switch daemon.stop() {
        case .clean: break
        case .spilled(let path, let batches):
            FileHandle.standardError.write(
                Data(
                    ("gemba serve: the database could not be written; \(batches) batch(es) of accepted data are in \(path), "
                        + "replayed at the next start\n").utf8))
            throw ExitCode(3)
        case .lost(let batches, let reason):
            FileHandle.standardError.write(
                Data(
                    ("gemba serve: the database and the spill file could not be written (\(reason)); "
                        + "\(batches) batch(es) of accepted data are lost\n").utf8))
            throw ExitCode(4)
        }
    }
}
