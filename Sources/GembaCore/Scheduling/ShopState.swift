/// A (flexible) job-shop solution as a disjunctive graph: each operation's machine,
/// each machine's sequence, and the heads and tails that give every operation's
/// start and the makespan. Rebuilt in O(operations) after each move.
struct ShopState {
    // The instance, flattened.
    let n: Int
    let machines: Int
    let jobOf: [Int]
    let indexOf: [Int]
    let jobPred: [Int]
    let jobSucc: [Int]
    /// Alternatives of operation o: altMachine/altDuration[altStart[o]..<altStart[o+1]].
    let altStart: [Int]
    let altMachine: [Int]
    let altDuration: [Int]

    // The solution.
    var machineOf: [Int]
    var duration: [Int]
    var sequence: [[Int]]
    var machPred: [Int]
    var machSucc: [Int]
    /// Head: earliest start. Tail: longest path after the operation ends.
    var head: [Int]
    var tail: [Int]
    var makespan = 0
    private var order: [Int]
    private var indegree: [Int]

    init(_ instance: ShopInstance) {
        var jobOf: [Int] = []
        var indexOf: [Int] = []
        var jp: [Int] = []
        var js: [Int] = []
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
        self.altStart = altStart
        self.altMachine = altMachine
        self.altDuration = altDuration
        machineOf = Array(repeating: -1, count: n)
        duration = Array(repeating: 0, count: n)
        sequence = Array(repeating: [], count: machines)
        machPred = Array(repeating: -1, count: n)
        machSucc = Array(repeating: -1, count: n)
        head = Array(repeating: 0, count: n)
        tail = Array(repeating: 0, count: n)
        order = Array(repeating: 0, count: n)
        indegree = Array(repeating: 0, count: n)
    }

    func alternatives(_ o: Int) -> Range<Int> { altStart[o]..<altStart[o + 1] }

    /// Rebuilds the machine links from the sequences.
    mutating func relink() {
        for m in 0..<machines {
            let s = sequence[m]
            for (k, o) in s.enumerated() {
                machPred[o] = k == 0 ? -1 : s[k - 1]
                machSucc[o] = k == s.count - 1 ? -1 : s[k + 1]
            }
        }
    }

    /// Heads, tails and makespan; false when the graph has a cycle (an infeasible move).
    mutating func evaluate() -> Bool {
        guard TopologicalOrder.fill(&order, &indegree, jobPred: jobPred, jobSucc: jobSucc, machPred: machPred, machSucc: machSucc) else {
            return false
        }
        var cmax = 0
        for k in 0..<n {
            let o = order[k]
            var h = 0
            let jp = jobPred[o]
            if jp >= 0 { h = head[jp] + duration[jp] }
            let mp = machPred[o]
            if mp >= 0 { h = max(h, head[mp] + duration[mp]) }
            head[o] = h
            cmax = max(cmax, h + duration[o])
        }
        for k in stride(from: n - 1, through: 0, by: -1) {
            let o = order[k]
            var t = 0
            let js = jobSucc[o]
            if js >= 0 { t = tail[js] + duration[js] }
            let ms = machSucc[o]
            if ms >= 0 { t = max(t, tail[ms] + duration[ms]) }
            tail[o] = t
        }
        makespan = cmax
        return true
    }

    /// One critical path, split into blocks (runs of adjacent operations on one machine).
    func criticalBlocks() -> [[Int]] {
        var end = -1
        for o in 0..<n where head[o] + duration[o] == makespan && jobSucc[o] < 0 && machSucc[o] < 0 {
            end = o
            break
        }
        if end < 0 {
            for o in 0..<n where head[o] + duration[o] == makespan {
                end = o
                break
            }
        }
        var path: [Int] = []
        var o = end
        while o >= 0 {
            path.append(o)
            let mp = machPred[o]
            let jp = jobPred[o]
            if mp >= 0 && head[mp] + duration[mp] == head[o] {
                o = mp
            } else if jp >= 0 && head[jp] + duration[jp] == head[o] {
                o = jp
            } else {
                o = -1
            }
        }
        path.reverse()
        var blocks: [[Int]] = []
        for o in path {
            if let last = blocks.last?.last, machineOf[last] == machineOf[o], machSucc[last] == o {
                blocks[blocks.count - 1].append(o)
            } else {
                blocks.append([o])
            }
        }
        return blocks
    }

    /// The makespan estimate after swapping adjacent u → v on their machine (Taillard's bound).
    func swapEstimate(_ u: Int, _ v: Int) -> Int {
        func endOf(_ x: Int) -> Int { x >= 0 ? head[x] + duration[x] : 0 }
        func after(_ x: Int) -> Int { x >= 0 ? tail[x] + duration[x] : 0 }
        let rv = max(endOf(jobPred[v]), endOf(machPred[u]))
        let ru = max(endOf(jobPred[u]), rv + duration[v])
        let qu = max(after(jobSucc[u]), after(machSucc[v]))
        let qv = max(after(jobSucc[v]), qu + duration[u])
        return max(rv + duration[v] + qv, ru + duration[u] + qu)
    }

    /// Swaps adjacent u → v on their machine.
    mutating func swap(_ u: Int, _ v: Int) {
        let m = machineOf[u]
        guard let k = sequence[m].firstIndex(of: u), k + 1 < sequence[m].count, sequence[m][k + 1] == v else { return }
        sequence[m].swapAt(k, k + 1)
        let a = machPred[u]
        let b = machSucc[v]
        machPred[v] = a
        machSucc[v] = u
        machPred[u] = v
        machSucc[u] = b
        if a >= 0 { machSucc[a] = v }
        if b >= 0 { machPred[b] = u }
    }

    /// Moves o to machine alternative `alt` at position `position` of that machine's sequence.
    mutating func reassign(_ o: Int, alt: Int, position: Int) {
        let old = machineOf[o]
        sequence[old].removeAll { $0 == o }
        let m = altMachine[alt]
        machineOf[o] = m
        duration[o] = altDuration[alt]
        sequence[m].insert(o, at: min(position, sequence[m].count))
        relinkMachine(old)
        if m != old { relinkMachine(m) }
    }

    private mutating func relinkMachine(_ m: Int) {
        let s = sequence[m]
        for (k, o) in s.enumerated() {
            machPred[o] = k == 0 ? -1 : s[k - 1]
            machSucc[o] = k == s.count - 1 ? -1 : s[k + 1]
        }
    }

    /// The schedule as people and the checker read it.
    func scheduled() -> [ScheduledOperation] {
        (0..<n).map { ScheduledOperation(job: jobOf[$0], index: indexOf[$0], machine: machineOf[$0], start: head[$0], duration: duration[$0]) }
    }
}
