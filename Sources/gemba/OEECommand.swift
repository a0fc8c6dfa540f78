import ArgumentParser
import Foundation
import GembaClient
import GembaCore
import GembaServer

/// `gemba oee`: OEE of a machine, a line or the plant over a shift or a window.
struct OEECommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oee", abstract: "OEE (ISO 22400-2) of a machine, line or the plant for a shift or a window.")

    @OptionGroup var scope: ReportScopeOptions
    @Option(help: "iso (default) or nakajima (micro-stops as performance loss).") var convention: String?
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let dir = Support.runtime(runtime)
        let result: OEEResult
        do {
            let c = try ConsoleConnection(path: dir.consoleSocket)
            result = try c.request(
                Requests.OEEQuery(
                    machine: scope.machine, line: scope.line, from: scope.from, to: scope.to, shift: scope.shift, date: scope.date,
                    convention: convention))
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
        func pct(_ v: Double?) -> String { v.map { String(format: "%.1f%%", $0 * 100) } ?? "—" }
        print(
            text.clean(
                "\(result.scope)  \(result.from) – \(result.to)\(result.provisional ? "  (provisional)" : "")  convention \(result.convention.rawValue)"
            ))
        print(
            text.clean(
                "OEE \(pct(result.oee))  =  availability \(pct(result.availability)) × performance \(pct(result.performance)) × quality \(pct(result.quality))"
            ))
        let t = result.time
        func m(_ s: Double) -> String { String(format: "%.1f min", s / 60) }
        print(
            "planned busy \(m(t.plannedBusy)) (planned down \(m(t.plannedDown))): production \(m(t.production)), setup \(m(t.setup)), delay \(m(t.delay)), idle \(m(t.idle)), offline \(m(t.offline)); micro-stops \(m(t.microStops))"
        )
        print(
            "counts: total \(result.counts.total), good \(result.counts.good), reject \(result.counts.reject); ideal cycle time \(result.idealCycleTime.map { "\($0) s" } ?? "mixed")"
        )
        if !result.flags.isEmpty { print("flags: \(result.flags.joined(separator: ", "))") }
    }
}
