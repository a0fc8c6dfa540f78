/// One tabu search on a (flexible) job shop, run in stretches of moves so that searches
/// on several threads can share their best between stretches. Each move is the best
/// admissible N7 move on one critical path (a tabu move is admissible when its estimate
/// beats the best makespan; ties broken at random), or for a flexible shop a critical
/// operation moved to another eligible machine. A phase of the search ends when its own
/// best has not improved for a while; the next starts from a random schedule while the
/// elite is being filled, then part of the way from one elite solution to another (path
/// relinking, as in i-TSAB and TS/PR), or from an elite solution with a random kick.
struct ShopSearchWorker {
    private(set) var s: ShopState
    private var rng: SplitMix64
    private let flexible: Bool
    private let lowerBound: Int
    private(set) var best: ShopState.Snapshot
    private var phaseBest: ShopState.Snapshot
    private(set) var elite = ShopElite(capacity: ShopSearchWorker.population)
    private(set) var iterations = 0
    private var lastImprovement = 0
    /// Phases still to start from a random schedule before relinking begins.
    private var initialStarts = ShopSearchWorker.population
    /// How many elite solutions a search keeps, and how many phases start from random schedules.
    static let population = 8
    private let base: Int
    private let stall: Int
    /// Until which move "u before v" is forbidden: tabu[u * n + v], counted from `tabuBase`.
    private var tabu: [Int32]
    private var tabuLarge: [Int: Int32] = [:]
    private var tabuAlt: [Int32]
    /// The move the tabu lists count from; moved on (and the lists cleared) before their
    /// counts would outgrow 32 bits, which a search of hours would otherwise reach.
    private var tabuBase = 0
    private let tabuHorizon: Int
    private var blocks: [ShopBlock] = []
    private var moves: [ShopShift] = []
    private var buffer: [Int] = []
    /// Nothing left to search for: the makespan is at a lower bound.
    private(set) var finished = false

    /// `tabuHorizon`: how many moves the tabu lists count before they are cleared (tests
    /// shorten it to see a search carry on across it).
    /// `denseTabu`: an n × n table (fast, 4n² bytes) rather than a dictionary of pairs.
    init(start: ShopState, lowerBound: Int, seed: UInt64, tabuHorizon: Int = 1 << 30, denseTabu: Bool = true) {
        self.tabuHorizon = tabuHorizon
        s = start
        rng = SplitMix64(seed: seed)
        let n = start.n
        flexible = start.altStart[n] > n
        self.lowerBound = lowerBound
        best = start.snapshot
        phaseBest = best
        base = max(4, Int(Double(n).squareRoot() * 0.5))
        stall = max(3000, 25 * n)
        tabu = [Int32](repeating: 0, count: denseTabu ? n * n : 0)
        tabuAlt = [Int32](repeating: 0, count: start.altMachine.count)
        elite.offer(best)
    }

    private func forbidden(_ u: Int, before v: Int) -> Bool {
        let until = tabu.isEmpty ? (tabuLarge[u * s.n + v] ?? 0) : tabu[u * s.n + v]
        return Int(until) > iterations - tabuBase
    }

    private mutating func forbid(_ u: Int, before v: Int, until: Int) {
        let count = Int32(until - tabuBase)
        if tabu.isEmpty { tabuLarge[u * s.n + v] = count } else { tabu[u * s.n + v] = count }
    }

    /// Whether moving sequence[m][i] to j would bring back an order the tabu list forbids.
    private func isTabu(_ m: Int, _ i: Int, _ j: Int) -> Bool {
        let seq = s.sequence[m]
        let x = seq[i]
        if j > i {
            for k in (i + 1)...j where forbidden(seq[k], before: x) { return true }
        } else {
            for k in j..<i where forbidden(x, before: seq[k]) { return true }
        }
        return false
    }

    /// Forgets every tabu order and counts from this move on.
    private mutating func clearTabu() {
        for k in tabu.indices { tabu[k] = 0 }
        tabuLarge.removeAll()
        for k in tabuAlt.indices { tabuAlt[k] = 0 }
        tabuBase = iterations
    }

    /// Marks the moves that would bring back an order the tabu list forbids; over the raw
    /// matrix when there is one, since this runs for every candidate of every move.
    private mutating func markTabuMoves() {
        guard !tabu.isEmpty else {
            for k in moves.indices { moves[k].tabu = isTabu(moves[k].machine, moves[k].from, moves[k].to) }
            return
        }
        let n = s.n
        let now = Int32(iterations - tabuBase)
        tabu.withUnsafeBufferPointer { tabu in
            for k in moves.indices {
                let (i, j) = (moves[k].from, moves[k].to)
                moves[k].tabu = s.sequence[moves[k].machine].withUnsafeBufferPointer { seq in
                    let x = seq[i]
                    if j > i {
                        for k in (i + 1)...j where tabu[seq[k] &* n &+ x] > now { return true }
                    } else {
                        for k in j..<i where tabu[x &* n &+ seq[k]] > now { return true }
                    }
                    return false
                }
            }
        }
    }

    /// Makes up to `budget` moves; true when the search is over (a limit, the clock, or a
    /// makespan at the lower bound).
    mutating func run(moves budget: Int, limits: SearchLimits) -> Bool {
        var made = 0
        while made < budget {
            if let cap = limits.iterations, iterations >= cap { return true }
            if let target = limits.target, best.makespan <= target { return true }
            if finished || best.makespan <= lowerBound { return true }
            if iterations & 63 == 0 && limits.shouldStop() { return true }
            step()
            made += 1
        }
        return false
    }

    /// Another search's best: kept in the elite, and taken as this one's best when better.
    mutating func share(_ other: ShopState.Snapshot) {
        elite.offer(other)
        if other.makespan < best.makespan { best = other }
    }

    private mutating func step() {
        if iterations - tabuBase >= tabuHorizon { clearTabu() }
        s.criticalBlocks(into: &blocks)
        s.blockMoves(blocks, into: &moves, buffer: &buffer)
        markTabuMoves()
        var reassigns: [(o: Int, alt: Int, position: Int, estimate: Int, tabu: Bool)] = []
        if flexible {
            for block in blocks {
                for k in block.first...block.last {
                    let o = s.sequence[block.machine][k]
                    guard s.alternatives(o).count > 1 else { continue }
                    for alt in s.alternatives(o) where s.altMachine[alt] != s.machineOf[o] {
                        if let (position, estimate) = ShopConstruction.bestInsertion(s, o, alt: alt) {
                            reassigns.append((o, alt, position, max(estimate, s.makespan - s.duration[o]), Int(tabuAlt[alt]) > iterations - tabuBase))
                        }
                    }
                }
            }
        }
        if moves.isEmpty && reassigns.isEmpty {
            // One block and nothing to move: the critical machine is busy from 0 to the end; optimal.
            if !flexible || !kick(from: best) { finished = true }
            iterations += 1
            return
        }
        // The best admissible move; ties broken at random so that the search does not cycle on equal moves.
        var chosen = -1
        var chosenValue = Int.max
        var ties = 0
        let total = moves.count + reassigns.count
        for k in 0..<total {
            let (estimate, isTabu) =
                k < moves.count ? (moves[k].estimate, moves[k].tabu) : (reassigns[k - moves.count].estimate, reassigns[k - moves.count].tabu)
            guard !isTabu || estimate < best.makespan else { continue }
            if estimate < chosenValue {
                chosen = k
                chosenValue = estimate
                ties = 1
            } else if estimate == chosenValue {
                ties += 1
                if rng.next(below: ties) == 0 { chosen = k }
            }
        }
        if chosen < 0 { chosen = rng.next(below: total) }
        let tenure = base + rng.next(below: base / 2 + 1)
        if chosen < moves.count {
            let move = moves[chosen]
            if s.shift(machine: move.machine, from: move.from, to: move.to) {
                // Forbid putting back what the move reversed: x now after (or before) the ones it passed.
                let seq = s.sequence[move.machine]
                let x = seq[move.to]
                if move.to > move.from {
                    for k in move.from..<move.to { forbid(x, before: seq[k], until: iterations + tenure) }
                } else {
                    for k in (move.to + 1)...move.from { forbid(seq[k], before: x, until: iterations + tenure) }
                }
            }
        } else {
            let r = reassigns[chosen - moves.count]
            let oldAlt = s.currentAlternative(r.o)
            let oldPosition = s.seqIndex[r.o]
            s.reassign(r.o, alt: r.alt, position: r.position)
            if !s.evaluate() {
                s.reassign(r.o, alt: oldAlt, position: oldPosition)
                _ = s.evaluate()
            }
            tabuAlt[oldAlt] = Int32(iterations + tenure - tabuBase)
        }
        iterations += 1
        if s.makespan < phaseBest.makespan {
            phaseBest = s.snapshot
            lastImprovement = iterations
        }
        if s.makespan < best.makespan {
            best = s.snapshot
            elite.offer(best)
            lastImprovement = iterations
        } else if iterations - lastImprovement > stall {
            restart()
            lastImprovement = iterations
        }
    }

    /// A new phase after a stall: the last phase's best joins the elite; the first phases
    /// start from random schedules (a diverse elite is what relinking needs); then, for a
    /// classic job shop, three times in four part of the way from one elite solution to
    /// another, otherwise an elite solution with a kick.
    private mutating func restart() {
        elite.offer(phaseBest)
        if initialStarts > 0 {
            // The elite's first members come from searches of their own, from random starts.
            initialStarts -= 1
            ShopConstruction.giffler(&s, rule: .random, rng: &rng)
        } else if !flexible && elite.count >= 2 && rng.next(below: 4) != 0 {
            let a = rng.next(below: elite.count)
            var b = rng.next(below: elite.count - 1)
            if b >= a { b += 1 }
            s.restore(elite.members[a])
            s.relink(toward: elite.members[b], keep: 0.3 + Double(rng.next(below: 40)) / 100, rng: &rng)
        } else {
            _ = kick(from: elite.count > 1 && rng.next(below: 2) == 0 ? elite.members[rng.next(below: elite.count)] : best)
        }
        phaseBest = s.snapshot
    }

    /// Restarts from a solution with a few random swaps on its critical path (or reassignments).
    private mutating func kick(from start: ShopState.Snapshot) -> Bool {
        s.restore(start)
        let kicks = 2 + rng.next(below: 4)
        for _ in 0..<kicks {
            s.criticalBlocks(into: &blocks)
            let long = blocks.filter { $0.last > $0.first }
            if flexible && (long.isEmpty || rng.next(below: 3) == 0) {
                let o = rng.next(below: s.n)
                let alts = s.alternatives(o)
                let alt = alts.lowerBound + rng.next(below: alts.count)
                if let (position, _) = ShopConstruction.bestInsertion(s, o, alt: alt) {
                    let back = (s.currentAlternative(o), s.seqIndex[o])
                    s.reassign(o, alt: alt, position: position)
                    if !s.evaluate() {
                        s.reassign(o, alt: back.0, position: back.1)
                        _ = s.evaluate()
                    }
                }
                continue
            }
            guard !long.isEmpty else { return false }
            let block = long[rng.next(below: long.count)]
            let k = block.first + rng.next(below: block.last - block.first)
            _ = s.shift(machine: block.machine, from: k, to: k + 1)
        }
        return true
    }
}
