/// A (flexible) job shop: jobs as chains of operations, each operation runnable on
/// one or more machines with a duration per machine. The classic job shop is the
/// special case of one machine per operation. Times are whole units (the
/// instance's own, or seconds for the plant).
public struct ShopInstance: Sendable, Equatable {
    /// One way to run an operation: on `machine`, taking `duration`.
    public struct Alternative: Sendable, Equatable {
        public var machine: Int
        public var duration: Int

        public init(machine: Int, duration: Int) {
            self.machine = machine
            self.duration = duration
        }
    }

    public var name: String
    public var machineCount: Int
    /// Per job, its operations in routing order; per operation, its alternatives.
    public var jobs: [[[Alternative]]]

    public init(name: String, machineCount: Int, jobs: [[[Alternative]]]) {
        self.name = name
        self.machineCount = machineCount
        self.jobs = jobs
    }

    public var operationCount: Int { jobs.reduce(0) { $0 + $1.count } }

    /// No schedule is shorter than its longest job, nor (when every operation has one
    /// machine) than its busiest machine's load.
    public var trivialLowerBound: Int {
        let longestJob = jobs.map { $0.reduce(0) { $0 + ($1.map(\.duration).min() ?? 0) } }.max() ?? 0
        var load = Array(repeating: 0, count: machineCount)
        var fixed = true
        for job in jobs {
            for alts in job {
                if alts.count == 1, let a = alts.first, load.indices.contains(a.machine) { load[a.machine] += a.duration } else { fixed = false }
            }
        }
        // With alternatives, the total work spread over all machines is still a bound.
        let total = jobs.reduce(0) { $0 + $1.reduce(0) { $0 + ($1.map(\.duration).min() ?? 0) } }
        let spread = machineCount > 0 ? (total + machineCount - 1) / machineCount : 0
        return max(longestJob, fixed ? (load.max() ?? 0) : spread)
    }

    /// Why an instance file could not be read: where, and what was expected.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "line \(line): \(message)" }

        public init(line: Int, message: String) {
            self.line = line
            self.message = message
        }
    }

    /// Reads the classic format: `jobs machines`, then per job `machine duration` pairs (machines from 0).
    public static func parseJSSP(_ text: String, name: String = "") throws(ParseError) -> ShopInstance {
        var lines = Self.numberLines(text)
        guard let header = lines.first else { throw ParseError(line: 1, message: "empty file: expected `jobs machines`") }
        lines.removeFirst()
        guard header.numbers.count >= 2 else { throw ParseError(line: header.line, message: "expected `jobs machines`") }
        let (n, m) = (header.numbers[0], header.numbers[1])
        try checkHeader(header, n, m)
        guard lines.count >= n else {
            throw ParseError(line: (lines.last?.line ?? header.line) + 1, message: "expected \(n) job lines, found \(lines.count)")
        }
        var jobs: [[[Alternative]]] = []
        for j in 0..<n {
            let l = lines[j]
            try checkNumbers(l)
            guard l.numbers.count % 2 == 0, !l.numbers.isEmpty else {
                throw ParseError(line: l.line, message: "job \(j): expected `machine duration` pairs")
            }
            var ops: [[Alternative]] = []
            for k in stride(from: 0, to: l.numbers.count, by: 2) {
                let (mach, d) = (l.numbers[k], l.numbers[k + 1])
                guard (0..<m).contains(mach) else { throw ParseError(line: l.line, message: "job \(j): machine \(mach) is not in 0..\(m - 1)") }
                try checkDuration(d, l.line, "job \(j)")
                ops.append([Alternative(machine: mach, duration: d)])
            }
            jobs.append(ops)
        }
        return ShopInstance(name: name, machineCount: m, jobs: jobs)
    }

    /// Reads Brandimarte's format: `jobs machines average`, then per job the number of
    /// operations and, per operation, `k` then `k` pairs `machine duration` (machines from 1).
    public static func parseFJSP(_ text: String, name: String = "") throws(ParseError) -> ShopInstance {
        var lines = Self.numberLines(text)
        guard let header = lines.first else { throw ParseError(line: 1, message: "empty file: expected `jobs machines average`") }
        lines.removeFirst()
        guard header.numbers.count >= 2 else { throw ParseError(line: header.line, message: "expected `jobs machines average`") }
        let (n, m) = (header.numbers[0], header.numbers[1])
        try checkHeader(header, n, m)
        guard lines.count >= n else {
            throw ParseError(line: (lines.last?.line ?? header.line) + 1, message: "expected \(n) job lines, found \(lines.count)")
        }
        var jobs: [[[Alternative]]] = []
        for j in 0..<n {
            let l = lines[j]
            try checkNumbers(l)
            var at = 0
            func next(_ what: String) throws(ParseError) -> Int {
                guard at < l.numbers.count else { throw ParseError(line: l.line, message: "job \(j): the line ends where \(what) was expected") }
                at += 1
                return l.numbers[at - 1]
            }
            let count = try next("the number of operations")
            var ops: [[Alternative]] = []
            for o in 0..<count {
                let k = try next("the number of machines of operation \(o)")
                guard k > 0 else { throw ParseError(line: l.line, message: "job \(j) operation \(o): no machine") }
                var alts: [Alternative] = []
                for _ in 0..<k {
                    let mach = try next("a machine")
                    let d = try next("a duration")
                    guard (1...m).contains(mach) else {
                        throw ParseError(line: l.line, message: "job \(j) operation \(o): machine \(mach) is not in 1..\(m)")
                    }
                    try checkDuration(d, l.line, "job \(j) operation \(o)")
                    alts.append(Alternative(machine: mach - 1, duration: d))
                }
                ops.append(alts)
            }
            guard at == l.numbers.count else {
                throw ParseError(line: l.line, message: "job \(j): \(l.numbers.count - at) numbers left over after \(count) operations")
            }
            jobs.append(ops)
        }
        return ShopInstance(name: name, machineCount: m, jobs: jobs)
    }

    /// The longest operation an instance may have: longer is taken for a broken file (sums of
    /// such durations along a schedule must stay far from what an Int holds).
    public static let maximumDuration = 1_000_000_000
    /// The most machines an instance may name (each gets a sequence before anything is read).
    public static let maximumMachines = 100_000

    /// A line of numbers: its number in the file, its numbers, and its first word that is not
    /// a whole number (an error once the line is read, not a crash).
    private typealias NumberLine = (line: Int, numbers: [Int], bad: Substring?)

    /// Non-empty lines as integers, with their line numbers.
    private static func numberLines(_ text: String) -> [NumberLine] {
        var out: [NumberLine] = []
        // Any line ending: "\r\n" (a file saved on Windows) is one Character, not "\n".
        for (i, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let parts = raw.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if parts.isEmpty { continue }
            out.append((i + 1, parts.map { Int($0) ?? -1 }, parts.first { Int($0) == nil }))
        }
        return out
    }

    private static func checkNumbers(_ l: NumberLine) throws(ParseError) {
        guard let bad = l.bad else { return }
        let shown = bad.count > 24 ? bad.prefix(24) + "…" : bad
        throw ParseError(line: l.line, message: "\"\(shown)\" is not a whole number (or one too large)")
    }

    /// The first two numbers only: Brandimarte's third is an average, often a decimal.
    private static func checkHeader(_ header: NumberLine, _ n: Int, _ m: Int) throws(ParseError) {
        guard n > 0, m > 0 else { throw ParseError(line: header.line, message: "jobs and machines must be positive whole numbers") }
        guard m <= maximumMachines else { throw ParseError(line: header.line, message: "\(m) machines: at most \(maximumMachines)") }
    }

    private static func checkDuration(_ d: Int, _ line: Int, _ what: String) throws(ParseError) {
        guard d >= 0 else { throw ParseError(line: line, message: "\(what): negative duration") }
        guard d <= maximumDuration else { throw ParseError(line: line, message: "\(what): duration \(d) is above \(maximumDuration)") }
    }
}

/// One scheduled operation, as `gemba schedule --jssp/--fjsp --json` prints it.
public struct ScheduledOperation: Sendable, Equatable, Codable {
    public var job: Int
    public var index: Int
    public var machine: Int
    public var start: Int
    public var duration: Int

    public init(job: Int, index: Int, machine: Int, start: Int, duration: Int) {
        self.job = job
        self.index = index
        self.machine = machine
        self.start = start
        self.duration = duration
    }
}

/// Checks a schedule against its instance without trusting the solver: every
/// operation once, on an eligible machine with its duration, after its job
/// predecessor, and never overlapping another on the same machine.
public enum ScheduleChecker {
    public static func violations(_ ops: [ScheduledOperation], instance: ShopInstance) -> [String] {
        var problems: [String] = []
        var byJob: [[ScheduledOperation?]] = instance.jobs.map { Array(repeating: nil, count: $0.count) }
        for o in ops {
            guard instance.jobs.indices.contains(o.job), instance.jobs[o.job].indices.contains(o.index) else {
                problems.append("operation \(o.job).\(o.index) does not exist")
                continue
            }
            if byJob[o.job][o.index] != nil { problems.append("operation \(o.job).\(o.index) scheduled twice") }
            byJob[o.job][o.index] = o
            if !instance.jobs[o.job][o.index].contains(ShopInstance.Alternative(machine: o.machine, duration: o.duration)) {
                problems.append("operation \(o.job).\(o.index) on machine \(o.machine) for \(o.duration) is not one of its alternatives")
            }
            if o.start < 0 { problems.append("operation \(o.job).\(o.index) starts before 0") }
        }
        for (j, job) in byJob.enumerated() {
            for (k, o) in job.enumerated() {
                guard let o else {
                    problems.append("operation \(j).\(k) is missing")
                    continue
                }
                if k > 0, let p = job[k - 1], p.start + p.duration > o.start {
                    problems.append("operation \(j).\(k) starts at \(o.start) before \(j).\(k - 1) ends at \(p.start + p.duration)")
                }
            }
        }
        var perMachine: [[ScheduledOperation]] = Array(repeating: [], count: instance.machineCount)
        for o in ops where (0..<instance.machineCount).contains(o.machine) { perMachine[o.machine].append(o) }
        for (m, list) in perMachine.enumerated() {
            let sorted = list.sorted { ($0.start, $0.duration) < ($1.start, $1.duration) }
            for k in sorted.indices.dropFirst() where sorted[k - 1].start + sorted[k - 1].duration > sorted[k].start {
                problems.append("machine \(m): \(sorted[k - 1].job).\(sorted[k - 1].index) and \(sorted[k].job).\(sorted[k].index) overlap")
            }
        }
        return problems
    }

    public static func makespan(_ ops: [ScheduledOperation]) -> Int { ops.map { $0.start + $0.duration }.max() ?? 0 }
}
