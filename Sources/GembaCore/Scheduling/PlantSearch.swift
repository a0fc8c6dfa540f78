/// One tabu search over the plant model, as a value that holds all its state — random numbers,
/// the current schedule with its incremental evaluation, the best schedule seen, the tabu list,
/// the move count and the last improvement — so that several can run on threads, each on its
/// own copy, run so many moves at a time (`run(moves:limits:)`) and trade their best
/// (`best`, `adopt(_:)`). `PlantModel.search(seed:limits:evaluation:)` runs one to its end.
///
/// Each move: the target is the order with the largest weighted lateness half the time (or the
/// one ending last), otherwise any late one, so that an order whose lateness cannot be helped
/// does not hide the others; when nothing on the target's critical path can move (running or
/// frozen work), the next order by lateness that has a move is worked on instead. The
/// candidates are swaps of adjacent operations on its critical path and moves of its
/// operations to other eligible machines (at the first place where they could start, and the
/// one before). With `.incremental` evaluation every candidate is ranked by
/// `PlantMoveEstimate` and only the best `exactlyEvaluated` that do not close a cycle are
/// evaluated exactly; with `.full` every candidate is (the way before, kept as the baseline).
/// The best admissible one by exact value is made (a tabu one only when it beats the best),
/// ties broken at random. After 300 moves without a new best it starts again from the best.
/// Deterministic for a seed: the same moves in the same order, however the moves are split
/// into `run` calls.
struct PlantSearch: Sendable {
    /// A schedule as one search hands it to another: its sequences and what it scores.
    struct Snapshot: Sendable {
        var objective: PlantObjective
        var machineOf: [Int]
        var run: [Int]
        var sequence: [[Int]]
    }

    /// How many candidates, the best by estimate, are evaluated exactly per move.
    static let exactlyEvaluated = 3

    private var state: PlantIncrementalEvaluation
    private var estimate: PlantMoveEstimate
    private var rng: SplitMix64
    private(set) var current: PlantObjective
    private(set) var best: Snapshot
    private var tabu: [Int: Int] = [:]
    private(set) var iterations = 0
    private var lastImprovement = 0
    /// Stopped for good: the limits said so, or there is nothing left to try.
    private(set) var stopped = false
    // Scratch kept between moves.
    private var tardy: [Int] = []
    private var keys: [Int] = []
    private var byKey: [Int] = []
    private var candidates: [PlantModel.Move] = []
    private var ranked: [(estimate: PlantObjective, tie: UInt64, index: Int, tabu: Bool)] = []

    init(_ model: PlantModel, seed: UInt64, evaluation: PlantScheduler.Evaluation = .incremental) {
        state = PlantIncrementalEvaluation(model, evaluation: evaluation)
        estimate = PlantMoveEstimate(operations: model.n, jobs: model.jobLast.count)
        rng = SplitMix64(seed: seed)
        current = state.objective
        best = Snapshot(objective: current, machineOf: state.model.machineOf, run: state.model.run, sequence: state.model.sequence)
        stopped = model.n <= 1
    }

    /// Makes up to `moves` moves, within the limits (the move cap; `shouldStop` asked every 16
    /// moves); true when the search has stopped for good.
    mutating func run(moves: Int, limits: SearchLimits) -> Bool {
        var made = 0
        while !stopped && made < moves {
            if let cap = limits.iterations, iterations >= cap {
                stopped = true
            } else if iterations & 15 == 0 && limits.shouldStop() {
                stopped = true
            } else if !step() {
                stopped = true
            }
            made += 1
        }
        return stopped
    }

    /// Starts again from another search's best (and keeps it as the best when it is better).
    mutating func adopt(_ snapshot: Snapshot) {
        state.reset(machineOf: snapshot.machineOf, run: snapshot.run, sequence: snapshot.sequence)
        current = snapshot.objective
        if snapshot.objective < best.objective { best = snapshot }
        lastImprovement = iterations
        tabu.removeAll()
    }

    /// The model with the best schedule found, evaluated in full, and the move count.
    consuming func finish() -> PlantModel {
        assert(state.matchesFullEvaluation(), "the incremental evaluation drifted from a full evaluation")
        state.reset(machineOf: best.machineOf, run: best.run, sequence: best.sequence)
        assert(state.objective == best.objective, "the best schedule's objective, kept incrementally, is not what a full evaluation gives")
        var model = state.model
        model.iterations = iterations
        return model
    }

    /// One move; false when there is nothing more to do.
    private mutating func step() -> Bool {
        let tardiness = state.model.input.plant.scheduling.objective == .tardiness
        var target = 0
        var worst = Int.min
        tardy.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        for j in 0..<state.model.jobLast.count {
            let e = state.model.end[state.model.jobLast[j]]
            let late = state.model.jobWeight[j] * (e - state.model.jobDue[j])
            if late > 0 { tardy.append(j) }
            let key = tardiness && late > 0 ? late : e - Int(1e9)
            keys.append(key)
            if key > worst {
                worst = key
                target = j
            }
        }
        if !tardy.isEmpty && rng.next(below: 2) == 0 { target = tardy[rng.next(below: tardy.count)] }
        if current.first == 0 && tardiness && iterations > 0 && rng.next(below: 4) != 0 {
            // No tardiness: work on the makespan now and then, mostly stop early.
            if current == best.objective && iterations - lastImprovement > 200 { return false }
        }
        var path = state.model.criticalPath(to: target)
        collectCandidates(on: path)
        if candidates.isEmpty {
            // Nothing on this order's critical path can move (it is running or frozen work):
            // the next order by lateness (or end) instead; the search is over only when no
            // order has a move.
            guard let other = nextPathWithMoves(besides: target) else { return false }
            path = other
        }
        let chosen = state.evaluation == .full ? chooseByFullEvaluation() : chooseByEstimate(path)
        iterations += 1
        guard let (move, value) = chosen else {
            state.refresh()
            return true
        }
        let tenure = 5 + rng.next(below: 6)
        switch move {
        case .swap(let m, let k):
            tabu[state.model.sequence[m][k] * state.model.n + state.model.sequence[m][k + 1]] = iterations + tenure
        case .reassign(let o, _, _):
            tabu[-(o * state.model.machineIDs.count + state.model.machineOf[o]) - 1] = iterations + tenure
        }
        _ = state.apply(move)
        state.commit()
        assert(state.objective == value)
        current = value
        if value < best.objective {
            best = Snapshot(objective: value, machineOf: state.model.machineOf, run: state.model.run, sequence: state.model.sequence)
            lastImprovement = iterations
        } else if iterations - lastImprovement > 300 {
            state.reset(machineOf: best.machineOf, run: best.run, sequence: best.sequence)
            current = best.objective
            lastImprovement = iterations
            tabu.removeAll()
        }
        return true
    }

    /// The critical path of the order with the largest key (weighted lateness, or end) other
    /// than `target` on which something can move, with its candidates collected; nil when none.
    private mutating func nextPathWithMoves(besides target: Int) -> [Int]? {
        byKey.removeAll(keepingCapacity: true)
        byKey.append(contentsOf: keys.indices)
        let keys = self.keys
        byKey.sort { keys[$0] != keys[$1] ? keys[$0] > keys[$1] : $0 < $1 }
        for j in byKey where j != target {
            let path = state.model.criticalPath(to: j)
            collectCandidates(on: path)
            if !candidates.isEmpty { return path }
        }
        return nil
    }

    private mutating func collectCandidates(on path: [Int]) {
        candidates.removeAll(keepingCapacity: true)
        for o in path where state.model.movable(o) {
            let m = state.model.machineOf[o]
            let k = state.model.position[o]
            if k > state.model.fixed[m] { candidates.append(.swap(machine: m, at: k - 1)) }
            for a in state.model.alternatives[o] where a.machine != m {
                let jp = state.model.jobPred[o]
                let ready = jp >= 0 ? state.model.end[jp] : state.model.release[o]
                let count = state.model.sequence[a.machine].count
                var k = state.model.fixed[a.machine]
                while k < count && state.model.start[state.model.sequence[a.machine][k]] < ready { k += 1 }
                candidates.append(.reassign(o, machine: a.machine, at: k))
                if k > state.model.fixed[a.machine] { candidates.append(.reassign(o, machine: a.machine, at: k - 1)) }
            }
        }
    }

    private func tabuKey(_ move: PlantModel.Move) -> Int {
        switch move {
        case .swap(let m, let k): state.model.sequence[m][k + 1] * state.model.n + state.model.sequence[m][k]
        case .reassign(let o, let m, _): -(o * state.model.machineIDs.count + m) - 1
        }
    }

    /// Whether `value` makes a candidate the one to choose so far (tabu: only when it beats the best).
    private mutating func prefer(
        _ value: PlantObjective, tabu isTabu: Bool, over chosen: (PlantModel.Move, PlantObjective)?
    ) -> Bool {
        guard !isTabu || value < best.objective else { return false }
        guard let chosen else { return true }
        return value < chosen.1 || (value == chosen.1 && rng.next(below: 2) == 0)
    }

    /// Every candidate evaluated exactly, the whole plant each time: the way before, the baseline.
    private mutating func chooseByFullEvaluation() -> (PlantModel.Move, PlantObjective)? {
        var chosen: (PlantModel.Move, PlantObjective)?
        for c in candidates {
            let key = tabuKey(c)
            guard state.apply(c) else { continue }
            let value = state.objective
            state.undo()
            if prefer(value, tabu: (tabu[key] ?? 0) > iterations, over: chosen) { chosen = (c, value) }
        }
        return chosen
    }

    /// Every candidate ranked by its estimate; the best few that do not close a cycle evaluated exactly.
    private mutating func chooseByEstimate(_ path: [Int]) -> (PlantModel.Move, PlantObjective)? {
        estimate.prepare(path, in: state)
        ranked.removeAll(keepingCapacity: true)
        for (i, c) in candidates.enumerated() {
            guard let value = estimate.estimate(c, in: state) else { continue }
            let isTabu = (tabu[tabuKey(c)] ?? 0) > iterations
            if isTabu && !(value < best.objective) { continue }
            ranked.append((value, rng.next(), i, isTabu))
        }
        var chosen: (PlantModel.Move, PlantObjective)?
        var evaluated = 0
        while evaluated < Self.exactlyEvaluated && !ranked.isEmpty {
            var pick = 0
            for r in 1..<ranked.count where (ranked[r].estimate, ranked[r].tie) < (ranked[pick].estimate, ranked[pick].tie) {
                pick = r
            }
            let r = ranked[pick]
            ranked.swapAt(pick, ranked.count - 1)
            ranked.removeLast()
            let c = candidates[r.index]
            guard state.apply(c) else { continue }
            let value = state.objective
            state.undo()
            evaluated += 1
            if prefer(value, tabu: r.tabu, over: chosen) { chosen = (c, value) }
        }
        return chosen
    }
}
