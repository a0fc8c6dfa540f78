import Benchmark
import Foundation
import GembaClient
import GembaCore
import GembaPlantFile
import GembaServer
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// A plant of 12 machines, 3 products of 4 operations, and 125 orders: 500 open operations.
enum BenchPlant {
    static let yaml = """
        plant: Bench
        timezone: UTC
        comm_loss_timeout: 1h
        lines:
          - id: L1
            name: Stamping
            machines:
              - { id: p1, name: P1, ideal_cycle_time: 2 }
              - { id: p2, name: P2, ideal_cycle_time: 2 }
              - { id: p3, name: P3, ideal_cycle_time: 2 }
              - { id: p4, name: P4, ideal_cycle_time: 2 }
          - id: L2
            name: Welding
            machines:
              - { id: w1, name: W1, ideal_cycle_time: 6 }
              - { id: w2, name: W2, ideal_cycle_time: 6 }
              - { id: w3, name: W3, ideal_cycle_time: 6 }
          - id: L3
            name: Assembly
            machines:
              - { id: a1, name: A1, ideal_cycle_time: 12 }
              - { id: a2, name: A2, ideal_cycle_time: 12 }
              - { id: a3, name: A3, ideal_cycle_time: 12 }
              - { id: k1, name: K1, ideal_cycle_time: 4 }
              - { id: k2, name: K2, ideal_cycle_time: 4 }
        shifts:
          - { name: A, start: "06:00", end: "14:00", breaks: [{ start: "10:00", end: "10:30" }] }
          - { name: B, start: "14:00", end: "22:00", breaks: [{ start: "18:00", end: "18:30" }] }
        products:
          - id: x
            routing:
              - { op: stamp, machines: { p1: 2s, p2: 2s, p3: 2.5s }, setup: 10m }
              - { op: weld, machines: { w1: 6s, w2: 6s }, setup: 5m }
              - { op: assemble, machines: { a1: 12s, a2: 12s }, setup: 5m }
              - { op: pack, machines: { k1: 4s, k2: 4s }, setup: 2m }
          - id: y
            routing:
              - { op: stamp, machines: { p3: 2.5s, p4: 2.5s }, setup: 15m }
              - { op: weld, machines: { w2: 7s, w3: 7s }, setup: 5m }
              - { op: assemble, machines: { a2: 10s, a3: 10s }, setup: 5m }
              - { op: pack, machines: { k1: 4s, k2: 4s }, setup: 2m }
          - id: z
            routing:
              - { op: stamp, machines: { p1: 2s, p4: 2.5s }, setup: 10m }
              - { op: weld, machines: { w1: 6s, w3: 6s }, setup: 5m }
              - { op: assemble, machines: { a1: 12s, a3: 12s }, setup: 5m }
              - { op: pack, machines: { k2: 4s }, setup: 2m }
        scheduling: { objective: tardiness, frozen_horizon: 30m, time_limit: 750ms }
        """
    static let plant = try! PlantConfigLoader.load(yaml: yaml, file: "bench.yaml")
    /// 2026-11-24T07:00Z.
    static let now: Timestamp = 1_795_478_400 * Nanos.perSecond + 7 * 3600 * Nanos.perSecond

    static func orders(from now: Timestamp) -> [WorkOrder] {
        var rng = SplitMix64(seed: 7)
        return (0..<125).map { k in
            WorkOrder(
                id: "WO-\(1000 + k)", product: ["x", "y", "z"][k % 3], quantity: 20 + rng.next(below: 180),
                due: now + Int64(3600 + rng.next(below: 14 * 3600)) * Nanos.perSecond, priority: 1 + rng.next(below: 3))
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    let input = PlantScheduler.Input(plant: BenchPlant.plant, now: BenchPlant.now, orders: BenchPlant.orders(from: BenchPlant.now))

    // The dispatching start alone: what a console would see first.
    Benchmark("plant schedule, 500 operations: dispatching start", configuration: .init(metrics: [.wallClock], maxIterations: 20)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(PlantScheduler.schedule(input, seed: 1, limits: SearchLimits(iterations: 0)))
        }
    }

    // The whole reschedule as the daemon runs it (time limit 750 ms), with the tardiness it reaches.
    Benchmark(
        "plant schedule, 500 operations: 750 ms search",
        configuration: .init(
            metrics: [
                .wallClock, .custom("weighted tardiness (min)", polarity: .prefersSmaller, useScalingFactor: false),
                .custom("moves", polarity: .prefersLarger, useScalingFactor: false),
            ],
            maxIterations: 5)
    ) { benchmark in
        let start = DispatchTime.now().uptimeNanoseconds
        let first = PlantScheduler.schedule(input, seed: 1, limits: SearchLimits(iterations: 0))
        let plan = PlantScheduler.schedule(input, seed: 1, limits: SearchLimits { DispatchTime.now().uptimeNanoseconds - start >= 750_000_000 })
        benchmark.measurement(.custom("weighted tardiness (min)", polarity: .prefersSmaller, useScalingFactor: false), plan.weightedTardiness / 60)
        benchmark.measurement(.custom("moves", polarity: .prefersLarger, useScalingFactor: false), plan.iterations)
        print(
            "dispatch: weighted tardiness \(first.weightedTardiness / 60) min, \(first.lateOrders) late; after 750 ms: \(plan.weightedTardiness / 60) min, \(plan.lateOrders) late, \(plan.iterations) moves"
        )
    }

    // Before and after in one run: the same input, seed 1, 750 ms each, every candidate
    // evaluated by a full evaluation of the plant (the way before) against estimates and an
    // exact incremental evaluation of the best few (the default).
    let movesFull = BenchmarkMetric.custom("moves, full evaluation", polarity: .prefersLarger, useScalingFactor: false)
    let movesIncremental = BenchmarkMetric.custom("moves, incremental evaluation", polarity: .prefersLarger, useScalingFactor: false)
    let tardinessFull = BenchmarkMetric.custom("weighted tardiness, full evaluation (min)", polarity: .prefersSmaller, useScalingFactor: false)
    let tardinessIncremental = BenchmarkMetric.custom(
        "weighted tardiness, incremental evaluation (min)", polarity: .prefersSmaller, useScalingFactor: false)
    let ratio = BenchmarkMetric.custom("moves, incremental / full (%)", polarity: .prefersLarger, useScalingFactor: false)
    let tardinessTwoThreads = BenchmarkMetric.custom(
        "weighted tardiness, incremental evaluation, 2 threads (min)", polarity: .prefersSmaller, useScalingFactor: false)
    Benchmark(
        "plant schedule, 500 operations: 750 ms search, full against incremental evaluation",
        configuration: .init(
            metrics: [movesFull, movesIncremental, tardinessFull, tardinessIncremental, ratio, tardinessTwoThreads], maxIterations: 3)
    ) { benchmark in
        func search(_ evaluation: PlantScheduler.Evaluation, threads: Int = 1) -> (plan: PlantSchedule, seconds: Double) {
            let start = DispatchTime.now().uptimeNanoseconds
            let plan = PlantScheduler.schedule(
                input, seed: 1, threads: threads, limits: SearchLimits { DispatchTime.now().uptimeNanoseconds - start >= 750_000_000 },
                evaluation: evaluation)
            return (plan, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let full = search(.full)
        let incremental = search(.incremental)
        let twoThreads = search(.incremental, threads: 2)
        benchmark.measurement(movesFull, full.plan.iterations)
        benchmark.measurement(movesIncremental, incremental.plan.iterations)
        benchmark.measurement(tardinessFull, full.plan.weightedTardiness / 60)
        benchmark.measurement(tardinessIncremental, incremental.plan.weightedTardiness / 60)
        benchmark.measurement(ratio, incremental.plan.iterations * 100 / max(1, full.plan.iterations))
        benchmark.measurement(tardinessTwoThreads, twoThreads.plan.weightedTardiness / 60)
        func line(_ name: String, _ r: (plan: PlantSchedule, seconds: Double)) -> String {
            "\(name): \(r.plan.iterations) moves in \(String(format: "%.3f", r.seconds)) s (\(Int(Double(r.plan.iterations) / r.seconds)) moves/s), "
                + "weighted tardiness \(r.plan.weightedTardiness / 60) min, \(r.plan.lateOrders) late"
        }
        print(line("full evaluation", full))
        print(line("incremental evaluation", incremental))
        print(line("incremental evaluation, threads: 2 (moves of both)", twoThreads))
        print(
            "moves ratio \(String(format: "%.2f", Double(incremental.plan.iterations) / Double(max(1, full.plan.iterations))))x, "
                + "weighted tardiness \(incremental.plan.weightedTardiness / 60) min against \(full.plan.weightedTardiness / 60) min")
    }

    // End to end in a daemon: 125 orders imported → the new schedule pushed to a subscribed console.
    Benchmark(
        "import 125 orders (500 operations) to schedule on a console",
        configuration: .init(metrics: [.custom("to console (ms)", polarity: .prefersSmaller, useScalingFactor: false)], maxIterations: 3)
    ) { benchmark in
        var template = Array("/tmp/gemba-sched-XXXXXX".utf8CString)
        let folder = String(cString: mkdtemp(&template)!)
        let runtime = RuntimeDirectory(path: folder + "/run")
        guard
            let daemon = try? GembaDaemon.start(
                .init(plant: BenchPlant.plant, databasePath: folder + "/gemba.db", runtime: runtime, version: "bench"),
                logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
        else { fatalError("cannot start the daemon") }
        defer {
            daemon.stop()
            try? FileManager.default.removeItem(atPath: folder)
        }
        guard let console = try? ConsoleConnection(path: runtime.consoleSocket),
            (try? console.request(Requests.Subscribe())) != nil
        else { fatalError("cannot subscribe") }
        let now = DaemonClock.now()
        let rows = BenchPlant.orders(from: now).map { "\($0.id),\($0.product),\($0.quantity),\(ISOTime.format($0.due)),\($0.priority)" }
        let csv = "order,product,quantity,due,priority\n" + rows.joined(separator: "\n") + "\n"
        let importer = try! ConsoleConnection(path: runtime.consoleSocket)
        let sent = DaemonClock.now()
        _ = try! importer.request(Requests.ImportOrders(text: csv, file: "bench.csv"))
        let decoder = JSONDecoder()
        while let line = try? console.readLine(timeout: 10) {
            guard let e = try? decoder.decode(DeltaEvent.self, from: line), let plan = e.delta.schedule, plan.operations.count >= 500 else {
                continue
            }
            benchmark.measurement(
                .custom("to console (ms)", polarity: .prefersSmaller, useScalingFactor: false), Int((DaemonClock.now() - sent) / 1_000_000))
            break
        }
    }
}
