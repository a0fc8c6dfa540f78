import ArgumentParser
import GembaCore

/// `gemba maintenance`: every maintenance plan with what is due; `gemba maintenance done`
/// records a plan carried out.
struct MaintenanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "maintenance", abstract: "List maintenance plans and what is due, or record a plan done.",
        subcommands: [MaintenanceList.self, MaintenanceDoneCommand.self], defaultSubcommand: MaintenanceList.self)
}

/// `gemba maintenance [list] [--machine M] [--json]`.
struct MaintenanceList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List maintenance plans: used, left, due or overdue.")
    @Option(help: "Only this machine's plans.") var machine: String?
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let board: MaintenanceBoard = try Support.ask(Requests.Maintenance(machine: machine), runtime)
        if json { return try Support.printJSON(board) }
        if board.plans.isEmpty {
            print(machine.map { "\($0) has no maintenance plans" } ?? "no maintenance plans (maintenance: under a machine in the plant file)")
            return
        }
        var rows = [["MACHINE", "PLAN", "STATE", "USED", "LEFT", "SINCE", "BY", "NAME"]]
        for p in board.plans {
            rows.append([p.machine, p.plan, p.state.rawValue.uppercased(), p.usage, p.remaining, p.since, p.doneBy ?? "", p.name])
        }
        TextTable.print(rows, fitting: 7)
    }
}

/// `gemba maintenance done MACHINE PLAN [--comment TEXT]`.
struct MaintenanceDoneCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "done", abstract: "Record a maintenance plan carried out: its meter starts again (audited; maintenance or supervisor).")
    @Argument(help: "The machine.") var machine: String
    @Argument(help: "The plan's id (gemba maintenance lists them).") var plan: String
    @Option(help: "What was done, for the audit trail.") var comment: String?
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let r: MaintenanceDoneResult = try Support.ask(Requests.MaintenanceDone(machine: machine, plan: plan, comment: comment), runtime)
        if json { return try Support.printJSON(r) }
        print(
            TerminalText.current.clean(
                "\(r.after.machine) \(r.after.plan) done at \(r.after.since) (was \(r.before.usage), \(r.before.state.rawValue)); audit #\(r.audit)"))
    }
}
