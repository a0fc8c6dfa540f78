import ArgumentParser
import Foundation
import GembaClient
import GembaCore
import GembaServer

/// `gemba status`: every machine and the ingest counters, from the running daemon.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show every machine's state and the telemetry counters.")

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
    }
}
