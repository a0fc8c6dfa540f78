import ArgumentParser
import Foundation
import GembaCore
import GembaExchange

/// `gemba export performance --from T --to T [--order ID] [--json]`: what the plant made, as a
/// B2MML `OperationsPerformance` document for the ERP (or B2MML's JSON form).
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Export data for the ERP.", subcommands: [ExportPerformance.self])
}

struct ExportPerformance: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "performance",
        abstract: "Write a B2MML OperationsPerformance document: one OperationsResponse per order that ran in the window.",
        discussion: """
            Each order's operations come as SegmentResponses with their actual start and end, machine, good and scrap \
            quantities, and the lots consumed and produced. Times are ISO 8601, or dates in plant time (--from 2026-12-01 \
            --to 2026-12-01 is that whole day). Valid against MESA's B2MML-OperationsPerformance.xsd (0701).
            """)
    @Option(help: "Start of the window (ISO 8601 time, or a date in plant time).") var from: String
    @Option(help: "End of the window (ISO 8601 time, or a date in plant time: its end).") var to: String
    @Option(help: "Only this work order.") var order: String?
    @Flag(help: "Write B2MML's JSON form instead of XML.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let p = try DaemonRequest.send(Requests.Performance(from: from, to: to, order: order), runtime: runtime)
        guard !p.orders.isEmpty else {
            let which = order.map { "order \($0) did not run" } ?? "no order ran"
            throw CommandFailure("\(which) between \(ISOTime.format(p.from)) and \(ISOTime.format(p.to)): nothing to export")
        }
        print(json ? B2MMLPerformance.json(p) : B2MMLPerformance.xml(p), terminator: "")
    }
}
