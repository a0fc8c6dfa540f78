/// The plant scheduler's working model: the operations to plan as a job shop with
/// setups, releases, a calendar, pinned and frozen operations, evaluated exactly.
struct PlantModel: Sendable {
    /// The longest an operation may run, in seconds of work: a year. More is a typo (an
    /// order of 2,000,000,000 units), listed as unscheduled instead of planned into the
    /// next centuries.
    static let maximumOperationSeconds = 366 * 86_400
    /// How far ahead a plan reaches: an operation that would end later is listed as unscheduled.
    static let horizonSeconds = 100 * 365 * 86_400

    let input: PlantScheduler.Input
    let time: WorkingTime
    let machineIDs: [String]
    // Operations.
    var keys: [OperationKey] = []
    var names: [String] = []
    var products: [String] = []
    /// Product and operation as one number: a setup is due when it differs from the machine's previous operation's.
    var kind: [Int] = []
    var quantity: [Int] = []
    var setupSeconds: [Int] = []
    var alternatives: [[(machine: Int, run: Int)]] = []
    var release: [Int] = []
    var jobPred: [Int] = []
    var jobSucc: [Int] = []
    var jobOf: [Int] = []
    /// Running operations: their actual start (seconds after now, ≤ 0); they end when their remaining work is done.
    var pinnedStart: [Int?] = []
    var state: [String] = []
    // Jobs (orders with something to plan).
    var jobLast: [Int] = []
    var jobDue: [Int] = []
    var jobWeight: [Int] = []
    var jobOrder: [WorkOrder] = []
    var unscheduled: [UnscheduledOperation] = []
    // The solution.
    var machineOf: [Int] = []
    var run: [Int] = []
    var sequence: [[Int]] = []
    /// Per machine, how many operations at the front of its sequence keep their place.
    var fixed: [Int] = []
    var start: [Int] = []
    var end: [Int] = []
    var setupPlanned: [Int] = []
    /// Each operation's index in its machine's sequence.
    var position: [Int] = []
    /// The machine arcs of the sequences; `evaluate()` relinks them all, the incremental evaluation the few a move touches.
    var machPred: [Int] = []
    var machSucc: [Int] = []
    private var indegree: [Int] = []
    /// A topological order of the operations, as the last `evaluate()` found it.
    private(set) var order: [Int] = []
    var iterations = 0

    var n: Int { keys.count }

    init(_ input: PlantScheduler.Input) {
        self.input = input
        let plant = input.plant
        time = WorkingTime(calendar: ShiftCalendar(shifts: plant.shifts, timezone: plant.timezone), hasShifts: !plant.shifts.isEmpty, from: input.now)
        machineIDs = plant.machines.map(\.id)
        let machineIndex = Dictionary(machineIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        func seconds(_ t: Timestamp) -> Int { Int((t - input.now) / Nanos.perSecond) }
        let horizon = input.now + Nanos.from(seconds: plant.scheduling.frozenHorizon)
        let frozenPrevious = Dictionary(
            (input.previous?.operations ?? []).filter { $0.startNanos < horizon && $0.state == "planned" }
                .map { (OperationKey(order: $0.order, index: $0.index), $0) }, uniquingKeysWith: { a, _ in a })

        for o in input.orders where o.state.isOpen {
            if let why = input.held[o.id] {
                for k in (plant.product(o.product)?.routing.indices ?? 0..<1)
                where input.progress[OperationKey(order: o.id, index: k)]?.state != .done {
                    unscheduled.append(UnscheduledOperation(order: o.id, index: k, reason: why))
                }
                continue
            }
            guard let product = plant.product(o.product) else {
                unscheduled.append(UnscheduledOperation(order: o.id, index: 0, reason: "product \(o.product) is not in the plant file"))
                continue
            }
            let job = jobOrder.count
            var previous = -1
            var blocked: String?
            for (k, step) in product.routing.enumerated() {
                let key = OperationKey(order: o.id, index: k)
                let p = input.progress[key]
                if p?.state == .done { continue }
                if let why = blocked {
                    unscheduled.append(UnscheduledOperation(order: o.id, index: k, reason: why))
                    continue
                }
                let remaining = p.map { max(0, $0.remaining) } ?? o.quantity
                var alts: [(Int, Int)] = []
                var tooLong: [String] = []
                for e in step.machines {
                    guard let m = machineIndex[e.machine] else { continue }
                    if let p, p.state != .done, p.machine != e.machine { continue }
                    // A machine that is down takes no new work; what was frozen on it waits for it.
                    if p == nil && input.unavailable.contains(e.machine) && frozenPrevious[key]?.machine != e.machine { continue }
                    var seconds = (Double(remaining) * e.cycleTime).rounded(.up)
                    // A started operation holds its machine, however long it is said to take.
                    if p != nil { seconds = min(seconds, Double(Self.maximumOperationSeconds)) }
                    guard seconds <= Double(Self.maximumOperationSeconds) else {
                        tooLong.append(e.machine)
                        continue
                    }
                    alts.append((m, Int(seconds)))
                }
                if alts.isEmpty && !tooLong.isEmpty {
                    let why = "\(remaining) units are more than a year of work on \(tooLong.joined(separator: ", ")): too long to plan"
                    unscheduled.append(UnscheduledOperation(order: o.id, index: k, reason: why))
                    blocked = "waits for \(key), which is too long to plan"
                    continue
                }
                if alts.isEmpty {
                    let down = step.machines.map(\.machine).joined(separator: ", ")
                    let why = "no machine available (\(down) down or offline)"
                    unscheduled.append(UnscheduledOperation(order: o.id, index: k, reason: why))
                    blocked = "waits for \(key), which has no machine available"
                    continue
                }
                let op = keys.count
                keys.append(key)
                names.append(step.operation)
                products.append(o.product)
                quantity.append(remaining)
                setupSeconds.append(p?.state == .running ? 0 : Int(step.setup.rounded()))
                alternatives.append(alts)
                release.append(previous < 0 ? max(0, o.release.map(seconds) ?? 0) : 0)
                jobPred.append(previous)
                jobSucc.append(-1)
                if previous >= 0 { jobSucc[previous] = op }
                jobOf.append(job)
                pinnedStart.append(p?.state == .running ? min(0, p?.started.map(seconds) ?? 0) : nil)
                state.append(p?.state == .running ? "running" : p?.state == .paused ? "paused" : "planned")
                previous = op
            }
            if previous >= 0 {
                jobOrder.append(o)
                jobLast.append(previous)
                jobDue.append(seconds(o.due))
                jobWeight.append(max(1, o.priority))
            }
        }

        var kinds: [String: Int] = [:]
        kind = (0..<n).map { o in
            let key = products[o] + "\u{0}" + names[o]
            if let k = kinds[key] { return k }
            kinds[key] = kinds.count
            return kinds.count - 1
        }

        // The start: running and paused operations first on their machines, then the frozen ones
        // in their old order, then the rest by a dispatching rule (earliest due date, then least slack).
        machineOf = alternatives.map { $0[0].machine }
        run = alternatives.map { $0[0].run }
        sequence = Array(repeating: [], count: machineIDs.count)
        fixed = Array(repeating: 0, count: machineIDs.count)
        var placed = Array(repeating: false, count: keys.count)
        func put(_ o: Int, on m: Int) {
            if let a = alternatives[o].first(where: { $0.machine == m }) {
                machineOf[o] = m
                run[o] = a.run
            }
            sequence[m].append(o)
            placed[o] = true
        }
        for o in 0..<n where state[o] != "planned" {
            put(o, on: machineOf[o])
            fixed[machineOf[o]] += 1
        }
        let frozenOps = (0..<n).filter { !placed[$0] && frozenPrevious[keys[$0]] != nil }
            .sorted { frozenPrevious[keys[$0]]!.startNanos < frozenPrevious[keys[$1]]!.startNanos }
        for o in frozenOps {
            guard let m = machineIndex[frozenPrevious[keys[o]]!.machine], alternatives[o].contains(where: { $0.machine == m }),
                jobPred[o] < 0 || placed[jobPred[o]]
            else { continue }
            put(o, on: m)
            fixed[m] += 1
        }
        // Dispatching: repeatedly the ready operation of the most urgent order, on the machine that finishes it first.
        start = Array(repeating: 0, count: n)
        end = Array(repeating: 0, count: n)
        setupPlanned = Array(repeating: 0, count: n)
        machPred = Array(repeating: -1, count: n)
        machSucc = Array(repeating: -1, count: n)
        indegree = Array(repeating: 0, count: n)
        order = Array(repeating: 0, count: n)
        _ = evaluate()
        var machineFree = (0..<machineIDs.count).map { m in sequence[m].last.map { end[$0] } ?? 0 }
        var jobReady = Array(repeating: 0, count: jobOrder.count)
        var next = Array(repeating: -1, count: jobOrder.count)
        for o in (0..<n).reversed() where !placed[o] { next[jobOf[o]] = o }
        for o in 0..<n where placed[o] { jobReady[jobOf[o]] = max(jobReady[jobOf[o]], end[o]) }
        while true {
            var pick = -1
            var pickKey = (Int.max, Int.max)
            for j in 0..<jobOrder.count {
                let o = next[j]
                guard o >= 0, jobPred[o] < 0 || placed[jobPred[o]] else { continue }
                let ready = max(release[o], jobReady[j])
                let key = (jobDue[j] / max(1, jobWeight[j]), ready)
                if key < pickKey {
                    pickKey = key
                    pick = o
                }
            }
            guard pick >= 0 else { break }
            let j = jobOf[pick]
            let ready = max(release[pick], jobReady[j])
            var best = alternatives[pick][0]
            var bestEnd = Int.max
            for a in alternatives[pick] {
                let s = time.nextWorking(max(ready, machineFree[a.machine]))
                let e = time.finish(start: s, work: a.run + setupSeconds[pick])
                if e < bestEnd {
                    bestEnd = e
                    best = a
                }
            }
            put(pick, on: best.machine)
            machineFree[best.machine] = bestEnd
            jobReady[j] = bestEnd
            next[j] = jobSucc[pick]
        }
        position = Array(repeating: 0, count: n)
        for s in sequence { for (k, o) in s.enumerated() { position[o] = k } }
        _ = evaluate()
    }

    /// Starts and ends of every operation; false on a cycle.
    mutating func evaluate() -> Bool {
        for m in 0..<sequence.count {
            let s = sequence[m]
            for (k, o) in s.enumerated() {
                machPred[o] = k == 0 ? -1 : s[k - 1]
                machSucc[o] = k == s.count - 1 ? -1 : s[k + 1]
            }
        }
        guard TopologicalOrder.fill(&order, &indegree, jobPred: jobPred, jobSucc: jobSucc, machPred: machPred, machSucc: machSucc) else {
            return false
        }
        for k in 0..<n {
            let o = order[k]
            (start[o], setupPlanned[o], end[o]) = timing(of: o)
        }
        return true
    }

    /// When operation o starts, the setup before it and when it ends, from the ends of its job and
    /// machine predecessors as they stand: the one rule of both the full and the incremental evaluation.
    @inline(__always)
    func timing(of o: Int) -> (start: Int, setup: Int, end: Int) {
        if let pinned = pinnedStart[o] { return (pinned, 0, time.finish(start: 0, work: run[o])) }
        var ready = release[o]
        if jobPred[o] >= 0 { ready = max(ready, end[jobPred[o]]) }
        let mp = machPred[o]
        if mp >= 0 { ready = max(ready, end[mp]) }
        let s = time.nextWorking(max(0, ready))
        let setup = setup(of: o, after: mp)
        return (s, setup, time.finish(start: s, work: setup + run[o]))
    }

    /// The setup before o when mp (-1: none) runs just before it on its machine.
    @inline(__always)
    func setup(of o: Int, after mp: Int) -> Int {
        mp < 0 || kind[mp] != kind[o] ? setupSeconds[o] : 0
    }

    /// (weighted tardiness, makespan), or the reverse when the plant minimises makespan.
    func objective() -> PlantObjective {
        var tardiness = 0
        var makespan = 0
        for j in 0..<jobLast.count {
            let e = end[jobLast[j]]
            tardiness += jobWeight[j] * max(0, e - jobDue[j])
            makespan = max(makespan, e)
        }
        return PlantObjective(tardiness: tardiness, makespan: makespan, of: input.plant.scheduling.objective)
    }

    func movable(_ o: Int) -> Bool { position[o] >= fixed[machineOf[o]] }

    /// The chain of operations that makes job j end when it does.
    func criticalPath(to j: Int) -> [Int] {
        var path: [Int] = []
        var o = jobLast[j]
        while o >= 0 && path.count < n {
            path.append(o)
            if pinnedStart[o] != nil { break }
            let m = machineOf[o]
            let k = position[o]
            let mp = k > 0 ? sequence[m][k - 1] : -1
            let fromJob = jobPred[o] >= 0 ? end[jobPred[o]] : release[o]
            if mp >= 0 && end[mp] >= fromJob {
                o = mp
            } else if jobPred[o] >= 0 {
                o = jobPred[o]
            } else {
                o = -1
            }
        }
        return path
    }

    /// A change to the sequences: swap the operations at `at` and `at + 1` on a machine, or move an
    /// operation to another machine, before the operation at `at` there.
    enum Move: Sendable {
        case swap(machine: Int, at: Int)
        case reassign(Int, machine: Int, at: Int)
    }

    /// Changes the sequences (and machines, run times, positions; not the machine arcs nor the
    /// times) and returns the move that undoes it.
    mutating func apply(_ move: Move) -> Move {
        switch move {
        case .swap(let m, let k):
            sequence[m].swapAt(k, k + 1)
            position[sequence[m][k]] = k
            position[sequence[m][k + 1]] = k + 1
            return .swap(machine: m, at: k)
        case .reassign(let o, let m, let k):
            let old = machineOf[o]
            let oldAt = position[o]
            sequence[old].remove(at: oldAt)
            for i in oldAt..<sequence[old].count { position[sequence[old][i]] = i }
            let at = min(k, sequence[m].count)
            sequence[m].insert(o, at: at)
            for i in at..<sequence[m].count { position[sequence[m][i]] = i }
            machineOf[o] = m
            run[o] = alternatives[o].first { $0.machine == m }?.run ?? run[o]
            return .reassign(o, machine: old, at: oldAt)
        }
    }

    /// Puts back a schedule's sequences (a snapshot's) and evaluates it in full.
    mutating func restore(machineOf: [Int], run: [Int], sequence: [[Int]]) {
        (self.machineOf, self.run, self.sequence) = (machineOf, run, sequence)
        for s in sequence { for (k, o) in s.enumerated() { position[o] = k } }
        _ = evaluate()
    }

    /// One search to its end (the caller's limits), leaving the best schedule it found evaluated.
    mutating func search(seed: UInt64, limits: SearchLimits, evaluation: PlantScheduler.Evaluation = .incremental) {
        guard n > 1 else { return }
        var search = PlantSearch(self, seed: seed, evaluation: evaluation)
        while !search.run(moves: Int.max, limits: limits) {}
        self = search.finish()
    }

    func result() -> PlantSchedule {
        let now = input.now
        // Saturating: a plan of many year-long operations could end past what nanoseconds hold.
        func at(_ s: Int) -> Timestamp {
            let (offset, over) = Int64(s).multipliedReportingOverflow(by: Nanos.perSecond)
            let (t, past) = now.addingReportingOverflow(offset)
            return over || past ? .max : t
        }
        var ops: [PlannedOperation] = []
        var tardiness = 0
        var late = 0
        var lateness = Array(repeating: 0, count: n)
        for j in 0..<jobLast.count {
            let l = max(0, end[jobLast[j]] - jobDue[j])
            lateness[jobLast[j]] = l
            tardiness += jobWeight[j] * l
            if l > 0 { late += 1 }
        }
        var unscheduled = self.unscheduled
        for m in 0..<sequence.count {
            for (k, o) in sequence[m].enumerated() {
                let order = jobOrder[jobOf[o]]
                guard end[o] <= Self.horizonSeconds else {
                    // Queued behind years of work: listed, not drawn at a time no one can use.
                    let reason = "would end after \(ISOTime.format(at(Self.horizonSeconds)).prefix(4)), past the planning horizon of 100 years"
                    unscheduled.append(UnscheduledOperation(order: keys[o].order, index: keys[o].index, reason: reason))
                    continue
                }
                ops.append(
                    PlannedOperation(
                        order: keys[o].order, index: keys[o].index, operation: names[o], product: products[o], machine: machineIDs[m],
                        quantity: quantity[o], start: ISOTime.format(at(start[o])), end: ISOTime.format(at(end[o])),
                        startNanos: at(start[o]), endNanos: at(end[o]), setup: setupPlanned[o], due: ISOTime.format(order.due),
                        lateness: lateness[o], state: state[o], frozen: k < fixed[m]))
            }
        }
        ops.sort { ($0.startNanos, $0.machine) < ($1.startNanos, $1.machine) }
        let last = ops.map(\.endNanos).max()
        var plan = PlantSchedule(
            generatedAt: ISOTime.format(now), generatedNanos: now, objective: input.plant.scheduling.objective.rawValue,
            weightedTardiness: tardiness, lateOrders: late, makespanEnd: last.map(ISOTime.format), operations: ops,
            unscheduled: unscheduled, iterations: iterations)
        if !time.alwaysWorking {
            // The gaps between working spans, up to a day past the end (at most two weeks).
            let horizon = min(14 * 86_400, ((last ?? now) - now) / Nanos.perSecond + 86_400)
            var gaps: [TimeSpan] = []
            var at = 0
            for span in time.spans where at < Int(horizon) {
                if span.lowerBound > at {
                    gaps.append(TimeSpan(start: now + Int64(at) * Nanos.perSecond, end: now + Int64(span.lowerBound) * Nanos.perSecond))
                }
                at = max(at, span.upperBound)
            }
            plan.nonWorking = gaps
        }
        return plan
    }
}
