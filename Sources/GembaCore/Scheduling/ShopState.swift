/// A (flexible) job-shop solution as a disjunctive graph: each operation's machine,
/// each machine's sequence, a topological order of the operations, and the heads and
/// tails that give every operation's start and the makespan. A move inside one
/// machine's sequence repairs the order locally and recomputes heads and tails only
/// where they change (`ShopState+Incremental.swift`); anything else rebuilds it all.
struct ShopState {
    // The instance, flattened.
    let n: Int
    let machines: Int
    let jobOf: [Int]
    let indexOf: [Int]
    let jobPred: [Int]
    let jobSucc: [Int]
    /// Each job's last operation: the makespan is the latest of their ends.
    let jobLast: [Int]
    /// Alternatives of operation o: altMachine/altDuration[altStart[o]..<altStart[o+1]].
    let altStart: [Int]
    let altMachine: [Int]
    let altDuration: [Int]

    // The solution.
    var machineOf: [Int]
    var duration: [Int]
    var sequence: [[Int]]
    /// Where each operation stands in its machine's sequence.
    var seqIndex: [Int]
    var machPred: [Int]
    var machSucc: [Int]
    /// Head: earliest start. Tail: longest path after the operation ends.
    var head: [Int]
    var tail: [Int]
    var makespan = 0
    /// A topological order of the graph, and each operation's place in it.
    var order: [Int]
    var pos: [Int]
    // Scratch for the incremental passes.
    var indegree: [Int]
    var mark: [Int]
    var stamp = 0
    var scratch: [Int] = []

    init(_ instance: ShopInstance) {
        var jobOf: [Int] = []
        var indexOf: [Int] = []
        var jp: [Int] = []
        var js: [Int] = []
        var last: [Int] = []
        var altStart: [Int] = [0]
        var altMachine: [Int] = []
        var altDuration: [Int] = []
        for (j, job) in instance.jobs.enumerated() {
            for (k, alts) in job.enumerated() {
                let o = jobOf.count
                jobOf.append(j)
                indexOf.append(k)
                jp.append(k == 0 ? -1 : o - 1)
                js.append(k == job.count - 1 ? -1 : o + 1)
                if k == job.count - 1 { last.append(o) }
                for a in alts {
                    altMachine.append(a.machine)
                    altDuration.append(a.duration)
                }
                altStart.append(altMachine.count)
            }
        }
        n = jobOf.count
        machines = instance.machineCount
        self.jobOf = jobOf
        self.indexOf = indexOf
        jobPred = jp
        jobSucc = js
        jobLast = last
        self.altStart = altStart
        self.altMachine = altMachine
        self.altDuration = altDuration
        machineOf = Array(repeating: -1, count: n)
        duration = Array(repeating: 0, count: n)
        sequence = Array(repeating: [], count: machines)
        seqIndex = Array(repeating: 0, count: n)
        machPred = Array(repeating: -1, count: n)
        machSucc = Array(repeating: -1, count: n)
        head = Array(repeating: 0, count: n)
        tail = Array(repeating: 0, count: n)
        order = Array(repeating: 0, count: n)
        pos = Array(repeating: 0, count: n)
        indegree = Array(repeating: 0, count: n)
        mark = Array(repeating: 0, count: n)
    }

    func alternatives(_ o: Int) -> Range<Int> { altStart[o]..<altStart[o + 1] }

    /// A solution to keep or to go back to: the machines and their sequences.
    struct Snapshot: Equatable, Sendable {
        var makespan: Int
        var machineOf: [Int]
        var duration: [Int]
        var sequence: [[Int]]
    }

    var snapshot: Snapshot { Snapshot(makespan: makespan, machineOf: machineOf, duration: duration, sequence: sequence) }

    /// Takes a kept solution and evaluates it whole.
    mutating func restore(_ s: Snapshot) {
        machineOf = s.machineOf
        duration = s.duration
        sequence = s.sequence
        relink()
        _ = evaluate()
    }

    /// Rebuilds the machine links from the sequences.
    mutating func relink() {
        for m in 0..<machines { relinkMachine(m) }
    }

    mutating func relinkMachine(_ m: Int) {
        let s = sequence[m]
        for (k, o) in s.enumerated() {
            seqIndex[o] = k
            machPred[o] = k == 0 ? -1 : s[k - 1]
            machSucc[o] = k == s.count - 1 ? -1 : s[k + 1]
        }
    }

    /// The topological order, heads, tails and makespan from scratch; false when the
    /// graph has a cycle (an infeasible move).
    mutating func evaluate() -> Bool {
        guard TopologicalOrder.fill(&order, &indegree, jobPred: jobPred, jobSucc: jobSucc, machPred: machPred, machSucc: machSucc) else {
            return false
        }
        for k in 0..<n { pos[order[k]] = k }
        for k in 0..<n { head[order[k]] = headFromPredecessors(order[k]) }
        for k in stride(from: n - 1, through: 0, by: -1) { tail[order[k]] = tailFromSuccessors(order[k]) }
        makespan = jobLast.reduce(0) { max($0, head[$1] + duration[$1]) }
        return true
    }

    @inline(__always) func headFromPredecessors(_ o: Int) -> Int {
        var h = 0
        let jp = jobPred[o]
        if jp >= 0 { h = head[jp] + duration[jp] }
        let mp = machPred[o]
        if mp >= 0 { h = max(h, head[mp] + duration[mp]) }
        return h
    }

    @inline(__always) func tailFromSuccessors(_ o: Int) -> Int {
        var t = 0
        let js = jobSucc[o]
        if js >= 0 { t = tail[js] + duration[js] }
        let ms = machSucc[o]
        if ms >= 0 { t = max(t, tail[ms] + duration[ms]) }
        return t
    }

    /// Moves o to machine alternative `alt` at position `position` of that machine's
    /// sequence; the caller evaluates.
    mutating func reassign(_ o: Int, alt: Int, position: Int) {
        let old = machineOf[o]
        sequence[old].remove(at: seqIndex[o])
        let m = altMachine[alt]
        machineOf[o] = m
        duration[o] = altDuration[alt]
        sequence[m].insert(o, at: min(position, sequence[m].count))
        relinkMachine(old)
        if m != old { relinkMachine(m) }
    }

    /// The alternative o runs on now.
    func currentAlternative(_ o: Int) -> Int {
        alternatives(o).first { altMachine[$0] == machineOf[o] && altDuration[$0] == duration[o] } ?? altStart[o]
    }

    /// The schedule as people and the checker read it.
    func scheduled() -> [ScheduledOperation] {
        (0..<n).map { ScheduledOperation(job: jobOf[$0], index: indexOf[$0], machine: machineOf[$0], start: head[$0], duration: duration[$0]) }
    }
}
