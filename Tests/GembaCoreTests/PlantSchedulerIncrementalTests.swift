import Foundation
import GembaPlantFile
import Testing

@testable import GembaCore

/// The plant search's incremental evaluation against the full one it replaces, its cycle
/// check, its undo, and the search's determinism however its moves are split.
struct PlantSchedulerIncrementalTests {
    /// Five machines with alternatives, two shifts with breaks, setups on every operation.
    static let yaml = """
        plant: Busy Works
        timezone: UTC
        lines:
          - id: L1
            name: Stamping
            machines:
              - { id: p1, name: P1, ideal_cycle_time: 2 }
              - { id: p2, name: P2, ideal_cycle_time: 2 }
          - id: L2
            name: Welding
            machines:
              - { id: w1, name: W1, ideal_cycle_time: 6 }
              - { id: w2, name: W2, ideal_cycle_time: 6 }
          - id: L3
            name: Packing
            machines:
              - { id: k1, name: K1, ideal_cycle_time: 4 }
        shifts:
          - { name: A, start: "06:00", end: "14:00", breaks: [{ start: "10:00", end: "10:30" }] }
          - { name: B, start: "14:00", end: "22:00", breaks: [{ start: "18:00", end: "18:30" }] }
        products:
          - id: x
            routing:
              - { op: stamp, machines: { p1: 2s, p2: 3s }, setup: 10m }
              - { op: weld, machines: { w1: 6s, w2: 7s }, setup: 5m }
              - { op: pack, machines: { k1: 3s }, setup: 2m }
          - id: y
            routing:
              - { op: stamp, machines: { p2: 2s }, setup: 15m }
              - { op: weld, machines: { w2: 5s, w1: 6s }, setup: 5m }
              - { op: pack, machines: { k1: 2s }, setup: 2m }
          - id: z
            routing:
              - { op: weld, machines: { w1: 4s }, setup: 5m }
              - { op: pack, machines: { k1: 4s, p1: 6s }, setup: 2m }
        """
    static let now = PlantSchedulerTests.now
    static let minute: Timestamp = 60 * Nanos.perSecond

    /// 36 orders (some released later), one operation running on p2 since 20 minutes, and the
    /// schedule made ten minutes ago, whose first half hour from now is frozen.
    static func input(seed: UInt64, objective: SchedulingConfig.Objective = .tardiness) throws -> PlantScheduler.Input {
        var plant = try PlantConfigLoader.load(yaml: yaml, file: "busy.yaml")
        plant.scheduling.objective = objective
        var rng = SplitMix64(seed: seed)
        let orders = (0..<36).map { k in
            WorkOrder(
                id: "B-\(100 + k)", product: ["x", "y", "z"][k % 3], quantity: 10 + rng.next(below: 150),
                due: now + Int64(1800 + rng.next(below: 12 * 3600)) * Nanos.perSecond, priority: 1 + rng.next(below: 3),
                release: k % 7 == 3 ? now + Int64(rng.next(below: 4 * 3600)) * Nanos.perSecond : nil)
        }
        let progress = [
            OperationKey(order: "B-100", index: 0): PlantScheduler.Progress(state: .running, machine: "p2", started: now - 20 * minute, remaining: 40)
        ]
        let earlier = PlantScheduler.schedule(
            PlantScheduler.Input(plant: plant, now: now - 10 * minute, orders: orders, progress: progress), seed: seed,
            limits: SearchLimits(iterations: 0))
        return PlantScheduler.Input(plant: plant, now: now, orders: orders, progress: progress, previous: earlier)
    }

    /// A move the search could make (never into a frozen prefix); it may close a cycle.
    static func randomMove(_ m: PlantModel, _ rng: inout SplitMix64) -> PlantModel.Move? {
        if rng.next(below: 2) == 0 {
            let machine = rng.next(below: m.sequence.count)
            let free = m.sequence[machine].count - m.fixed[machine]
            guard free >= 2 else { return nil }
            return .swap(machine: machine, at: m.fixed[machine] + rng.next(below: free - 1))
        }
        let o = rng.next(below: m.n)
        let others = m.alternatives[o].filter { $0.machine != m.machineOf[o] }
        guard m.movable(o), !others.isEmpty else { return nil }
        let target = others[rng.next(below: others.count)].machine
        return .reassign(o, machine: target, at: m.fixed[target] + rng.next(below: m.sequence[target].count - m.fixed[target] + 1))
    }

    /// The ranks are a permutation in which every operation comes after its job and machine predecessors.
    static func ranksAreATopologicalOrder(_ state: PlantIncrementalEvaluation) -> Bool {
        let m = state.model
        guard Set(state.rank) == Set(0..<m.n), (0..<m.n).allSatisfy({ state.atRank[state.rank[$0]] == $0 }) else { return false }
        return (0..<m.n).allSatisfy { o in
            (m.jobSucc[o] < 0 || state.rank[m.jobSucc[o]] > state.rank[o]) && (m.machSucc[o] < 0 || state.rank[m.machSucc[o]] > state.rank[o])
        }
    }

    @Test(arguments: 1...20)
    func afterEveryMoveTheIncrementalTimesAreAFullEvaluations(seed: Int) throws {
        let input = try Self.input(seed: UInt64(seed), objective: seed % 4 == 0 ? .makespan : .tardiness)
        var state = PlantIncrementalEvaluation(PlantModel(input), evaluation: .incremental)
        #expect(state.model.fixed.reduce(0, +) >= 1, "the running operation at least")
        var rng = SplitMix64(seed: UInt64(seed))
        var (kept, refused, undone) = (0, 0, 0)
        for _ in 0..<300 {
            guard let move = Self.randomMove(state.model, &rng) else { continue }
            let before = state.model
            let objectiveBefore = state.objective
            var reference = state.model
            _ = reference.apply(move)
            let acyclic = reference.evaluate()
            let made = state.apply(move)
            #expect(made == acyclic, "the cycle check agrees with a full topological sort: \(move)")
            if made {
                #expect(state.model.sequence == reference.sequence)
                #expect(state.model.machPred == reference.machPred && state.model.machSucc == reference.machSucc, "arcs relinked locally")
                #expect(state.model.start == reference.start, "starts after \(move)")
                #expect(state.model.end == reference.end, "ends after \(move)")
                #expect(state.model.setupPlanned == reference.setupPlanned, "setups after \(move)")
                #expect(state.objective == reference.objective(), "objective after \(move)")
                #expect(Self.ranksAreATopologicalOrder(state))
            }
            if made && rng.next(below: 4) == 0 {
                state.undo()
                undone += 1
            } else if made {
                state.commit()
                kept += 1
                continue
            } else {
                refused += 1
            }
            // Refused or undone: exactly as before.
            #expect(state.model.sequence == before.sequence && state.model.machineOf == before.machineOf && state.model.run == before.run)
            #expect(state.model.position == before.position)
            #expect(state.model.machPred == before.machPred && state.model.machSucc == before.machSucc)
            #expect(state.model.start == before.start && state.model.end == before.end && state.model.setupPlanned == before.setupPlanned)
            #expect(state.objective == objectiveBefore)
            #expect(Self.ranksAreATopologicalOrder(state))
        }
        #expect(kept >= 60 && refused >= 1 && undone >= 10, "kept \(kept), refused \(refused), undone \(undone)")
        #expect(state.matchesFullEvaluation())
    }

    @Test func theSameSeedAndMoveCapGiveTheSameScheduleHoweverTheMovesAreSplit() throws {
        let input = try Self.input(seed: 1)
        let limits = SearchLimits(iterations: 400)
        let once = PlantScheduler.schedule(input, seed: 5, limits: limits)
        #expect(once.iterations == 400)
        #expect(PlantScheduler.schedule(input, seed: 5, limits: limits) == once)
        var search = PlantSearch(PlantModel(input), seed: 5)
        var calls = 0
        while !search.run(moves: 7, limits: limits) { calls += 1 }
        #expect(calls == 57)
        #expect(search.finish().result() == once, "400 moves in runs of 7 are the same 400 moves")
        #expect(PlantScheduler.schedule(input, seed: 6, limits: limits) != once, "another seed searches otherwise")
    }

    @Test func aSearchThatAdoptsAnothersBestGoesOnFromIt() throws {
        let input = try Self.input(seed: 4)
        let limits = SearchLimits(iterations: 150)
        var a = PlantSearch(PlantModel(input), seed: 1)
        var b = PlantSearch(PlantModel(input), seed: 2)
        _ = a.run(moves: 150, limits: limits)
        _ = b.run(moves: 20, limits: limits)
        let given = a.best
        b.adopt(given)
        #expect(b.current == given.objective)
        #expect(b.best.objective <= given.objective)
        let stopped = b.run(moves: 50, limits: SearchLimits(iterations: 1000))
        #expect(!stopped)
        #expect(b.iterations == 70)
        let best = b.best
        let result = b.finish()
        #expect(result.objective() == best.objective && best.objective <= given.objective)
        #expect(result.sequence == best.sequence)
    }

    @Test(arguments: [PlantScheduler.Evaluation.incremental, .full])
    func theSearchOnlyEverImprovesOnTheDispatchingStart(evaluation: PlantScheduler.Evaluation) throws {
        for seed in [1, 4, 8] {
            let input = try Self.input(seed: UInt64(seed))
            let start = PlantScheduler.schedule(input, seed: 1, limits: SearchLimits(iterations: 0))
            let searched = PlantScheduler.schedule(input, seed: 1, limits: SearchLimits(iterations: 300), evaluation: evaluation)
            #expect(searched.weightedTardiness <= start.weightedTardiness)
            #expect(searched.weightedTardiness < start.weightedTardiness || start.weightedTardiness == 0, "seed \(seed): the search found nothing")
            PlantSchedulerTests.check(searched, plant: input.plant)
        }
    }

    /// The search moves operations around a running one and frozen ones, through breaks and
    /// setups: the running one keeps its machine, start and end, the frozen ones their machine,
    /// order and place at the head of their queue, and every setup and duration is right.
    @Test(arguments: [PlantScheduler.Evaluation.incremental, .full])
    func theSearchKeepsTheRunningAndFrozenOperationsInPlace(evaluation: PlantScheduler.Evaluation) throws {
        let input = try Self.input(seed: 1)
        let start = PlantScheduler.schedule(input, seed: 1, limits: SearchLimits(iterations: 0))
        let searched = PlantScheduler.schedule(input, seed: 1, limits: SearchLimits(iterations: 300), evaluation: evaluation)
        #expect(searched.iterations == 300)
        #expect(searched.weightedTardiness < start.weightedTardiness)
        PlantSchedulerTests.check(searched, plant: input.plant)
        let running = try #require(searched.operations.first { $0.state == "running" })
        #expect(running.order == "B-100" && running.machine == "p2" && running.frozen)
        #expect(running.startNanos == Self.now - 20 * Self.minute)
        #expect(running.endNanos == Self.now + 2 * Self.minute, "the 40 units left at 3 s each from now, no setup")
        let frozen = start.operations.filter { $0.frozen && $0.state == "planned" }
        #expect(frozen.count >= 5)
        for m in input.plant.machines.map(\.id) {
            func queue(_ s: PlantSchedule) -> [String] {
                s.operations.filter { $0.machine == m }.sorted { $0.startNanos < $1.startNanos }.prefix { $0.frozen }.map {
                    "\($0.order)/\($0.index)"
                }
            }
            #expect(queue(searched) == queue(start), "\(m): the frozen head of the queue")
            #expect(searched.operations.filter { $0.machine == m && $0.frozen }.count == queue(searched).count)
        }
        let moved = searched.operations.filter { op in
            !op.frozen && start.operations.contains { $0.order == op.order && $0.index == op.index && $0.startNanos != op.startNanos }
        }
        #expect(moved.count >= 10, "the search moved work around them")
    }
}
