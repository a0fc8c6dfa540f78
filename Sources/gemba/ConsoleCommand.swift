import ArgumentParser
import Foundation
import GembaCore
import GembaServer
import GembaTerminal

#if canImport(Glibc)
import Glibc
#endif

/// `gemba console`: the ncurses front end, attached to a running daemon.
struct ConsoleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "console", abstract: "Open the console on a running daemon.")

    @OptionGroup var runtime: RuntimeOptions

    @Flag(name: .customLong("no-color"), help: "No colours (also when NO_COLOR is set).")
    var noColor = false

    @Flag(help: "Ring the terminal bell when a new unacknowledged alarm arrives.")
    var bell = false

    @Option(help: "A line terminal: open on this machine's work queue.")
    var station: String?

    func run() throws {
        // Without a terminal on both ends there is nothing to draw on or read keys from: say so
        // and stop at once (a console under a pipe or cron used to spin a core for ever).
        guard isatty(0) == 1, isatty(1) == 1 else {
            FileHandle.standardError.write(Data("gemba console needs a terminal (standard input and output must be a tty)\n".utf8))
            throw ExitCode(2)
        }
        let dir = Support.runtime(runtime)
        if let console = ConsoleHandOver.sibling() {
            ConsoleHandOver.exec(
                console, ConsoleCommandLine.Settings(runtimeDir: dir.path, noColor: noColor, bell: bell, station: station))
        }
        let noColor = self.noColor || ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } == true
        do {
            try ConsoleRunner.run(.init(socketPath: dir.consoleSocket, noColor: noColor, bell: bell, station: station), now: DaemonClock.now)
        } catch let e as TerminalError {
            throw CommandFailure(e.message)
        }
    }
}
