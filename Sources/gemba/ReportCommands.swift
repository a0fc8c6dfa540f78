import ArgumentParser
import Foundation
import GembaCore

/// `gemba report shift [--date D --shift S] [--format text|markdown|json|html]`: the report of
/// any past shift, or of the running one (provisional, and marked so).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Print reports.", subcommands: [ShiftReportCommand.self])
}

struct ShiftReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shift",
        abstract: "A shift's report: OEE and losses, downtime, alarms, holds, orders, handover notes.",
        discussion: """
            Without --date and --shift: the running shift's, provisional. The HTML form is one self-contained file \
            (gemba report shift --format html > shift.html), readable on a phone.
            """)
    @Option(help: "The date the shift starts on (YYYY-MM-DD, plant time).") var date: String?
    @Option(help: "The shift's name (as in the plant file).") var shift: String?
    @Option(help: "text, markdown, json or html.", completion: .list(ReportsConfig.Format.allCases.map(\.rawValue))) var format: String = "text"
    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        guard ReportsConfig.Format(rawValue: format) != nil else {
            throw ValidationError("--format takes \(ReportsConfig.Format.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(format)\"")
        }
        if date != nil && shift == nil { throw ValidationError("--date needs --shift (a date has several shifts)") }
    }

    func run() throws {
        let report: ShiftReport = try Support.ask(Requests.ShiftReportQuery(shift: shift, date: date), runtime)
        print(ShiftReportRenderer.render(report, as: ReportsConfig.Format(rawValue: format) ?? .text), terminator: "")
    }
}
