import ArgumentParser
import Foundation
import GembaClient
import GembaCore
import GembaServer

/// `gemba status`: every machine, the ingest counters and the daemon itself (version, uptime,
/// database, runtime directory), from the running daemon.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show every machine's state, the telemetry counters and the daemon's version, uptime, database and runtime directory.")

    @OptionGroup var runtime: RuntimeOptions

    @Flag(help: "Print JSON for scripts.")
    var json = false

    func run() throws {
        let dir = Support.runtime(runtime)
        let snapshot: FloorSnapshot
        do {
            let c = try ConsoleConnection(path: dir.consoleSocket)
            snapshot = try c.request(Requests.Status())
        } catch let e as ConnectionError {
            throw CommandFailure(e.message)
        } catch let e as ProtocolError {
            throw CommandFailure(e.message)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(snapshot), as: UTF8.self))
            return
        }
        let text = TerminalText.current
        print(text.clean("\(snapshot.plant.name)  \(snapshot.shift.map { "shift \($0.name) \($0.date)" } ?? "no shift")  \(snapshot.serverTime)"))
        var rows = [["MACHINE", "LINE", "STATE", "REASON", "SINCE", "TOTAL", "REJECT", "SHIFT", "SHIFT REJ"]]
        for m in snapshot.machines {
            rows.append([
                m.id, m.line, m.state.rawValue, m.reason ?? "-", m.since, m.countTotal.map(String.init) ?? "-",
                m.countReject.map(String.init) ?? "-", String(m.shiftTotal), String(m.shiftReject),
            ])
        }
        TextTable.print(rows, text: text)
        let t = snapshot.telemetry
        print("telemetry: received \(t.received), accepted \(t.accepted), rejected \(t.rejected), ignored \(t.ignored), connections \(t.connections)")
        for e in t.errors.suffix(5) {
            print(text.clean("  \(e.at) \(e.connection) line \(e.line) col \(e.column): \(e.reason)"))
        }
        if let m = snapshot.mqtt {
            print(text.clean("mqtt: \(m.link)" + (m.trouble.map { ": \($0)" } ?? "") + "; \(m.counts)" + (m.publish.map { "; \($0.text)" } ?? "")))
        }
        for d in snapshot.modbus ?? [] {
            let last = d.lastError.map { "; last error: \($0)" } ?? ""
            print(text.clean("modbus \(d.id): \(d.connected ? "connected" : "NOT connected"), \(d.polls) polls, \(d.errors) errors\(last)"))
        }
        // A daemon from before the snapshot carried it says nothing of itself.
        if let d = snapshot.daemon {
            let uptime = DurationText.format(Double(d.uptimeSeconds))
            print(text.clean("daemon: gemba \(d.version), up \(uptime) (since \(d.startedAt)), runtime \(d.runtimeDir)"))
            print(text.clean("database: \(d.database.path), \(d.database.bytes.map(Self.size) ?? "size unknown")"))
        }
    }

    /// A size on disk in binary units, one decimal from KiB on (`512 B`, `48.2 MiB`).
    static func size(_ bytes: Int64) -> String {
        guard bytes >= 1024 else { return "\(bytes) B" }
        var value = Double(bytes) / 1024
        for unit in ["KiB", "MiB", "GiB"] {
            if value < 1024 { return String(format: "%.1f", value) + " " + unit }
            value /= 1024
        }
        return String(format: "%.1f TiB", value)
    }
}
