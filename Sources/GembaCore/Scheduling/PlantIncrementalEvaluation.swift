/// The plant model's current schedule, kept exact move by move at the cost of what a move
/// changes rather than of the whole plant: the search applies a few candidates per move, reads
/// the objective and undoes them, thousands of times a second.
///
/// - A move relinks only the machine arcs it touches (two on a swap's machine, three around a
///   reassignment) instead of every machine.
/// - A topological order of the operations is kept up to date (Pearce & Kelly, 2006): a new arc
///   that runs against it reorders only the operations between its ends that its head reaches
///   or that reach its tail. Reaching the tail from the head is a cycle: the move is refused and
///   everything it changed is put back. This is exact, so no cyclic move is ever evaluated.
/// - Starts, setups and ends are recomputed (by `PlantModel.timing(of:)`, the full evaluation's
///   own rule) from the operations whose machine predecessor or run time changed, downstream in
///   topological order (a heap on the rank), and not past an operation whose end is unchanged.
/// - The objective moves with the jobs whose last operation's end changed; the makespan is
///   looked for again among all jobs only when the job that ended last ends earlier.
/// - Undo replays the change log: the sequences, the arcs around the move, the ranks, the times.
///
/// With `.full` evaluation it does what the search did before, kept as the benchmark's baseline:
/// every move is followed by a full `evaluate()` of the plant, and undo only puts the sequences
/// back (the next move or `refresh()` evaluates again).
struct PlantIncrementalEvaluation: Sendable {
    let evaluation: PlantScheduler.Evaluation
    private(set) var model: PlantModel
    /// Each operation's place in a topological order of the current graph, and the operation at each place.
    private(set) var rank: [Int]
    private(set) var atRank: [Int]
    /// For the last operation of job j: j; -1 for every other operation.
    let lastOf: [Int]
    private(set) var tardiness = 0
    private(set) var makespan = 0
    private let objectiveKind: SchedulingConfig.Objective

    /// What puts the move in progress back, besides the logs.
    private struct Pending: Sendable {
        var undo: PlantModel.Move
        var tardiness: Int
        var makespan: Int
        /// The sequence positions (machine, from, through) whose arcs to set again once the sequences are back.
        var around: (Int, Int, Int)
        var alsoAround: (Int, Int, Int)?
    }
    private var pending: Pending?
    private var timeLog: [(op: Int, start: Int, end: Int, setup: Int)] = []
    private var rankLog: [(op: Int, rank: Int)] = []
    /// `.full` only: the sequences changed since the times were computed.
    private var stale = false

    // Scratch kept between moves.
    private var mark: [Int]
    private var generation = 0
    private var heap = PlantRankHeap()
    private var stack: [Int] = []
    private var forward: [Int] = []
    private var backward: [Int] = []
    private var pool: [Int] = []

    init(_ model: PlantModel, evaluation: PlantScheduler.Evaluation) {
        self.evaluation = evaluation
        self.model = model
        objectiveKind = model.input.plant.scheduling.objective
        var lastOf = Array(repeating: -1, count: model.n)
        for (j, o) in model.jobLast.enumerated() { lastOf[o] = j }
        self.lastOf = lastOf
        rank = Array(repeating: 0, count: model.n)
        atRank = model.order
        mark = Array(repeating: 0, count: model.n)
        reset(machineOf: model.machineOf, run: model.run, sequence: model.sequence)
    }

    var objective: PlantObjective {
        if evaluation == .full { return model.objective() }
        return PlantObjective(tardiness: tardiness, makespan: makespan, of: objectiveKind)
    }

    /// Starts again from these sequences, evaluated in full.
    mutating func reset(machineOf: [Int], run: [Int], sequence: [[Int]]) {
        pending = nil
        stale = false
        model.restore(machineOf: machineOf, run: run, sequence: sequence)
        atRank = model.order
        for (k, o) in atRank.enumerated() { rank[o] = k }
        let value = model.objective()
        (tardiness, makespan) = objectiveKind == .tardiness ? (value.first, value.second) : (value.second, value.first)
    }

    /// Makes the move and brings the times and the objective up to date; false (and nothing
    /// changed) when the move would make the graph cyclic. Then `undo()` or `commit()`.
    mutating func apply(_ move: PlantModel.Move) -> Bool {
        if evaluation == .full { return applyFully(move) }
        timeLog.removeAll(keepingCapacity: true)
        rankLog.removeAll(keepingCapacity: true)
        let seeds: (Int, Int, Int)
        switch move {
        case .swap(let m, let k):
            let a = model.sequence[m][k]
            let o = model.sequence[m][k + 1]
            let p = model.machPred[a]
            let b = model.machSucc[o]
            pending = Pending(undo: model.apply(move), tardiness: tardiness, makespan: makespan, around: (m, k - 1, k + 2))
            unlink(p, a)
            unlink(a, o)
            unlink(o, b)
            guard link(p, o), link(o, a), link(a, b) else {
                undo()
                return false
            }
            seeds = (o, a, b)
        case .reassign(let o, let m, let k):
            precondition(m != model.machineOf[o], "a reassignment is to another machine")
            let p1 = model.machPred[o]
            let s1 = model.machSucc[o]
            let from = model.machineOf[o]
            let fromAt = model.position[o]
            let at = min(k, model.sequence[m].count)
            let p2 = at > 0 ? model.sequence[m][at - 1] : -1
            let s2 = at < model.sequence[m].count ? model.sequence[m][at] : -1
            pending = Pending(
                undo: model.apply(move), tardiness: tardiness, makespan: makespan, around: (from, fromAt - 1, fromAt + 1),
                alsoAround: (m, at - 1, at))
            unlink(p1, o)
            unlink(o, s1)
            unlink(p2, s2)
            guard link(p1, s1), link(p2, o), link(o, s2) else {
                undo()
                return false
            }
            seeds = (s1, o, s2)
        }
        propagate(from: seeds)
        return true
    }

    /// Puts back everything the last `apply` changed.
    mutating func undo() {
        guard let p = pending else { return }
        pending = nil
        _ = model.apply(p.undo)
        if evaluation == .full {
            stale = true
            return
        }
        relink(p.around)
        if let also = p.alsoAround { relink(also) }
        for (o, r) in rankLog.reversed() {
            rank[o] = r
            atRank[r] = o
        }
        for t in timeLog {
            model.start[t.op] = t.start
            model.end[t.op] = t.end
            model.setupPlanned[t.op] = t.setup
        }
        tardiness = p.tardiness
        makespan = p.makespan
    }

    /// Keeps the last move.
    mutating func commit() { pending = nil }

    /// `.full` only: evaluates again after an undo.
    mutating func refresh() {
        guard stale else { return }
        stale = false
        _ = model.evaluate()
    }

    /// The times and the objective as they stand equal what a full evaluation of the sequences computes.
    func matchesFullEvaluation() -> Bool {
        var full = model
        guard full.evaluate() else { return false }
        return full.start == model.start && full.end == model.end && full.setupPlanned == model.setupPlanned && full.objective() == objective
    }

    private mutating func applyFully(_ move: PlantModel.Move) -> Bool {
        let undo = model.apply(move)
        guard model.evaluate() else {
            _ = model.apply(undo)
            stale = true
            return false
        }
        pending = Pending(undo: undo, tardiness: 0, makespan: 0, around: (0, 0, -1))
        stale = false
        return true
    }

    private mutating func unlink(_ x: Int, _ y: Int) {
        if x >= 0 { model.machSucc[x] = -1 }
        if y >= 0 { model.machPred[y] = -1 }
    }

    /// Adds the machine arc x → y (none when either is -1); false when it closes a cycle.
    private mutating func link(_ x: Int, _ y: Int) -> Bool {
        guard x >= 0 && y >= 0 else { return true }
        model.machSucc[x] = y
        model.machPred[y] = x
        return rank[x] < rank[y] || reorder(x, before: y)
    }

    /// Sets the machine arcs of machine m's positions from...through again from its sequence.
    private mutating func relink(_ around: (Int, Int, Int)) {
        let (m, from, through) = around
        let count = model.sequence[m].count
        let first = max(0, from)
        let last = min(count - 1, through)
        guard first <= last else { return }
        for k in first...last {
            let o = model.sequence[m][k]
            model.machPred[o] = k > 0 ? model.sequence[m][k - 1] : -1
            model.machSucc[o] = k + 1 < count ? model.sequence[m][k + 1] : -1
        }
    }

    /// Pearce–Kelly for the new arc x → y with rank[y] < rank[x]: the operations y reaches
    /// below rank[x] (forward) and those that reach x above rank[y] (backward) take the ranks
    /// they held, backward first. False when y reaches x: the arc closes a cycle.
    private mutating func reorder(_ x: Int, before y: Int) -> Bool {
        let lower = rank[y]
        let upper = rank[x]
        let n = model.n
        generation += 2
        let seenForward = generation - 1
        let seenBackward = generation
        forward.removeAll(keepingCapacity: true)
        backward.removeAll(keepingCapacity: true)
        stack.removeAll(keepingCapacity: true)
        visit(y, seenForward)
        while let w = stack.popLast() {
            forward.append(rank[w] * n + w)
            let js = model.jobSucc[w]
            let ms = model.machSucc[w]
            if js == x || ms == x { return false }
            if js >= 0 && mark[js] != seenForward && rank[js] < upper { visit(js, seenForward) }
            if ms >= 0 && mark[ms] != seenForward && rank[ms] < upper { visit(ms, seenForward) }
        }
        visit(x, seenBackward)
        while let w = stack.popLast() {
            backward.append(rank[w] * n + w)
            let jp = model.jobPred[w]
            let mp = model.machPred[w]
            if jp >= 0 && mark[jp] != seenBackward && rank[jp] > lower { visit(jp, seenBackward) }
            if mp >= 0 && mark[mp] != seenBackward && rank[mp] > lower { visit(mp, seenBackward) }
        }
        forward.sort()
        backward.sort()
        pool.removeAll(keepingCapacity: true)
        for key in backward { pool.append(key / n) }
        for key in forward { pool.append(key / n) }
        pool.sort()
        var next = 0
        for key in backward {
            place(key % n, at: pool[next])
            next += 1
        }
        for key in forward {
            place(key % n, at: pool[next])
            next += 1
        }
        return true
    }

    private mutating func visit(_ o: Int, _ stamp: Int) {
        mark[o] = stamp
        stack.append(o)
    }

    private mutating func place(_ o: Int, at r: Int) {
        guard rank[o] != r else { return }
        rankLog.append((o, rank[o]))
        rank[o] = r
        atRank[r] = o
    }

    /// New times from the seeds (-1: none) downstream, in topological order, stopping where an end does not change.
    private mutating func propagate(from seeds: (Int, Int, Int)) {
        let n = model.n
        generation += 1
        let queued = generation
        heap.removeAll()
        enqueue(seeds.0, queued)
        enqueue(seeds.1, queued)
        enqueue(seeds.2, queued)
        var makespanLost = false
        while let key = heap.pop() {
            let o = key % n
            let old = (start: model.start[o], setup: model.setupPlanned[o], end: model.end[o])
            let new = model.timing(of: o)
            if new != old {
                timeLog.append((o, old.start, old.end, old.setup))
                (model.start[o], model.setupPlanned[o], model.end[o]) = new
            }
            guard new.end != old.end else { continue }
            let j = lastOf[o]
            if j >= 0 {
                let due = model.jobDue[j]
                tardiness += model.jobWeight[j] * (max(0, new.end - due) - max(0, old.end - due))
                if new.end > makespan {
                    makespan = new.end
                } else if old.end == makespan && new.end < old.end {
                    makespanLost = true
                }
            }
            enqueue(model.jobSucc[o], queued)
            enqueue(model.machSucc[o], queued)
        }
        if makespanLost {
            makespan = 0
            for o in model.jobLast { makespan = max(makespan, model.end[o]) }
        }
    }

    private mutating func enqueue(_ o: Int, _ stamp: Int) {
        guard o >= 0 && mark[o] != stamp else { return }
        mark[o] = stamp
        heap.push(rank[o] * model.n + o)
    }
}
