import Benchmark
import Foundation
import GembaCore
import GembaStore

#if canImport(Glibc)
import Glibc
#endif

/// Process-value history: reading 90 days of one series at one-minute steps (the issue's
/// figure: under 50 ms), and the disk a stored sample and a series-day take at the default
/// retention, as the daemon writes them (engine → store, a batch every 25 ms of data).
enum HistoryBench {
    static let t0: Timestamp = 1_787_616_000 * Nanos.perSecond  // 2026-08-25T00:00:00Z
    static let days = 90
    static let plant = PlantConfig(
        plant: "Bench",
        lines: [
            LineConfig(
                id: "L", name: "L",
                machines: (0..<10).map { MachineConfig(id: "m\($0)", name: "M\($0)", lineID: "L", idealCycleTime: 1) })
        ])

    /// Feeds `engine` one value per machine every `every` seconds over `seconds`, writing
    /// what it hands over to `store` as the daemon's flusher would.
    static func feed(_ store: FloorStore, machines: Int, seconds: Int, every: Int, from: Timestamp) {
        var engine = FloorEngine(plant: plant, now: from)
        var rng: UInt64 = 7
        for k in stride(from: 0, to: seconds, by: every) {
            let t = from + Timestamp(k) * Nanos.perSecond
            for m in 0..<machines {
                rng ^= rng << 13
                rng ^= rng >> 7
                rng ^= rng << 17
                let v = 60 + Double(k % 86_400) / 4_320 + Double(rng % 1000) / 1000
                _ = try? engine.apply(
                    TelemetrySample(machine: m, timestamp: t, processValues: [ProcessValue(name: "oil_temp", value: v, at: t)]), receivedAt: t)
            }
            if k % 600 == 0 { try? store.write(engine.drainChanges(now: t)) }
        }
        try? store.write(engine.drainChanges())
    }

    /// 90 days of one series, a sample every 10 s.
    static let ninetyDays: FloorStore = {
        let path = "/tmp/gemba-history-bench.db"
        if let s = try? FloorStore(path: path), (try? s.historySeries(machine: "m0")) == ["oil_temp"] { return s }
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        guard let s = try? FloorStore(path: path) else { fatalError("cannot open \(path)") }
        feed(s, machines: 1, seconds: days * 86_400, every: 10, from: t0)
        return s
    }()

    /// Bytes on disk of one day of `machines` series at 1 Hz: all three tiers kept.
    static func bytesOfOneDay(machines: Int) -> Int {
        let path = "/tmp/gemba-history-bytes-\(machines).db"
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        guard let s = try? FloorStore(path: path) else { fatalError("cannot open \(path)") }
        let before = (try? s.databaseBytesAfterVacuum()) ?? 0
        feed(s, machines: machines, seconds: 86_400, every: 1, from: t0)
        return ((try? s.databaseBytesAfterVacuum()) ?? 0) - before
    }
}

let benchmarks: @Sendable () -> Void = {
    let config = Benchmark.Configuration(
        metrics: [.wallClock], warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(20), maxIterations: 20)
    let store = HistoryBench.ninetyDays
    let from = HistoryBench.t0
    let to = from + Timestamp(HistoryBench.days) * 86_400 * Nanos.perSecond
    Benchmark("history: one series, 90 days at 1m steps", configuration: config) { _ in
        let points = try store.history(machine: "m0", name: "oil_temp", from: from, to: to, step: Nanos.perMinute, pending: [])
        precondition(points.count == HistoryBench.days * 1440)
        blackHole(points)
    }
    Benchmark("history: one series, 90 days at 1h steps", configuration: config) { _ in
        blackHole(try store.history(machine: "m0", name: "oil_temp", from: from, to: to, step: 3600 * Nanos.perSecond, pending: []))
    }
    Benchmark("history: one series, last 24 h at 10s steps (raw)", configuration: config) { _ in
        blackHole(
            try store.history(machine: "m0", name: "oil_temp", from: to - 86_400 * Nanos.perSecond, to: to, step: 10 * Nanos.perSecond, pending: []))
    }
    let perSample = BenchmarkMetric.custom("bytes per sample (1 Hz)", polarity: .prefersSmaller, useScalingFactor: false)
    let perDay = BenchmarkMetric.custom("bytes per series-day (1 Hz)", polarity: .prefersSmaller, useScalingFactor: false)
    Benchmark("history: disk for 10 series at 1 Hz for a day", configuration: .init(metrics: [perSample, perDay], maxIterations: 1)) { benchmark in
        let bytes = HistoryBench.bytesOfOneDay(machines: 10)
        benchmark.measurement(perDay, bytes / 10)
        benchmark.measurement(perSample, bytes / (10 * 86_400))
    }
}
