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
        // A setup exactly where the machine's previous operation is another product or operation;
        // each planned operation's setup and run take working time only, paused by breaks and nights.
        let time = WorkingTime(calendar: calendar, hasShifts: !plant.shifts.isEmpty, from: s.generatedNanos)
        for m in plant.machines.map(\.id) {
            let ops = s.operations.filter { $0.machine == m }.sorted { $0.startNanos < $1.startNanos }
            for (k, op) in ops.enumerated() where op.state != "running" {
                let step = plant.product(op.product)?.routing[op.index]
                let previous = k > 0 ? ops[k - 1] : nil
                let changes = previous == nil || previous?.product != op.product || previous?.operation != op.operation
                #expect(op.setup == (changes ? Int(step?.setup ?? 0) : 0), "\(op.order)/\(op.index) setup on \(m)", sourceLocation: sourceLocation)
                guard op.state == "planned", let cycle = step?.machines.first(where: { $0.machine == m })?.cycleTime else { continue }
                let run = Int((Double(op.quantity) * cycle).rounded(.up))
                let start = Int((op.startNanos - s.generatedNanos) / Nanos.perSecond)
                #expect(
                    Int((op.endNanos - s.generatedNanos) / Nanos.perSecond) == time.finish(start: start, work: op.setup + run),
                    "\(op.order)/\(op.index) lasts its setup and run in working time", sourceLocation: sourceLocation)
            }
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

    /// The calendar finds a moment's span through an index by the hour: it answers as a plain
    /// search over its spans does, before, inside and past the laid-out days.
    @Test func workingTimeAnswersAsASearchOverItsSpansDoes() throws {
        let plant = try PlantConfigLoader.load(yaml: Self.yaml, file: "plant.yaml")
        // From an odd moment, so that spans end inside the hours of the index.
        let from = Self.now + 1037 * Nanos.perSecond
        let t = WorkingTime(calendar: ShiftCalendar(shifts: plant.shifts, timezone: "UTC"), hasShifts: true, from: from, days: 10)
        let spans = t.spans
        #expect(spans.contains { $0.upperBound % 3600 != 0 })
        func index(_ x: Int) -> Int { spans.firstIndex { $0.upperBound > x } ?? spans.count }
        func next(_ x: Int) -> Int { index(x) < spans.count ? max(x, spans[index(x)].lowerBound) : x }
        func finish(_ x: Int, _ work: Int) -> Int {
            guard work > 0 else { return x + max(0, work) }
            var (k, at, left) = (index(x), x, work)
            while k < spans.count {
                at = max(at, spans[k].lowerBound)
                if left <= spans[k].upperBound - at { return at + left }
                left -= spans[k].upperBound - at
                k += 1
            }
            return at + left
        }
        var rng = SplitMix64(seed: 11)
        let edges = spans.flatMap { [$0.lowerBound - 1, $0.lowerBound, $0.upperBound - 1, $0.upperBound] }
        for k in 0..<20_000 {
            let x = k < edges.count ? edges[k] : rng.next(below: 12 * 86_400) - 3600
            let work = [0, 1, 59, 1800, 3600 * 9, 86_400 * 3][k % 6]
            #expect(t.nextWorking(x) == next(x), "next working second after \(x)")
            #expect(t.finish(start: x, work: work) == finish(x, work), "\(work) s from \(x)")
        }
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

    @Test(arguments: [PlantScheduler.Evaluation.incremental, .full])
    func runningOperationsStayAndFrozenOnesKeepTheirPlace(evaluation: PlantScheduler.Evaluation) throws {
        let plant = try PlantConfigLoader.load(yaml: Self.yaml, file: "plant.yaml")
        let progress = [
            OperationKey(order: "WO-1", index: 0): PlantScheduler.Progress(
                state: .running, machine: "press-02", started: Self.now - Self.hour, remaining: 100)
        ]
        let first = PlantScheduler.schedule(
            PlantScheduler.Input(plant: plant, now: Self.now, orders: Self.orders(), progress: progress), seed: 1,
            limits: SearchLimits(iterations: 200), evaluation: evaluation)
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
            limits: SearchLimits(iterations: 200), evaluation: evaluation)
        let frozen = first.operations.filter { $0.state == "planned" && $0.startNanos < later + 30 * 60 * Nanos.perSecond }
        #expect(!frozen.isEmpty)
        for f in frozen {
            let now = try #require(second.operations.first { $0.order == f.order && $0.index == f.index })
            #expect(now.machine == f.machine, "\(f.order) moved machine")
            #expect(now.frozen)
        }
        // Per machine: the running operation first, then the frozen ones in their old order, then the rest.
        for m in plant.machines.map(\.id) {
            let queue = second.operations.filter { $0.machine == m }.sorted { $0.startNanos < $1.startNanos }
            let kept = frozen.filter { $0.machine == m }.sorted { $0.startNanos < $1.startNanos }.map { "\($0.order)/\($0.index)" }
            let head = queue.prefix { $0.state == "running" || $0.frozen }.filter { $0.state == "planned" }.map { "\($0.order)/\($0.index)" }
            #expect(head == kept, "\(m): the frozen operations first, in their old order")
            #expect(queue.firstIndex { $0.state == "running" } ?? 0 == 0, "\(m): the running operation first")
            #expect(queue.filter(\.frozen).count == queue.prefix { $0.frozen }.count, "\(m): nothing new between frozen ones")
        }
        let stillRunning = try #require(second.operations.first { $0.order == "WO-1" && $0.index == 0 })
        #expect(stillRunning.startNanos == Self.now - Self.hour && stillRunning.endNanos == later + 300 * Nanos.perSecond)
        Self.check(second, plant: plant)
        // A frozen operation's machine going down: it waits there; it is not new work to move.
        let frozenOn = try #require(frozen.first { $0.machine != "press-02" })
        let third = PlantScheduler.schedule(
            PlantScheduler.Input(plant: plant, now: later, orders: orders, progress: progress, unavailable: [frozenOn.machine], previous: first),
            seed: 1, limits: SearchLimits(iterations: 200), evaluation: evaluation)
        #expect(third.operations.first { $0.order == frozenOn.order && $0.index == frozenOn.index }?.machine == frozenOn.machine)
    }
}
