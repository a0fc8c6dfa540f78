import Foundation
import GembaCore
import GembaPlantFile
import Testing

/// `threads` in `scheduling:`: several searches side by side that share their best. The
/// schedule must keep everything one search guarantees, and a seed with a thread count
/// must still give one schedule.
struct PlantSchedulerThreadsTests {
    @Test func twoThreadsAreDeterministicAndKeepRunningAndFrozenOperations() throws {
        let plant = try PlantConfigLoader.load(yaml: PlantSchedulerTests.yaml, file: "plant.yaml")
        let progress = [
            OperationKey(order: "WO-1", index: 0): PlantScheduler.Progress(
                state: .running, machine: "press-02", started: PlantSchedulerTests.now - PlantSchedulerTests.hour, remaining: 100)
        ]
        let input = PlantScheduler.Input(plant: plant, now: PlantSchedulerTests.now, orders: PlantSchedulerTests.orders(), progress: progress)
        let a = PlantScheduler.schedule(input, seed: 4, threads: 2, limits: SearchLimits(iterations: 500))
        let b = PlantScheduler.schedule(input, seed: 4, threads: 2, limits: SearchLimits(iterations: 500))
        #expect(a == b)
        PlantSchedulerTests.check(a, plant: plant)
        let running = try #require(a.operations.first { $0.order == "WO-1" && $0.index == 0 })
        #expect(running.machine == "press-02" && running.state == "running")
        #expect(running.startNanos == PlantSchedulerTests.now - PlantSchedulerTests.hour)
        // Ten minutes on, what starts within the frozen half hour keeps its machine and place.
        let later = PlantSchedulerTests.now + 10 * 60 * Nanos.perSecond
        var orders = PlantSchedulerTests.orders()
        orders.append(WorkOrder(id: "WO-9", product: "plate", quantity: 60, due: later, priority: 50))
        let next = PlantScheduler.schedule(
            PlantScheduler.Input(plant: plant, now: later, orders: orders, progress: progress, previous: a), seed: 4, threads: 2,
            limits: SearchLimits(iterations: 500))
        let frozen = a.operations.filter { $0.state == "planned" && $0.startNanos < later + 30 * 60 * Nanos.perSecond }
        #expect(!frozen.isEmpty)
        for f in frozen {
            let now = try #require(next.operations.first { $0.order == f.order && $0.index == f.index })
            #expect(now.machine == f.machine && now.frozen, "\(f.order)/\(f.index + 1) left its frozen place")
        }
        PlantSchedulerTests.check(next, plant: plant)
    }

    @Test func eachThreadMakesItsOwnMovesAndTheBestIsKept() throws {
        let plant = try PlantConfigLoader.load(yaml: PlantSchedulerTests.yaml, file: "plant.yaml")
        let input = PlantScheduler.Input(plant: plant, now: PlantSchedulerTests.now, orders: PlantSchedulerTests.orders())
        let start = PlantScheduler.schedule(input, seed: 2, limits: SearchLimits(iterations: 0))
        let two = PlantScheduler.schedule(input, seed: 2, threads: 2, limits: SearchLimits(iterations: 300))
        #expect(two.weightedTardiness <= start.weightedTardiness)
        // Both threads moved (unless the search ended early with nothing left to gain).
        #expect(two.iterations > 300 || two.weightedTardiness == 0)
    }
}
