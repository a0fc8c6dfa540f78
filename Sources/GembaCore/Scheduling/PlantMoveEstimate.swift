/// Taillard's estimate made for the plant model: what a candidate move would make of the
/// objective, computed without making the move, so that the search can rank every candidate
/// and evaluate exactly only the best few.
///
/// Before the candidates of a move, one backward pass over the schedule finds each operation's
/// tail: the orders whose end it holds through binding arcs (an arc whose tail ends exactly
/// when its head becomes ready), kept as a bit set of orders. Then, for each candidate:
/// 1. Heads. The operations whose machine predecessor or run time the move changes (the
///    swapped pair and the one after it; or the moved operation, the one that closes its old
///    gap and the one it now precedes) get their new end exactly as the evaluation would
///    compute it — release, job predecessor, new machine predecessor, the setup it now needs,
///    the run time on the new machine, the calendar — from their predecessors' current ends.
/// 2. Chains. Each changed end is carried forward in topological order down job arcs (the
///    order's routing, to its last operation) and, where it is earlier, along the machine arcs
///    of the target order's critical path, with every other predecessor at its current end and
///    the calendar applied at each step; it stops where an end does not change.
/// 3. Tails. Where an end grows past the start of its machine successor (one step 1 did not
///    recompute), every order in that successor's tail is taken to end that much later.
/// The objective is the current one with these orders' ends (each the latest of what steps 2
/// and 3 say).
///
/// Why this is sound enough: steps 1 and 2 are exact for the moved operations, for the orders
/// they belong to and for the gain along the target's critical path, calendar and setups
/// included; step 3 is the first-order cost of a delay in a loaded plant — a delay that reaches
/// an operation without slack travels on to every order downstream of it without slack — which
/// is what makes most moves bad. It leaves out gains off those chains and the slack a large
/// delay may partly use up (counting near-binding arcs as binding was tried: the search did
/// worse). On the benchmark plant the candidate that is best exactly is among the estimate's
/// best three in about two moves in three. A swap that puts an operation before its own job
/// predecessor (a certain cycle) is skipped; longer cycles are left to the exact evaluation,
/// which refuses them. The estimate only decides which candidates are evaluated exactly: the
/// move the search makes, the aspiration test of a tabu move and every objective it reports
/// are exact.
struct PlantMoveEstimate: Sendable {
    /// What the estimate of one candidate keeps per operation; each field is valid where its
    /// stamp holds the current generation.
    private struct Operation: Sendable {
        /// The estimated end (where `estimated` is current).
        var end = 0
        var estimated = 0
        /// Step 1's operations, not to be recomputed by step 2.
        var direct = 0
        var queued = 0
        /// Its critical predecessor on the target's path is its machine predecessor (stamped with the path generation).
        var pathArc = 0
    }

    /// What the estimate of one candidate keeps per order.
    private struct Order: Sendable {
        /// Its end as the chains say (where `touched` is current).
        var end = 0
        var touched = 0
        /// The longest delay a tail brings it (where `delayed` is current).
        var delay = 0
        var delayed = 0
    }

    private var operations: [Operation]
    private var orders: [Order]
    /// The orders touched by the candidate being estimated.
    private var touched: [Int] = []
    private var generation = 0
    private var pathGeneration = 0
    private var heap = PlantRankHeap()
    /// Per operation, `words` words of bits: the orders whose end it holds through binding arcs.
    private var tail: [UInt64]
    private let words: Int

    init(operations n: Int, jobs: Int) {
        operations = Array(repeating: Operation(), count: n)
        orders = Array(repeating: Order(), count: jobs)
        words = max(1, (jobs + 63) / 64)
        tail = Array(repeating: 0, count: n * words)
    }

    /// Takes the schedule as it stands and the target's critical path (as
    /// `PlantModel.criticalPath(to:)` gives it, from its end back): the tails, and the path's machine arcs.
    mutating func prepare(_ path: [Int], in state: PlantIncrementalEvaluation) {
        pathGeneration += 1
        for (k, o) in path.enumerated() where k + 1 < path.count && state.model.machPred[o] == path[k + 1] {
            operations[o].pathArc = pathGeneration
        }
        for k in stride(from: state.model.n - 1, through: 0, by: -1) {
            let o = state.atRank[k]
            let base = o * words
            for w in 0..<words { tail[base + w] = 0 }
            let j = state.lastOf[o]
            if j >= 0 { tail[base + j / 64] |= 1 << UInt64(j % 64) }
            joinTail(of: state.model.jobSucc[o], into: o, state.model)
            joinTail(of: state.model.machSucc[o], into: o, state.model)
        }
    }

    /// The objective after the move as estimated; nil for a swap that certainly closes a cycle.
    mutating func estimate(_ move: PlantModel.Move, in state: PlantIncrementalEvaluation) -> PlantObjective? {
        let model = state.model
        generation += 1
        heap.removeAll()
        touched.removeAll(keepingCapacity: true)
        let ops: (Int, Int, Int)
        switch move {
        case .swap(let m, let k):
            let a = model.sequence[m][k]
            let o = model.sequence[m][k + 1]
            if model.jobPred[o] == a { return nil }
            let p = model.machPred[a]
            let b = model.machSucc[o]
            ops = (o, a, b)
            markDirect(ops)
            let endO = set(o, endOf(o, after: p, ending: end(p, model), work: model.run[o], model), state)
            let endA = set(a, endOf(a, after: o, ending: endO, work: model.run[a], model), state)
            if b >= 0 { _ = set(b, endOf(b, after: a, ending: endA, work: model.run[b], model), state) }
        case .reassign(let o, let m, let k):
            let p1 = model.machPred[o]
            let s1 = model.machSucc[o]
            let at = min(k, model.sequence[m].count)
            let p2 = at > 0 ? model.sequence[m][at - 1] : -1
            let s2 = at < model.sequence[m].count ? model.sequence[m][at] : -1
            let work = model.alternatives[o].first { $0.machine == m }?.run ?? model.run[o]
            ops = (s1, o, s2)
            markDirect(ops)
            if s1 >= 0 { _ = set(s1, endOf(s1, after: p1, ending: end(p1, model), work: model.run[s1], model), state) }
            let endO = set(o, endOf(o, after: p2, ending: end(p2, model), work: work, model), state)
            if s2 >= 0 { _ = set(s2, endOf(s2, after: o, ending: endO, work: model.run[s2], model), state) }
        }
        carry(ops.0, state)
        carry(ops.1, state)
        carry(ops.2, state)
        let n = model.n
        while let key = heap.pop() {
            let o = key % n
            if operations[o].direct == generation || model.pinnedStart[o] != nil { continue }
            var ready = model.release[o]
            if model.jobPred[o] >= 0 { ready = max(ready, end(model.jobPred[o], model)) }
            if model.machPred[o] >= 0 { ready = max(ready, end(model.machPred[o], model)) }
            let start = model.time.nextWorking(max(0, ready))
            let e = model.time.finish(start: start, work: model.setupPlanned[o] + model.run[o])
            guard e != model.end[o] else { continue }
            _ = set(o, e, state)
            carry(o, state)
        }
        var tardiness = state.tardiness
        var makespan = state.makespan
        var makespanLost = false
        for j in touched {
            let old = model.end[model.jobLast[j]]
            let order = orders[j]
            let new = order.delayed == generation ? max(order.end, old + order.delay) : order.end
            orders[j].end = new
            let due = model.jobDue[j]
            tardiness += model.jobWeight[j] * (max(0, new - due) - max(0, old - due))
            if new > makespan {
                makespan = new
            } else if old == state.makespan && new < old {
                makespanLost = true
            }
        }
        if makespanLost {
            makespan = 0
            for j in 0..<model.jobLast.count {
                makespan = max(makespan, orders[j].touched == generation ? orders[j].end : model.end[model.jobLast[j]])
            }
        }
        return PlantObjective(tardiness: tardiness, makespan: makespan, of: model.input.plant.scheduling.objective)
    }

    /// Adds s's tail to o's when the arc o → s binds (s became ready when o ended).
    private mutating func joinTail(of s: Int, into o: Int, _ model: PlantModel) {
        guard s >= 0 && model.pinnedStart[s] == nil else { return }
        var ready = model.release[s]
        if model.jobPred[s] >= 0 { ready = max(ready, model.end[model.jobPred[s]]) }
        if model.machPred[s] >= 0 { ready = max(ready, model.end[model.machPred[s]]) }
        guard ready == model.end[o] else { return }
        for w in 0..<words { tail[o * words + w] |= tail[s * words + w] }
    }

    private mutating func markDirect(_ ops: (Int, Int, Int)) {
        if ops.0 >= 0 { operations[ops.0].direct = generation }
        if ops.1 >= 0 { operations[ops.1].direct = generation }
        if ops.2 >= 0 { operations[ops.2].direct = generation }
    }

    /// Passes o's new end on: to its job successor; to its machine successor when it ends
    /// earlier and that arc is on the target's path; otherwise (step 3), when it ends past its
    /// machine successor's start, as a delay to that successor's tail (a chain without slack
    /// carries a delay whole).
    private mutating func carry(_ o: Int, _ state: PlantIncrementalEvaluation) {
        let new = operations[o < 0 ? 0 : o]
        guard o >= 0 && new.estimated == generation && new.end != state.model.end[o] else { return }
        enqueue(state.model.jobSucc[o], state)
        let ms = state.model.machSucc[o]
        guard ms >= 0 && operations[ms].direct != generation else { return }
        if operations[ms].pathArc == pathGeneration && new.end < state.model.end[o] {
            enqueue(ms, state)
            return
        }
        let delay = new.end - state.model.start[ms]
        guard delay > 0 else { return }
        for w in 0..<words {
            var bits = tail[ms * words + w]
            while bits != 0 {
                let j = w * 64 + bits.trailingZeroBitCount
                bits &= bits - 1
                if orders[j].delayed != generation {
                    orders[j].delayed = generation
                    orders[j].delay = delay
                    touch(j, ending: state.model.end[state.model.jobLast[j]])
                } else if delay > orders[j].delay {
                    orders[j].delay = delay
                }
            }
        }
    }

    /// The end of o as estimated so far (-1: none, ending at 0).
    private func end(_ o: Int, _ model: PlantModel) -> Int {
        o < 0 ? 0 : operations[o].estimated == generation ? operations[o].end : model.end[o]
    }

    /// When o would end with mp before it on its machine, ending at `mpEnd`, and `work` seconds to run.
    private func endOf(_ o: Int, after mp: Int, ending mpEnd: Int, work: Int, _ model: PlantModel) -> Int {
        if model.pinnedStart[o] != nil { return model.end[o] }
        var ready = model.release[o]
        if model.jobPred[o] >= 0 { ready = max(ready, end(model.jobPred[o], model)) }
        if mp >= 0 { ready = max(ready, mpEnd) }
        let start = model.time.nextWorking(max(0, ready))
        return model.time.finish(start: start, work: model.setup(of: o, after: mp) + work)
    }

    private mutating func set(_ o: Int, _ e: Int, _ state: PlantIncrementalEvaluation) -> Int {
        operations[o].estimated = generation
        operations[o].end = e
        // The chain's own end for its order; a delay from a tail may still come on top.
        let j = state.lastOf[o]
        if j >= 0 { touch(j, ending: e) }
        return e
    }

    /// Order j ends at e at the earliest (the latest of what the chains say).
    private mutating func touch(_ j: Int, ending e: Int) {
        if orders[j].touched != generation {
            orders[j].touched = generation
            orders[j].end = e
            touched.append(j)
        } else if e > orders[j].end {
            orders[j].end = e
        }
    }

    private mutating func enqueue(_ o: Int, _ state: PlantIncrementalEvaluation) {
        guard o >= 0 && operations[o].queued != generation else { return }
        operations[o].queued = generation
        heap.push(state.rank[o] * state.model.n + o)
    }
}
