import Foundation
import GembaCore
import GembaPlantFile
import Testing

struct PlantSchedulerTests {
    static let yaml = """
        plant: Sched Works
        timezone: UTC
        lines:
          - id: L1
            name: Stamping
            machines:
              - { id: press-01, name: Press 01, ideal_cycle_time: 2 }
              - { id: press-02, name: Press 02, ideal_cycle_time: 2 }
          - id: L2
            name: Welding
            machines:
              - { id: weld-01, name: Weld 01, ideal_cycle_time: 6 }
        shifts:
          - name: A
            start: "06:00"
            end: "14:00"
            breaks: [{ start: "10:00", end: "10:30" }]
          - { name: B, start: "14:00", end: "22:00" }
        products:
          - id: bracket
            routing:
              - { op: stamp, machines: { press-01: 2s, press-02: 3s }, setup: 10m }
              - { op: weld, machines: { weld-01: 6s }, setup: 5m }
          - id: plate
            routing:
              - { op: stamp, machines: { press-01: 1s }, setup: 10m }
        """
    /// 2026-11-24T07:00Z: inside shift A, before its break.
    static let now: Timestamp = 1_795_478_400 * Nanos.perSecond + 7 * 3600 * Nanos.perSecond
    static let hour: Timestamp = 3600 * Nanos.perSecond

    static func orders() -> [WorkOrder] {
        [
            WorkOrder(id: "WO-1", product: "bracket", quantity: 600, due: now + 6 * hour, priority: 1),
            WorkOrder(id: "WO-2", product: "plate", quantity: 1200, due: now + 2 * hour, priority: 5),
            WorkOrder(id: "WO-3", product: "bracket", quantity: 300, due: now + 3 * hour, priority: 2),
            WorkOrder(id: "WO-4", product: "plate", quantity: 900, due: now + 14 * hour, priority: 1, release: now + 4 * hour),
        ]
    }

    static func check(_ s: PlantSchedule, plant: PlantConfig, sourceLocation: SourceLocation = #_sourceLocation) {
        // Per machine, no overlap; per order, routing order; nothing in a break or outside shifts.
        for m in plant.machines.map(\.id) {
            let ops = s.operations.filter { $0.machine == m }.sorted { $0.startNanos < $1.startNanos }
            for (a, b) in zip(ops, ops.dropFirst()) {
                #expect(a.endNanos <= b.startNanos, "\(m): \(a.order) and \(b.order) overlap", sourceLocation: sourceLocation)
            }
        }
        for o in Set(s.operations.map(\.order)) {
            let ops = s.operations.filter { $0.order == o }.sorted { $0.index < $1.index }
            for (a, b) in zip(ops, ops.dropFirst()) {
                #expect(a.endNanos <= b.startNanos, "\(o) out of order", sourceLocation: sourceLocation)
            }
        }
        let calendar = ShiftCalendar(shifts: plant.shifts, timezone: plant.timezone)
        for op in s.operations where op.state == "planned" {
            let shift = calendar.shift(at: op.startNanos)
            #expect(shift != nil, "\(op.order) starts outside the shifts", sourceLocation: sourceLocation)
            #expect(shift?.breaks.contains { $0.contains(op.startNanos) } != true, "\(op.order) starts in a break", sourceLocation: sourceLocation)
        }
    }

    @Test func aFeasibleScheduleThatMeetsWhatCanBeMet() throws {
        let plant = try PlantConfigLoader.load(yaml: Self.yaml, file: "plant.yaml")
        let input = PlantScheduler.Input(plant: plant, now: Self.now, orders: Self.orders())
        let s = PlantScheduler.schedule(input, seed: 1, limits: SearchLimits(iterations: 300))
        Self.check(s, plant: plant)
        #expect(s.operations.count == 6)
        #expect(s.unscheduled.isEmpty)
        // WO-2 (priority 5, due in 2 h, 1200 × 1 s + 10 min setup on press-01) is on time.
        let wo2 = try #require(s.operations.first { $0.order == "WO-2" })
        #expect(wo2.lateness == 0)
        #expect(wo2.setup == 600)
        // WO-4 waits for its release.
        let wo4 = try #require(s.operations.first { $0.order == "WO-4" })
        #expect(wo4.startNanos >= Self.now + 4 * Self.hour)
        // A setup only where the product or operation changes: WO-1's welding follows WO-3's.
        let welds = s.operations.filter { $0.machine == "weld-01" }.sorted { $0.startNanos < $1.startNanos }
        #expect(welds.map(\.setup) == [300, 0])
        #expect(s.weightedTardiness == 0)
        let again = PlantScheduler.schedule(input, seed: 1, limits: SearchLimits(iterations: 300))
        #expect(again == s, "deterministic for a seed")
    }

    @Test func workPausesForBreaksAndOutsideShifts() throws {
        let plant = try PlantConfigLoader.load(yaml: Self.yaml, file: "plant.yaml")
        let t = WorkingTime(calendar: ShiftCalendar(shifts: plant.shifts, timezone: "UTC"), hasShifts: true, from: Self.now)
        #expect(t.finish(start: 0, work: 3600) == 3600, "07:00 + 1 h")
        #expect(t.finish(start: 2 * 3600 + 1800, work: 3600) == 4 * 3600, "09:30 + 1 h of work crosses the 10:00–10:30 break: 11:00")
        #expect(t.nextWorking(3 * 3600 + 600) == 3 * 3600 + 1800, "10:10 is in the break: work resumes at 10:30")
        #expect(
            t.finish(start: 14 * 3600 + 1800, work: 3600) == 23 * 3600 + 1800, "21:30 + 1 h: 30 min before 22:00, none at night, 30 min from 06:00")
    }

    @Test func aMachineThatIsDownGetsNoNewWorkAndAnOperationWithNoMachineSaysWhy() throws {
        let plant = try PlantConfigLoader.load(yaml: Self.yaml, file: "plant.yaml")
        let input = PlantScheduler.Input(plant: plant, now: Self.now, orders: Self.orders(), unavailable: ["press-01"])
        let s = PlantScheduler.schedule(input, seed: 1, limits: SearchLimits(iterations: 100))
        #expect(!s.operations.contains { $0.machine == "press-01" })
        #expect(s.operations.filter { $0.order == "WO-1" && $0.index == 0 }.first?.machine == "press-02")
        #expect(s.unscheduled.contains { $0.order == "WO-2" && $0.reason.contains("no machine available") })
        Self.check(s, plant: plant)
    }

    @Test func runningOperationsStayAndFrozenOnesKeepTheirPlace() throws {
        let plant = try PlantConfigLoader.load(yaml: Self.yaml, file: "plant.yaml")
        let progress = [
            OperationKey(order: "WO-1", index: 0): PlantScheduler.Progress(
                state: .running, machine: "press-02", started: Self.now - Self.hour, remaining: 100)
        ]
        let first = PlantScheduler.schedule(
            PlantScheduler.Input(plant: plant, now: Self.now, orders: Self.orders(), progress: progress), seed: 1,
            limits: SearchLimits(iterations: 200))
        let running = try #require(first.operations.first { $0.order == "WO-1" && $0.index == 0 })
        #expect(running.machine == "press-02")
        #expect(running.state == "running")
        #expect(running.startNanos == Self.now - Self.hour)
        #expect(running.endNanos == Self.now + 300 * Nanos.perSecond, "100 left at 3 s each, no setup")
        // Ten minutes later, with a new urgent order: what started within the frozen 30 minutes stays.
        var orders = Self.orders()
        orders.append(WorkOrder(id: "WO-9", product: "plate", quantity: 60, due: Self.now + 15 * 60 * Nanos.perSecond, priority: 50))
        let later = Self.now + 10 * 60 * Nanos.perSecond
        let second = PlantScheduler.schedule(
            PlantScheduler.Input(plant: plant, now: later, orders: orders, progress: progress, previous: first), seed: 1,
            limits: SearchLimits(iterations: 200))
        let frozen = first.operations.filter { $0.state == "planned" && $0.startNanos < later + 30 * 60 * Nanos.perSecond }
        #expect(!frozen.isEmpty)
        for f in frozen {
            let now = try #require(second.operations.first { $0.order == f.order && $0.index == f.index })
            #expect(now.machine == f.machine, "\(f.order) moved machine")
            #expect(now.frozen)
        }
        Self.check(second, plant: plant)
        // A frozen operation's machine going down: it waits there; it is not new work to move.
        let frozenOn = try #require(frozen.first { $0.machine != "press-02" })
        let third = PlantScheduler.schedule(
            PlantScheduler.Input(plant: plant, now: later, orders: orders, progress: progress, unavailable: [frozenOn.machine], previous: first),
            seed: 1, limits: SearchLimits(iterations: 200))
        #expect(third.operations.first { $0.order == frozenOn.order && $0.index == frozenOn.index }?.machine == frozenOn.machine)
    }
}
