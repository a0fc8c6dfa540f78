import ArgumentParser
import Foundation
import GembaClient
import GembaCore

/// `gemba reliability`: MTBF, MTTR and stops of a machine, a line or the plant, for the
/// maintenance planner who asks how often a machine fails and how long it takes to bring back.
struct ReliabilityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reliability",
        abstract: "MTBF, MTTR and stops (spells of down) of a machine, line or the plant for a shift or a window.")

    @OptionGroup var scope: ReportScopeOptions
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let dir = Support.runtime(runtime)
        let result: ReliabilityResult
        do {
            let c = try ConsoleConnection(path: dir.consoleSocket)
            result = try c.request(
                Requests.ReliabilityQuery(
                    machine: scope.machine, line: scope.line, from: scope.from, to: scope.to, shift: scope.shift, date: scope.date))
        } catch let e as ConnectionError {
            throw CommandFailure(e.message)
        } catch let e as ProtocolError {
            throw CommandFailure(e.message)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(result), as: UTF8.self))
            return
        }
        let text = TerminalText.current
        print(text.clean("\(result.scope)  \(result.from) – \(result.to)\(result.provisional ? "  (provisional)" : "")"))
        func span(_ s: Double?) -> String { s.map { DurationText.format($0) } ?? "-" }
        var rows = [["machine", "stops", "running", "down", "MTBF", "MTTR"]]
        let figures = result.machines.count > 1 ? result.machines + [result.total] : result.machines
        for f in figures {
            rows.append([
                f.machine ?? "total", "\(f.stops)", span(f.runningSeconds), span(f.downSeconds), span(f.mtbfSeconds), span(f.mttrSeconds),
            ])
        }
        TextTable.print(rows, text: text)
    }
}
