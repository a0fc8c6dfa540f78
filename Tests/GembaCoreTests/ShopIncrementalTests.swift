import Foundation
import Testing

@testable import GembaCore

/// The job-shop search keeps heads and tails up to date after each move instead of
/// recomputing them all: these tests hold the incremental values to a full evaluation,
/// move after move, and check that the moves the neighbourhood offers never close a cycle.
struct ShopIncrementalTests {
    static func state(_ kind: String, _ name: String, rule: ShopConstruction.DispatchRule = .mostWorkRemaining) throws -> ShopState {
        let inst = try ShopSchedulingTests.instance(kind, name)
        var s = ShopState(inst)
        var rng = SplitMix64(seed: 1)
        ShopConstruction.giffler(&s, rule: rule, rng: &rng)
        return s
    }

    /// The same solution evaluated from scratch.
    static func full(_ s: ShopState) -> ShopState {
        var f = s
        f.relink()
        _ = f.evaluate()
        return f
    }

    @Test(arguments: ["ft10", "la21", "abz7", "swv11"])
    func randomMovesKeepHeadsTailsAndMakespanEqualToAFullEvaluation(name: String) throws {
        var s = try Self.state("jssp", name)
        var rng = SplitMix64(seed: 11)
        var refused = 0
        for _ in 0..<400 {
            let m = rng.next(below: s.machines)
            let count = s.sequence[m].count
            let i = rng.next(below: count)
            let j = rng.next(below: count)
            let before = s
            if !s.shift(machine: m, from: i, to: j) {
                // A move that would close a cycle is refused and changes nothing.
                refused += 1
                #expect(s.sequence == before.sequence && s.head == before.head && s.tail == before.tail)
                continue
            }
            let f = Self.full(s)
            #expect(s.head == f.head, "\(name): heads after moving \(i) to \(j) on machine \(m)")
            #expect(s.tail == f.tail, "\(name): tails after moving \(i) to \(j) on machine \(m)")
            #expect(s.makespan == f.makespan)
            #expect(s.machPred == f.machPred && s.machSucc == f.machSucc && s.seqIndex == f.seqIndex)
            // The kept order is topological.
            for o in 0..<s.n {
                if s.jobPred[o] >= 0 { #expect(s.pos[s.jobPred[o]] < s.pos[o]) }
                if s.machPred[o] >= 0 { #expect(s.pos[s.machPred[o]] < s.pos[o]) }
            }
        }
        // Random moves do close cycles now and then: the refusal was exercised.
        #expect(refused > 0)
    }

    @Test(arguments: ["ft10", "abz7", "swv06", "yn1"])
    func everyNeighbourhoodMoveIsAcyclic(name: String) throws {
        var s = try Self.state("jssp", name)
        var blocks: [ShopBlock] = []
        var moves: [ShopShift] = []
        var buffer: [Int] = []
        var rng = SplitMix64(seed: 5)
        for _ in 0..<200 {
            s.criticalBlocks(into: &blocks)
            // The blocks follow one critical path: every block is a run on one machine and the
            // path's length is the makespan.
            var length = 0
            for b in blocks {
                for k in b.first...b.last { length += s.duration[s.sequence[b.machine][k]] }
            }
            #expect(length == s.makespan)
            s.blockMoves(blocks, into: &moves, buffer: &buffer)
            guard !moves.isEmpty else { break }
            for move in moves {
                var t = s
                let made = t.shift(machine: move.machine, from: move.from, to: move.to)
                #expect(made, "\(name): a safe move closed a cycle")
                // For a swap of neighbours the estimate is Taillard's (1994).
                if abs(move.from - move.to) == 1 {
                    let k = min(move.from, move.to)
                    let seq = s.sequence[move.machine]
                    #expect(move.estimate == Self.taillard(s, seq[k], seq[k + 1]))
                }
            }
            let pick = moves[rng.next(below: moves.count)]
            _ = s.shift(machine: pick.machine, from: pick.from, to: pick.to)
        }
    }

    /// Taillard's makespan estimate after swapping neighbours u → v, written out on its own.
    static func taillard(_ s: ShopState, _ u: Int, _ v: Int) -> Int {
        func endOf(_ x: Int) -> Int { x >= 0 ? s.head[x] + s.duration[x] : 0 }
        func after(_ x: Int) -> Int { x >= 0 ? s.tail[x] + s.duration[x] : 0 }
        let rv = max(endOf(s.jobPred[v]), endOf(s.machPred[u]))
        let ru = max(endOf(s.jobPred[u]), rv + s.duration[v])
        let qu = max(after(s.jobSucc[u]), after(s.machSucc[v]))
        let qv = max(after(s.jobSucc[v]), qu + s.duration[u])
        return max(rv + s.duration[v] + qv, ru + s.duration[u] + qu)
    }

    @Test func twoThreadsGiveTheSameScheduleForTheSameSeedAndMoveCount() throws {
        let inst = try ShopSchedulingTests.instance("jssp", "abz7")
        let a = ShopTabuSearch.solve(inst, seed: 9, threads: 2, limits: SearchLimits(iterations: 10_000))
        let b = ShopTabuSearch.solve(inst, seed: 9, threads: 2, limits: SearchLimits(iterations: 10_000))
        #expect(a == b)
        #expect(a.iterations == 20_000)
        #expect(ScheduleChecker.violations(a.operations, instance: inst) == [])
        #expect(ScheduleChecker.makespan(a.operations) == a.makespan)
        // The second thread searched from another seed, and sharing the best means two threads
        // never end worse than the first thread alone.
        let one = ShopTabuSearch.solve(inst, seed: 9, threads: 1, limits: SearchLimits(iterations: 10_000))
        #expect(a.makespan <= one.makespan)
    }

    /// The tabu lists count moves in 32 bits from a base that moves on: a search of hours
    /// (billions of moves) must carry on past it instead of overflowing.
    @Test func aSearchCarriesOnPastItsTabuHorizon() throws {
        let inst = try ShopSchedulingTests.instance("jssp", "ft10")
        let start = try Self.state("jssp", "ft10")
        func search() -> ShopSearchWorker {
            var w = ShopSearchWorker(start: start, lowerBound: inst.trivialLowerBound, seed: 5, tabuHorizon: 700)
            _ = w.run(moves: 10_000, limits: SearchLimits())
            return w
        }
        let w = search()
        #expect(w.iterations == 10_000)
        #expect(w.best.makespan < start.makespan)
        #expect(w.best == search().best)
        // The dictionary kept instead of the dense table (large instances, many threads)
        // forbids the same moves.
        var sparse = ShopSearchWorker(start: start, lowerBound: inst.trivialLowerBound, seed: 5, tabuHorizon: 700, denseTabu: false)
        _ = sparse.run(moves: 10_000, limits: SearchLimits())
        #expect(sparse.best == w.best)
        var s = start
        s.restore(w.best)
        #expect(ScheduleChecker.violations(s.scheduled(), instance: inst) == [])
        #expect(s.makespan == w.best.makespan)
    }

    @Test func theEliteKeepsTheBestDistinctSolutionsAndRelinkingMovesTowardTheOther() throws {
        var s = try Self.state("jssp", "ft10")
        var other = try Self.state("jssp", "ft10", rule: .shortestProcessingTime)
        _ = other.evaluate()
        var elite = ShopElite(capacity: 2)
        elite.offer(s.snapshot)
        elite.offer(s.snapshot)
        #expect(elite.count == 1)
        elite.offer(other.snapshot)
        #expect(elite.count == 2)
        #expect(elite.members[0].makespan <= elite.members[1].makespan)
        let d0 = ShopElite.distance(s.sequence, other.sequence)
        #expect(d0 > 0)
        var rng = SplitMix64(seed: 3)
        s.relink(toward: other.snapshot, keep: 0.5, rng: &rng)
        let d1 = ShopElite.distance(s.sequence, other.sequence)
        #expect(d1 < d0)
        #expect(s.head == Self.full(s).head)
        #expect(Self.full(s).makespan == s.makespan)
    }
}
