import ArgumentParser
import GembaCore

/// The `gemba` command: the daemon, the console, the demo and the scripting verbs.
@main
struct Gemba: ParsableCommand {
    static let version = GembaVersion.current

    static let configuration = CommandConfiguration(
        commandName: "gemba",
        abstract: "A terminal shop-floor console: live machine states, OEE, alarms, schedules and lot genealogy.",
        version: version,
        subcommands: [
            Demo.self, Serve.self, ConsoleCommand.self, Status.self, OEECommand.self, ReliabilityCommand.self, HistoryCommand.self, SPCCommand.self,
            MeasureCommand.self, MaintenanceCommand.self, Replay.self,
            CheckConfig.self,
            Simulate.self, Alarms.self, Ack.self, Shelve.self, Unshelve.self, Reset.self, OutOfService.self, InService.self,
            Audit.self, Reload.self, ScheduleCommand.self, Import.self, Orders.self, Queue.self, OrderCommand.self, OperationCommand.self,
            LotCommand.self, TraceCommand.self, HoldCommand.self, ReleaseCommand.self, HoldsCommand.self, MachineCommand.self,
            SendCommand.self, BackupCommand.self, RestoreCommand.self, Export.self, HandoverCommand.self, ReportCommand.self,
        ]
    )
}

/// Options every command that talks to a daemon shares.
struct RuntimeOptions: ParsableArguments {
    @Option(
        name: .customLong("runtime-dir"),
        help: "Directory of the daemon's sockets (default: $GEMBA_RUNTIME_DIR, $XDG_RUNTIME_DIR/gemba, /run/gemba for root, /tmp/gemba-UID).",
        completion: .directory)
    var runtimeDir: String?
}
