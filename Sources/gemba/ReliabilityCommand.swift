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

    @Option(help: "A machine id.") var machine: String?
    @Option(help: "A line id (sums over its machines).") var line: String?
    @Option(help: "A shift name (with --date; default: the shift running now).") var shift: String?
    @Option(help: "The date the shift starts on, YYYY-MM-DD (default: today's).") var date: String?
    @Option(help: "Window start, ISO 8601 (e.g. 2026-11-24T06:00:00Z).") var from: String?
    @Option(help: "Window end, ISO 8601 (a date alone: the end of that day in the plant).") var to: String?
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        if machine != nil && line != nil { throw ValidationError("give --machine or --line, not both") }
        if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together") }
        if shift != nil && from != nil { throw ValidationError("give --shift or --from/--to, not both") }
        try PersonInput.day(date, "--date")
        try PersonInput.date(from, "--from")
        try PersonInput.date(to, "--to")
    }

    func run() throws {
        let dir = Support.runtime(runtime)
        let result: ReliabilityResult
        do {
            let c = try ConsoleConnection(path: dir.consoleSocket)
            result = try c.request(Requests.ReliabilityQuery(machine: machine, line: line, from: from, to: to, shift: shift, date: date))
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
