/// When a search stops: after a number of moves (repeatable to the bit), when the
/// caller's clock says so (anytime), or when a target makespan is reached.
public struct SearchLimits: Sendable {
    /// Moves per search (per thread when several run).
    public var iterations: Int?
    /// Asked every few moves (64 in the job shop, 16 in the plant); the caller owns the clock
    /// (the core reads none).
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
    /// Moves made, by all threads together.
    public var iterations: Int
    /// The best makespan of the dispatching rules the search started from.
    public var initialMakespan: Int
}

/// Tabu search for the (flexible) job shop: a start from Giffler–Thompson dispatching
/// rules, then moves on the critical path only — the N7 block moves, and for a flexible
/// shop a critical operation moved to another eligible machine at its best position —
/// chosen by a makespan estimate, with a tabu list and aspiration; heads and tails are
/// kept up to date incrementally; a stalled search starts again between elite solutions
/// (path relinking, after i-TSAB) or from the best with a kick (`ShopSearchWorker`).
/// With several threads, independent searches from different seeds share their best
/// every few thousand moves. Deterministic for a seed and a thread count: the same moves
/// in the same order; only when it stops depends on the clock.
public enum ShopTabuSearch {
    /// Moves each thread makes between two exchanges of the best.
    static let epoch = 4096
    /// What the searches' dense tabu tables may take together: 256 MiB, room for four on
    /// 4,000 operations or 64 on 1,000.
    static let denseTabuBytes = 256 << 20

    public static func solve(_ instance: ShopInstance, seed: UInt64 = 1, threads: Int = 1, limits: SearchLimits) -> ShopSolution {
        var rng = SplitMix64(seed: seed)
        var s = ShopState(instance)
        guard s.n > 0 else { return ShopSolution(makespan: 0, operations: [], iterations: 0, initialMakespan: 0) }
        // The best start of a few dispatching rules.
        var start: ShopState.Snapshot?
        for rule in ShopConstruction.DispatchRule.starts {
            // On a very large instance one start can take seconds: the others only in time.
            if start != nil && limits.shouldStop() { break }
            var t = s
            ShopConstruction.giffler(&t, rule: rule, rng: &rng)
            if start == nil || t.makespan < start!.makespan { start = t.snapshot }
        }
        guard let start else { return ShopSolution(makespan: 0, operations: [], iterations: 0, initialMakespan: 0) }
        s.restore(start)
        let lowerBound = instance.trivialLowerBound
        let threads = max(1, threads)
        // A dense tabu table (n² entries of 4 bytes) per search up to 4,000 operations and
        // while all of them fit in `denseTabuBytes`; beyond, a dictionary of the pairs made tabu.
        let dense = s.n <= 4000 && s.n * s.n * 4 * threads <= denseTabuBytes
        var workers = (0..<threads).map { t in ShopSearchWorker(start: s, lowerBound: lowerBound, seed: threadSeed(seed, t), denseTabu: dense) }
        ParallelEpochs.run(
            &workers, epoch: epoch, step: { $0.run(moves: $1, limits: limits) },
            share: { all in
                let leader = bestIndex(all)
                for t in all.indices where t != leader { all[t].share(all[leader].best) }
            })
        let best = workers[bestIndex(workers)].best
        s.restore(best)
        return ShopSolution(
            makespan: s.makespan, operations: s.scheduled(), iterations: workers.reduce(0) { $0 + $1.iterations }, initialMakespan: start.makespan)
    }

    /// Thread 0 searches with the seed itself, the others with seeds drawn from it.
    static func threadSeed(_ seed: UInt64, _ t: Int) -> UInt64 {
        guard t > 0 else { return seed }
        var g = SplitMix64(seed: seed ^ (UInt64(t) &* 0x9E37_79B9_7F4A_7C15))
        return g.next()
    }

    /// The search with the best makespan; the first of equals.
    private static func bestIndex(_ workers: [ShopSearchWorker]) -> Int {
        var leader = 0
        for t in workers.indices where workers[t].best.makespan < workers[leader].best.makespan { leader = t }
        return leader
    }
}
