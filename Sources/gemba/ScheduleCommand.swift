import ArgumentParser
import Foundation
import GembaCore

#if canImport(Glibc)
import Glibc
#endif

/// `gemba schedule --jssp FILE` / `--fjsp FILE`: the scheduling engine on a benchmark
/// instance, for anyone to check it against the published best makespans.
struct ScheduleCommand: ParsableCommand {
    /// About 115 days: more is a typo (1e12), and would not fit the clock's nanoseconds.
    static let maximumTimeLimit = 10_000_000.0

    static let configuration = CommandConfiguration(
        commandName: "schedule",
        abstract: "The plant's schedule from the running daemon; or, with --jssp/--fjsp, the engine on a benchmark instance.")

    @Option(help: "A job-shop instance (first line `jobs machines`, then `machine duration` pairs per job).")
    var jssp: String?

    @Option(help: "A flexible job-shop instance in Brandimarte's format.")
    var fjsp: String?

    @Option(
        name: .customLong("time-limit"), parsing: .unconditional,
        help:
            "Seconds to search, at most 10,000,000 (the best schedule found by then is printed; Ctrl-C does the same). Default 10, or none with --iterations.",
        transform: PersonInput.decimal)
    var timeLimit: Double?

    @Option(
        parsing: .unconditional, help: "Random seed: the same seed makes the same moves in the same order (default 1).",
        transform: PersonInput.unsigned)
    var seed: UInt64?

    @Option(
        parsing: .unconditional,
        help: "Stop after this many moves (per thread): repeatable to the bit on any machine. With --time-limit, whichever comes first.",
        transform: PersonInput.whole)
    var iterations: Int?

    @Option(
        parsing: .unconditional,
        help: "Searches side by side, sharing their best (with --jssp/--fjsp; the plant's schedule takes `threads` in `scheduling:`).",
        transform: PersonInput.whole)
    var threads: Int = 1

    @Flag(help: "Print JSON for scripts.")
    var json = false

    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        guard jssp == nil || fjsp == nil else {
            throw ValidationError("give one instance: --jssp FILE or --fjsp FILE")
        }
        if let timeLimit, !(timeLimit > 0 && timeLimit <= Self.maximumTimeLimit) {
            throw ValidationError("--time-limit must be a positive number of seconds, at most 10,000,000")
        }
        try PersonInput.atLeast(iterations, 1, "--iterations")
        guard jssp != nil || fjsp != nil || (timeLimit == nil && seed == nil && iterations == nil) else {
            throw ValidationError(
                "--time-limit, --seed and --iterations go with --jssp or --fjsp; the plant's schedule is the daemon's, with `scheduling:` in the plant file"
            )
        }
        guard (1...SchedulingConfig.maximumThreads).contains(threads) else {
            throw ValidationError("--threads must be a whole number from 1 to \(SchedulingConfig.maximumThreads)")
        }
        guard threads == 1 || jssp != nil || fjsp != nil else {
            throw ValidationError("--threads goes with --jssp or --fjsp; the plant's schedule uses `threads` in `scheduling:` in the plant file")
        }
    }

    func run() throws {
        guard jssp != nil || fjsp != nil else { return try plantSchedule() }
        let path = jssp ?? fjsp ?? ""
        let data = try Support.readFile(path)
        guard let text = String(data: data, encoding: .utf8) else { throw CommandFailure("\(path): not UTF-8 text") }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        let instance: ShopInstance
        do {
            instance = jssp != nil ? try ShopInstance.parseJSSP(text, name: name) : try ShopInstance.parseFJSP(text, name: name)
        } catch {
            throw CommandFailure("\(path): \(error)")
        }
        let seed = self.seed ?? 1
        let started = DispatchTime.now().uptimeNanoseconds
        let deadline = (timeLimit ?? (iterations == nil ? 10 : nil)).map { started + UInt64($0 * 1e9) }
        let interrupt = SearchInterrupt()
        let limits = SearchLimits(iterations: iterations) {
            interrupt.requested || deadline.map { DispatchTime.now().uptimeNanoseconds >= $0 } ?? false
        }
        let solution = ShopTabuSearch.solve(instance, seed: seed, threads: threads, limits: limits)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let problems = ScheduleChecker.violations(solution.operations, instance: instance)
        guard problems.isEmpty else {
            throw CommandFailure("internal error: the schedule is not feasible: \(problems.prefix(3).joined(separator: "; "))")
        }
        let ops = solution.operations.sorted { ($0.job, $0.index) < ($1.job, $1.index) }
        if json {
            struct Output: Encodable {
                var makespan: Int
                var operations: [ScheduledOperation]
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(Output(makespan: solution.makespan, operations: ops)), as: UTF8.self))
            return
        }
        print(
            "\(name): makespan \(solution.makespan) (dispatching start \(solution.initialMakespan)), \(solution.iterations) moves in \(String(format: "%.1f", seconds)) s, seed \(seed)\(threads > 1 ? ", \(threads) threads" : ""); feasible\(interrupt.requested ? "; stopped by Ctrl-C" : "")"
        )
    }

    /// The plant's schedule as the daemon keeps it.
    func plantSchedule() throws {
        let plan = try DaemonRequest.send(Requests.Schedule(), runtime: runtime)
        if json { return try DaemonRequest.printJSON(plan) }
        print(
            "schedule of \(plan.generatedAt): \(plan.operations.count) operations, \(plan.lateOrders) late order(s), weighted tardiness \(plan.weightedTardiness) s, last end \(plan.makespanEnd ?? "-")"
        )
        var rows = [["MACHINE", "ORDER", "OP", "START", "END", "SETUP", "STATE"]]
        for o in plan.operations {
            rows.append([
                o.machine, o.order, "\(o.index + 1) \(o.operation)", o.start, o.end, o.setup > 0 ? "\(o.setup / 60) min" : "",
                o.state + (o.frozen ? " (frozen)" : ""),
            ])
        }
        TextTable.print(rows)
        for u in plan.unscheduled { print("not scheduled: \(u.order)/\(u.index + 1): \(u.reason)") }
    }
}
