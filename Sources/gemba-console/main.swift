// The console alone: what an operator's terminal runs (`gemba console` hands over to this
// binary when it sits beside `gemba`), without the daemon, the database or the CLI, so that
// a line terminal holds only what draws the floor.
import Foundation
import GembaCore
import GembaTerminal

#if canImport(Glibc)
import Glibc
#endif

func fail(_ message: String, status: Int32) -> Never {
    let text = Array("gemba: \(message)\n".utf8)
    _ = text.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(status)
}

/// The variables this binary reads, from the C environment (Foundation's `ProcessInfo`
/// would page in code a line terminal never needs otherwise).
func environmentValues(_ names: [String]) -> [String: String] {
    var values: [String: String] = [:]
    for name in names { if let v = getenv(name) { values[name] = String(cString: v) } }
    return values
}

let settings: ConsoleCommandLine.Settings
do {
    switch try ConsoleCommandLine.parse(Array(CommandLine.arguments.dropFirst())) {
    case .help:
        print(ConsoleCommandLine.usage)
        exit(0)
    case .run(let s): settings = s
    }
} catch {
    fail("console: \(error)", status: 64)
}
if let other = settings.fromGemba, other != GembaVersion.current {
    fail(
        "this gemba-console is version \(GembaVersion.current) but gemba is \(other): install both from the same build (gemba console runs the console itself when gemba-console is not beside it)",
        status: 1)
}
// Without a terminal on both ends there is nothing to draw on or read keys from.
guard isatty(0) == 1, isatty(1) == 1 else {
    fail("console needs a terminal (standard input and output must be a tty)", status: 2)
}
let environment = environmentValues(["GEMBA_RUNTIME_DIR", "XDG_RUNTIME_DIR", "NO_COLOR"])
let directory = RuntimeDirectory.resolve(explicit: settings.runtimeDir, environment: environment, uid: getuid())
let noColor = settings.noColor || environment["NO_COLOR"].map { !$0.isEmpty } == true
do {
    try ConsoleRunner.run(
        .init(socketPath: directory.consoleSocket, noColor: noColor, bell: settings.bell, station: settings.station),
        now: { Timestamp(Date().timeIntervalSince1970 * 1e9) })
} catch let e as TerminalError {
    fail(e.message, status: 1)
} catch {
    fail("\(error)", status: 1)
}
