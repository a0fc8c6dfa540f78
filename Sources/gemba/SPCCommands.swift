import ArgumentParser
import Foundation
import GembaClient
import GembaCore

/// `gemba spc`: a characteristic's control chart over a window, for the quality engineer who
/// asks whether the process is in control and capable.
struct SPCCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "spc",
        abstract: "A characteristic's control chart: centre, limits, points with the rules they break, Cp, Cpk, Pp, Ppk.",
        discussion: "Without --from and --to: the shift running now, up to now (the last 8 hours outside shifts).")

    @Argument(help: "The characteristic (an id under spc: in the plant file).") var characteristic: String
    @Option(help: "Start: an ISO 8601 time (2026-11-24T06:00:00Z) or a date.") var from: String?
    @Option(help: "End: an ISO 8601 time (not included), or a date (that whole day).") var to: String?
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let result: SPCResult = try Support.ask(Requests.SPCQuery(characteristic: characteristic, from: from, to: to), runtime)
        if json {
            try Support.printJSON(result)
            return
        }
        let text = TerminalText.current
        func n(_ v: Double?) -> String { v.map { String(format: "%.4g", $0) } ?? "-" }
        print(text.clean("\(result.id)  \(result.chart)  \(result.from) – \(result.to)"))
        if let note = result.limitsNote {
            print(text.clean("limits: \(note)"))
        } else {
            print(text.clean("centre \(n(result.center))  UCL \(n(result.ucl))  LCL \(n(result.lcl))"))
        }
        print(text.clean("Cp \(n(result.cp))  Cpk \(n(result.cpk))  Pp \(n(result.pp))  Ppk \(n(result.ppk))"))
        let broken = result.points.filter { !$0.violations.isEmpty }
        print(text.clean("\(result.points.count) points, \(broken.count) breaking a rule"))
        var rows = [["t", "n", "value", "violations"]]
        for p in result.points.suffix(40) { rows.append([p.t, "\(p.n)", n(p.value), p.violations.joined(separator: " ")]) }
        if rows.count > 1 { TextTable.print(rows, text: text) }
    }
}

/// `gemba measure`: a measured subgroup, as a gauge or an inspector reads it.
struct MeasureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure", abstract: "Enter a measured subgroup of an SPC characteristic (audited; judged by its rules at once).")

    @Option(help: "The characteristic (a measured one: no value: in the plant file).") var characteristic: String
    @Option(help: "The readings: 10.02,10.01,9.98 (commas, spaces or semicolons between).") var values: String
    @Option(help: "A comment for the audit trail.") var comment: String?
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let readings: [Double]
        do { readings = try MeasuredValues.parse(values) } catch { throw CommandFailure("--values: \(error.description)") }
        let result: MeasureResult = try Support.ask(Requests.Measure(characteristic: characteristic, values: readings, comment: comment), runtime)
        if json {
            try Support.printJSON(result)
            return
        }
        let verdict =
            result.violations.map { $0.isEmpty ? "in control" : "breaks \($0.joined(separator: ", "))" } ?? "kept for the baseline (no limits yet)"
        print(TerminalText.current.clean("\(result.characteristic): \(result.n) readings, mean \(result.mean); \(verdict) (audit #\(result.audit))"))
    }
}
