import Foundation
import GembaCore
import GembaServer
import GembaTesting

/// The `gemba` binary built with the package, run as a person runs a scripting verb: against
/// a daemon's runtime folder, in a locale and a terminal width the test chooses.
struct GembaCLI {
    /// The binary: it sits beside the test bundle in the build folder.
    static let path = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gemba").path

    /// The daemon's runtime folder (`--runtime-dir`); nil for commands that need no daemon.
    var runtime: String?

    init(_ harness: DaemonHarness) { runtime = harness.runtime.path }

    init() { runtime = nil }

    /// Runs `gemba args` (with `--runtime-dir` when there is a daemon) in this process's environment
    /// without its locale and `COLUMNS`, plus `environment`; the exit status and what it printed.
    func run(_ args: [String], environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        var env = ProcessInfo.processInfo.environment
        for k in env.keys where k == "LANG" || k == "COLUMNS" || k.hasPrefix("LC_") { env[k] = nil }
        env.merge(environment) { _, new in new }
        return try Subprocess.run([Self.path] + args + (runtime.map { ["--runtime-dir", $0] } ?? []), environment: env)
    }

    /// What `gemba args` printed, line by line (without the last, empty one); an exit status
    /// other than 0 is an error carrying the output.
    func lines(_ args: [String], environment: [String: String] = [:]) throws -> [String] {
        let r = try run(args, environment: environment)
        guard r.status == 0 else { throw SubprocessError(description: "gemba \(args.joined(separator: " ")) exited \(r.status): \(r.output)") }
        var lines = r.output.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
