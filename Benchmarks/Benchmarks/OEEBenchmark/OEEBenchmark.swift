import Benchmark
import Foundation
import GembaCore
import GembaPlantFile
import GembaStore

#if canImport(Glibc)
import Glibc
#endif

/// 90 days of history for 200 machines (10 lines of 20), three 8-hour shifts
/// with breaks: about 48 state intervals a machine a day and a count row every
/// running minute, written through the store as the daemon writes it.
enum History {
    static let days = 90
    static let t0: Timestamp = 1_787_616_000 * Nanos.perSecond  // 2026-08-25T00:00:00Z
    static let end = t0 + Timestamp(days) * 86_400 * Nanos.perSecond

    static let plant: PlantConfig = {
        var yaml = "plant: Bench\ntimezone: UTC\nlines:\n"
        for l in 0..<10 {
            yaml += "  - id: L\(l)\n    name: Line \(l)\n    machines:\n"
            for m in 0..<20 { yaml += "      - { id: m-\(l * 20 + m), name: M \(l * 20 + m), ideal_cycle_time: 2 }\n" }
        }
        yaml += """
            shifts:
              - { name: A, start: "06:00", end: "14:00", breaks: [{ start: "10:00", end: "10:30" }] }
              - { name: B, start: "14:00", end: "22:00", breaks: [{ start: "18:00", end: "18:30" }] }
              - { name: C, start: "22:00", end: "06:00", breaks: [{ start: "02:00", end: "02:30" }] }

            """
        return (try? PlantConfigLoader.load(yaml: yaml, file: "bench.yaml")) ?? PlantConfig(plant: "x", lines: [])
    }()

    static let store: FloorStore = {
        let path = "/tmp/gemba-oee-bench.db"
        if let s = try? FloorStore(path: path), (try? s.intervalCount()) ?? 0 > 0 { return s }
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
        guard let s = try? FloorStore(path: path) else { fatalError("cannot open \(path)") }
        try? s.syncPlant(plant)
        var rng: UInt64 = 42
        func random() -> Double {
            rng ^= rng << 13
            rng ^= rng >> 7
            rng ^= rng << 17
            return Double(rng % 1_000_000) / 1_000_000
        }
        for m in plant.machines {
            var changes = EngineChanges()
            var t = t0
            while t < end {
                let running = random() < 0.7
                let length = Nanos.from(seconds: running ? 1200 + 1200 * random() : 60 + 900 * random())
                let state: MachineState = running ? .running : [.down, .idle, .setup, .starved][Int(random() * 4) % 4]
                changes.closedIntervals.append(StateInterval(machine: m.id, state: state, reason: running ? nil : "jam", start: t, end: t + length))
                if running {
                    var minute = Nanos.minute(t)
                    while minute < Nanos.minute(t + length) {
                        changes.minuteCounts.append(MinuteCount(machine: m.id, minute: minute, total: 28, reject: random() < 0.3 ? 1 : 0))
                        minute += 1
                    }
                }
                t += length
                if changes.minuteCounts.count > 50_000 {
                    try? s.write(changes)
                    changes = EngineChanges()
                }
            }
            try? s.write(changes)
        }
        return s
    }()

    static let calc = OEECalculator(calendar: ShiftCalendar(shifts: plant.shifts, timezone: plant.timezone))

    /// One machine's ledger from raw intervals and counts.
    static func raw(_ m: MachineConfig, _ a: Timestamp, _ b: Timestamp) -> OEECalculator.Ledger {
        guard a < b else { return OEECalculator.Ledger() }
        let ivs = (try? store.intervals(machine: m.id, from: a, to: b)) ?? []
        return calc.ledger(machine: m, intervals: ivs, from: a, to: b, asOf: end) { minutes in
            (try? store.counts(machine: m.id, fromMinute: minutes.lowerBound, toMinute: minutes.upperBound)) ?? (0, 0)
        }
    }

    /// What the daemon's `oee` request does: raw rows without the cache, or the
    /// shift-ledger cache for whole shifts (warmed by the first iteration).
    static func oee(_ machines: [MachineConfig], from: Timestamp, to: Timestamp, cached: Bool) -> OEEResult {
        var ledger = OEECalculator.Ledger()
        let shifts = calc.calendar.occurrences(from: from, to: to).filter { $0.start >= from && $0.end <= to }
        for m in machines {
            guard cached else {
                ledger = ledger + raw(m, from, to)
                continue
            }
            let l = try? store.cachedLedger(
                machine: m, whole: shifts, closedUntil: end, from: from, to: to, microStopThreshold: 120
            ) { a, b in raw(m, a, b) }
            ledger = ledger + (l ?? OEECalculator.Ledger())
        }
        return calc.result(ledger, scope: "bench", from: from, to: to, asOf: end)
    }
}

let benchmarks: @Sendable () -> Void = {
    let config = Benchmark.Configuration(
        metrics: [.wallClock], warmupIterations: 1, scalingFactor: .one, maxDuration: .seconds(20), maxIterations: 20)
    let machine = [History.plant.machines[17]]
    let line = History.plant.lines[3].machines
    let shiftStart = History.t0 + Timestamp(45 * 86_400 + 6 * 3600) * Nanos.perSecond
    let shiftEnd = shiftStart + 8 * 3600 * Nanos.perSecond

    // A window that starts and ends mid-shift: two partial shifts from raw rows, the rest cached.
    let odd = (History.t0 + 7 * 3600 * Nanos.perSecond, History.end - 5 * 3600 * Nanos.perSecond)
    for cached in [false, true] {
        let tag = cached ? "cached" : "raw"
        Benchmark("OEE machine, one shift (\(tag))", configuration: config) { _ in
            blackHole(History.oee(machine, from: shiftStart, to: shiftEnd, cached: cached))
        }
        Benchmark("OEE line of 20, one shift (\(tag))", configuration: config) { _ in
            blackHole(History.oee(line, from: shiftStart, to: shiftEnd, cached: cached))
        }
        Benchmark("OEE machine, 90 days (\(tag))", configuration: config) { _ in
            blackHole(History.oee(machine, from: odd.0, to: odd.1, cached: cached))
        }
        Benchmark("OEE line of 20, 90 days (\(tag))", configuration: config) { _ in
            blackHole(History.oee(line, from: odd.0, to: odd.1, cached: cached))
        }
    }
}
