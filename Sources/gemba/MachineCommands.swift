import ArgumentParser
import Foundation
import GembaCore

/// `gemba machine …`: what an admin does to one machine's live state.
struct MachineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "machine", abstract: "Act on one machine's live state (admin).", subcommands: [MachineReset.self])
}

/// `gemba machine reset MACHINE`: the machine starts afresh, as if it had never reported.
struct MachineReset: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Clear a machine's live state (state, counters, last timestamps); its history stays. Audited (admin).",
        discussion: "For a machine a gateway fed nonsense (a wrong clock, a counter from another machine): its next line is its first.")

    @Argument(help: "The machine's id, as in the plant file.") var machine: String
    @Option(help: "Why (kept in the audit trail).") var comment: String?
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let r = try DaemonRequest.send(Requests.MachineReset(machine: machine, comment: comment), runtime: runtime)
        if json { return try DaemonRequest.printJSON(r) }
        let was = r.state.map { "was \($0)" + (r.since.map { " since \($0)" } ?? "") } ?? "had no live state"
        print("\(r.machine): live state cleared (\(was)); its next line is its first (audit record \(r.audit))")
    }
}
