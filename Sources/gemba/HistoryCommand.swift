import ArgumentParser
import Foundation
import GembaClient
import GembaCore

/// `gemba history`: one process value over time in steps (count, min, max, mean, last), for
/// the engineer who asks how hot the oil ran last night, and for scripts and spreadsheets.
struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "A process value of a machine over time, in steps: count, min, max, mean and last of each.",
        discussion: """
            Steps below a minute are read from the raw samples (kept for history.raw, the last of each \
            second); whole minutes from the minute aggregates (history.minute); whole hours from the \
            hour aggregates (history.hour). Without --from and --to: the shift running now, up to now.
            """)

    @Option(help: "The machine.") var machine: String
    @Option(help: "The process value (as `gemba status` names it).") var value: String
    @Option(help: "Start: an ISO 8601 time (2026-11-24T06:00:00Z) or a date.") var from: String?
    @Option(help: "End: an ISO 8601 time (not included), or a date (that whole day).") var to: String?
    @Option(help: "The window that ends now, instead of --from and --to: 8h, 7d.") var last: String?
    @Option(help: "The step: 10s, 1m, 5m, 1h, 1d.") var step: String = "1m"
    @Flag(help: "Print JSON for scripts.") var json = false
    @Flag(help: "Print CSV (t,count,min,max,mean,last).") var csv = false
    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        if json && csv { throw ValidationError("--json and --csv: one or the other") }
        if last != nil && (from != nil || to != nil) { throw ValidationError("--last, or --from and --to: not both") }
    }

    func run() throws {
        let result: HistoryResult = try Support.ask(
            Requests.HistoryQuery(machine: machine, value: value, from: from, to: to, step: step, last: last), runtime)
        if json {
            try Support.printJSON(result)
            return
        }
        if csv {
            var out = "t,count,min,max,mean,last\n"
            for p in result.points { out += "\(p.t),\(p.count),\(p.min),\(p.max),\(p.mean),\(p.last)\n" }
            FileHandle.standardOutput.write(Data(out.utf8))
            return
        }
        let text = TerminalText.current
        print(text.clean("\(result.machine) \(result.value), \(result.step) steps: \(result.points.count) with samples"))
        guard !result.points.isEmpty else { return }
        func n(_ v: Double) -> String { String(format: "%.4g", v) }
        var rows = [["t", "count", "min", "max", "mean", "last"]]
        for p in result.points { rows.append([p.t, "\(p.count)", n(p.min), n(p.max), n(p.mean), n(p.last)]) }
        TextTable.print(rows, text: text)
    }
}
