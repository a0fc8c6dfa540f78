import ArgumentParser
import Foundation
import GembaServer
import GembaTerminal

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
        let dir = Support.runtime(runtime)
        let noColor = self.noColor || ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } == true
        do {
            try ConsoleRunner.run(.init(socketPath: dir.consoleSocket, noColor: noColor, bell: bell, station: station), now: DaemonClock.now)
        } catch let e as TerminalError {
            throw CommandFailure(e.message)
        }
    }
}
