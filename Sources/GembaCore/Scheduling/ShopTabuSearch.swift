/// When a search stops: after a number of moves (repeatable to the bit), when the
/// caller's clock says so (anytime), or when a target makespan is reached.
public struct SearchLimits: Sendable {
    public var iterations: Int?
    /// Asked every 64 moves; the caller owns the clock (the core reads none).
    public var shouldStop: @Sendable () -> Bool
    public var target: Int?

    public init(iterations: Int? = nil, target: Int? = nil, shouldStop: @escaping @Sendable () -> Bool = { false }) {
        self.iterations = iterations
        self.target = target
        self.shouldStop = shouldStop
    }
}

/// What a search found.
public struct ShopSolution: Sendable, Equatable {
    public var makespan: Int
    public var operations: [ScheduledOperation]
    public var iterations: Int
    /// The best makespan of the dispatching rules the search started from.
    public var initialMakespan: Int
}

/// Tabu search for the (flexible) job shop, after Nowicki & Smutnicki (1996):
/// a start from Giffler–Thompson dispatching rules, then moves on the critical
/// path only — swaps of the first and last pairs of its blocks (neighbourhood N5)
/// and, for a flexible shop, moving a critical operation to another eligible
/// machine at its best position — chosen by a makespan estimate, with a tabu list,
/// aspiration, and restarts from the best solution with a random kick when the
/// search stalls. Deterministic for a seed: the same moves in the same order; only
/// when it stops depends on the clock.
public enum ShopTabuSearch {
    public static func solve(_ instance: ShopInstance, seed: UInt64 = 1, limits: SearchLimits) -> ShopSolution {
        var rng = SplitMix64(seed: seed)
        var s = ShopState(instance)
        guard s.n > 0 else { return ShopSolution(makespan: 0, operations: [], iterations: 0, initialMakespan: 0) }
        // The best start of a few dispatching rules.
        var bestStart: (Int, [Int], [Int], [[Int]])?
        for rule in DispatchRule.allCases {
            var t = s
            giffler(&t, rule: rule, rng: &rng)
            if bestStart == nil || t.makespan < bestStart!.0 { bestStart = (t.makespan, t.machineOf, t.duration, t.sequence) }
        }
        guard let start = bestStart else { return ShopSolution(makespan: 0, operations: [], iterations: 0, initialMakespan: 0) }
        s.machineOf = start.1
        s.duration = start.2
        s.sequence = start.3
        s.relink()
        _ = s.evaluate()
        var best = (makespan: s.makespan, machineOf: s.machineOf, duration: s.duration, sequence: s.sequence)
        var bestHeads = s.head

        let n = s.n
        let flexible = s.altStart[n] > n
        // A makespan at the trivial lower bound is optimal: nothing left to search for.
        let lowerBound = instance.trivialLowerBound
        let base = max(8, Int(Double(n).squareRoot() * 0.9))
        let stall = max(3000, 25 * n)
        var tabuBefore = [Int32](repeating: 0, count: n <= 4000 ? n * n : 0)
        var tabuBeforeLarge: [Int: Int32] = [:]
        var tabuAlt = [Int32](repeating: 0, count: s.altMachine.count)
        func isTabu(_ u: Int, before v: Int, _ iter: Int) -> Bool {
            let until = tabuBefore.isEmpty ? (tabuBeforeLarge[u * n + v] ?? 0) : tabuBefore[u * n + v]
            return Int(until) > iter
        }
        func forbid(_ u: Int, before v: Int, until: Int) {
            if tabuBefore.isEmpty { tabuBeforeLarge[u * n + v] = Int32(until) } else { tabuBefore[u * n + v] = Int32(until) }
        }

        var iter = 0
        var lastImprovement = 0
        enum Move {
            case swap(Int, Int)
            case reassign(Int, alt: Int, position: Int)
        }
        var moves: [(Move, Int, Bool)] = []
        while true {
            if let cap = limits.iterations, iter >= cap { break }
            if let target = limits.target, best.makespan <= target { break }
            if best.makespan <= lowerBound { break }
            if iter & 63 == 0 && limits.shouldStop() { break }
            let blocks = s.criticalBlocks()
            moves.removeAll(keepingCapacity: true)
            // N5: in every block but the first, swap its first two operations; in every block
            // but the last, its last two. (One block only: the critical machine is never idle.)
            for (b, block) in blocks.enumerated() where block.count >= 2 {
                if b > 0 {
                    let (u, v) = (block[0], block[1])
                    moves.append((.swap(u, v), s.swapEstimate(u, v), isTabu(v, before: u, iter)))
                }
                if b < blocks.count - 1 && (block.count > 2 || b == 0) {
                    let (u, v) = (block[block.count - 2], block[block.count - 1])
                    moves.append((.swap(u, v), s.swapEstimate(u, v), isTabu(v, before: u, iter)))
                }
            }
            if flexible {
                for block in blocks {
                    for o in block where s.alternatives(o).count > 1 {
                        for alt in s.alternatives(o) where s.altMachine[alt] != s.machineOf[o] {
                            if let (position, estimate) = bestInsertion(s, o, alt: alt) {
                                moves.append(
                                    (.reassign(o, alt: alt, position: position), max(estimate, s.makespan - s.duration[o]), Int(tabuAlt[alt]) > iter))
                            }
                        }
                    }
                }
            }
            if moves.isEmpty {
                // One block and nothing to move: the critical machine is busy from 0 to the end; optimal.
                if !flexible { break }
                if !kick(&s, &rng, from: best, flexible: flexible) { break }
                iter += 1
                continue
            }
            // The best admissible move (aspiration: a tabu move that beats the best is allowed);
            // ties broken at random so that the search does not cycle on equal moves.
            var chosen = -1
            var chosenValue = Int.max
            var ties = 0
            for (k, m) in moves.enumerated() {
                let admissible = !m.2 || m.1 < best.makespan
                guard admissible else { continue }
                if m.1 < chosenValue {
                    chosen = k
                    chosenValue = m.1
                    ties = 1
                } else if m.1 == chosenValue {
                    ties += 1
                    if rng.next(below: ties) == 0 { chosen = k }
                }
            }
            if chosen < 0 { chosen = rng.next(below: moves.count) }
            let tenure = base + rng.next(below: base / 2 + 1)
            switch moves[chosen].0 {
            case .swap(let u, let v):
                s.swap(u, v)
                forbid(u, before: v, until: iter + tenure)
                _ = s.evaluate()
            case .reassign(let o, let alt, let position):
                let oldMachine = s.machineOf[o]
                let oldPosition = s.sequence[oldMachine].firstIndex(of: o) ?? 0
                let oldAlt = s.alternatives(o).first { s.altMachine[$0] == oldMachine && s.altDuration[$0] == s.duration[o] } ?? alt
                s.reassign(o, alt: alt, position: position)
                if !s.evaluate() {
                    s.reassign(o, alt: oldAlt, position: oldPosition)
                    _ = s.evaluate()
                }
                tabuAlt[oldAlt] = Int32(iter + tenure)
            }
            iter += 1
            if s.makespan < best.makespan {
                best = (s.makespan, s.machineOf, s.duration, s.sequence)
                bestHeads = s.head
                lastImprovement = iter
            } else if iter - lastImprovement > stall {
                _ = kick(&s, &rng, from: best, flexible: flexible)
                lastImprovement = iter
            }
        }
        s.machineOf = best.machineOf
        s.duration = best.duration
        s.sequence = best.sequence
        s.relink()
        _ = s.evaluate()
        _ = bestHeads
        return ShopSolution(makespan: s.makespan, operations: s.scheduled(), iterations: iter, initialMakespan: start.0)
    }

    /// Restarts from the best solution with a few random swaps on its critical path.
    private static func kick(
        _ s: inout ShopState, _ rng: inout SplitMix64, from best: (makespan: Int, machineOf: [Int], duration: [Int], sequence: [[Int]]),
        flexible: Bool
    ) -> Bool {
        s.machineOf = best.machineOf
        s.duration = best.duration
        s.sequence = best.sequence
        s.relink()
        _ = s.evaluate()
        let kicks = 2 + rng.next(below: 4)
        for _ in 0..<kicks {
            let blocks = s.criticalBlocks().filter { $0.count >= 2 }
            if flexible && (blocks.isEmpty || rng.next(below: 3) == 0) {
                let o = rng.next(below: s.n)
                let alts = s.alternatives(o)
                let alt = alts.lowerBound + rng.next(below: alts.count)
                if let (position, _) = bestInsertion(s, o, alt: alt) {
                    let back = (
                        s.machineOf[o], s.sequence[s.machineOf[o]].firstIndex(of: o) ?? 0,
                        s.alternatives(o).first { s.altMachine[$0] == s.machineOf[o] } ?? alt
                    )
                    s.reassign(o, alt: alt, position: position)
                    if !s.evaluate() {
                        s.reassign(o, alt: back.2, position: back.1)
                        _ = s.evaluate()
                    }
                }
                continue
            }
            guard !blocks.isEmpty else { return false }
            let block = blocks[rng.next(below: blocks.count)]
            let k = rng.next(below: block.count - 1)
            s.swap(block[k], block[k + 1])
            _ = s.evaluate()
        }
        return true
    }

    /// The best place to insert o on the machine of `alt` without creating a cycle, and its estimate.
    static func bestInsertion(_ s: ShopState, _ o: Int, alt: Int) -> (position: Int, estimate: Int)? {
        let m = s.altMachine[alt]
        let d = s.altDuration[alt]
        let seq = s.sequence[m]
        let jp = s.jobPred[o]
        let js = s.jobSucc[o]
        let fromJob = jp >= 0 ? s.head[jp] + s.duration[jp] : 0
        let toJob = js >= 0 ? s.tail[js] + s.duration[js] : 0
        let ownEnd = s.head[o] + s.duration[o]
        let ownAfter = s.tail[o] + s.duration[o]
        var best: (Int, Int)?
        for k in 0...seq.count {
            let a = k > 0 ? seq[k - 1] : -1
            let b = k < seq.count ? seq[k] : -1
            if a == o || b == o { continue }
            // No path o → a and none b → o, so the insertion cannot close a cycle.
            if a >= 0 && s.head[a] >= ownEnd { break }
            if b >= 0 && s.tail[b] >= ownAfter { continue }
            let r = max(fromJob, a >= 0 ? s.head[a] + s.duration[a] : 0)
            let q = max(toJob, b >= 0 ? s.tail[b] + s.duration[b] : 0)
            let e = r + d + q
            if best == nil || e < best!.1 { best = (k, e) }
        }
        return best
    }

    enum DispatchRule: CaseIterable {
        case mostWorkRemaining, mostOperationsRemaining, shortestProcessingTime, randomised
    }

    /// Giffler–Thompson active schedule: the machine that can finish an operation first
    /// takes, among the operations that could start on it before then, the one the rule prefers.
    static func giffler(_ s: inout ShopState, rule: DispatchRule, rng: inout SplitMix64) {
        let jobs = (s.jobOf.last ?? -1) + 1
        var next = [Int](repeating: -1, count: jobs)
        var work = [Int](repeating: 0, count: jobs)
        var remaining = [Int](repeating: 0, count: jobs)
        for o in (0..<s.n).reversed() {
            next[s.jobOf[o]] = o
            let alts = s.alternatives(o)
            work[s.jobOf[o]] += alts.map { s.altDuration[$0] }.min() ?? 0
            remaining[s.jobOf[o]] += 1
        }
        var jobReady = [Int](repeating: 0, count: jobs)
        var machineReady = [Int](repeating: 0, count: s.machines)
        for m in 0..<s.machines { s.sequence[m].removeAll(keepingCapacity: true) }
        for _ in 0..<s.n {
            var cStar = Int.max
            var mStar = -1
            for j in 0..<jobs where next[j] >= 0 {
                let o = next[j]
                for alt in s.alternatives(o) {
                    let m = s.altMachine[alt]
                    let c = max(jobReady[j], machineReady[m]) + s.altDuration[alt]
                    if c < cStar || (c == cStar && m < mStar) {
                        cStar = c
                        mStar = m
                    }
                }
            }
            var pick = -1
            var pickAlt = -1
            var pickKey = Int.min
            for j in 0..<jobs where next[j] >= 0 {
                let o = next[j]
                for alt in s.alternatives(o) where s.altMachine[alt] == mStar {
                    let start = max(jobReady[j], machineReady[mStar])
                    guard start < cStar || (start == cStar && s.altDuration[alt] == 0) else { continue }
                    let key: Int
                    switch rule {
                    case .mostWorkRemaining: key = work[j]
                    case .mostOperationsRemaining: key = remaining[j] * 100_000 + work[j]
                    case .shortestProcessingTime: key = -s.altDuration[alt]
                    case .randomised: key = work[j] + rng.next(below: max(1, work[j] / 4 + 1))
                    }
                    if key > pickKey {
                        pickKey = key
                        pick = o
                        pickAlt = alt
                    }
                }
            }
            guard pick >= 0 else { break }
            let j = s.jobOf[pick]
            let d = s.altDuration[pickAlt]
            let start = max(jobReady[j], machineReady[mStar])
            s.machineOf[pick] = mStar
            s.duration[pick] = d
            s.sequence[mStar].append(pick)
            jobReady[j] = start + d
            machineReady[mStar] = start + d
            work[j] -= s.alternatives(pick).map { s.altDuration[$0] }.min() ?? 0
            remaining[j] -= 1
            next[j] = s.jobSucc[pick]
        }
        s.relink()
        _ = s.evaluate()
    }
}

/// A small, fast, seedable random generator (SplitMix64): the same seed, the same search.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in 0..<bound (bound ≥ 1).
    public mutating func next(below bound: Int) -> Int { Int(next() % UInt64(max(1, bound))) }
}
