import Foundation
import GembaCore
import GembaStore
import Testing

struct FloorStoreTests {
    static let plant = PlantConfig(
        plant: "T", commLossTimeout: 300,
        lines: [
            LineConfig(
                id: "L1", name: "L",
                machines: [
                    MachineConfig(id: "m1", name: "M1", lineID: "L1", idealCycleTime: 2),
                    MachineConfig(id: "m2", name: "M2", lineID: "L1", idealCycleTime: 2),
                ])
        ],
        shifts: [
            ShiftConfig(name: "A", start: TimeOfDay(hour: 0, minute: 0), end: TimeOfDay(hour: 12, minute: 0)),
            ShiftConfig(name: "B", start: TimeOfDay(hour: 12, minute: 0), end: TimeOfDay(hour: 0, minute: 0)),
        ])

    func tempPath() -> String {
        TestDatabases.path()
    }

    @Test func migrationsRunOnceAndAreNumbered() throws {
        let path = tempPath()
        _ = try FloorStore(path: path)
        let again = try FloorStore(path: path)
        #expect(
            try again.appliedMigrations() == [
                "001-plant-and-floor", "002-downtime-classification", "003-shift-ledger", "004-alarms-and-audit", "005-work-orders",
                "006-genealogy-and-holds", "007-operation-inputs", "008-hold-shipments", "009-audit-anchor", "010-alarm-hidden-from",
                "011-process-history", "012-spc-points", "013-maintenance", "014-handover",
            ])
    }

    /// A daemon that stops and starts again continues where it stopped: no
    /// interval lost, none written twice.
    @Test func restartContinuesWithoutLosingOrDuplicatingIntervals() throws {
        let path = tempPath()
        let t0: Timestamp = 1_764_000_000 * Nanos.perSecond
        func at(_ s: Int64) -> Timestamp { t0 + s * Nanos.perSecond }

        var engine = FloorEngine(plant: Self.plant, now: t0)
        let store = try FloorStore(path: path)
        try store.syncPlant(Self.plant)
        try engine.apply(TelemetrySample(machine: 0, timestamp: at(0), state: .running, countTotal: 100), receivedAt: at(0))
        try engine.apply(TelemetrySample(machine: 0, timestamp: at(60), state: .down, reason: "jam", countTotal: 130), receivedAt: at(60))
        try store.write(engine.drainChanges())

        // Restart: a new engine from what the store kept.
        let store2 = try FloorStore(path: path)
        var engine2 = FloorEngine(plant: Self.plant, restoring: try store2.loadLive(), now: at(90))
        #expect(engine2.machines[0].state == .down)
        #expect(engine2.machines[0].since == at(60))
        try engine2.apply(TelemetrySample(machine: 0, timestamp: at(120), state: .running, countTotal: 131), receivedAt: at(120))
        try store2.write(engine2.drainChanges())

        let ivs = try store2.intervals(machine: "m1", from: at(0), to: at(200))
        #expect(ivs.map(\.state) == [.running, .down])
        #expect(ivs.map(\.start) == [at(0), at(60)])
        #expect(ivs.map(\.end) == [at(60), at(120)])
        #expect(engine2.machines[0].shiftTotal == 31)
        let counts = try store2.counts(machine: "m1", fromMinute: Nanos.minute(at(0)), toMinute: Nanos.minute(at(200)) + 1)
        #expect(counts.total == 31)
    }

    @Test func processValuesPersist() throws {
        let path = tempPath()
        let store = try FloorStore(path: path)
        var engine = FloorEngine(plant: Self.plant, now: 0)
        try engine.apply(
            TelemetrySample(machine: 1, timestamp: 5, processValues: [ProcessValue(name: "oil_temp", value: 71.5, at: 5)]), receivedAt: 5)
        try store.write(engine.drainChanges())
        let live = try FloorStore(path: path).loadLive()
        #expect(live.first { $0.id == "m2" }?.processValues == [ProcessValue(name: "oil_temp", value: 71.5, at: 5)])
    }

    /// A feed that changes its values with every message has them stored once a second per
    /// machine, not on every flush; the latest still reaches the store at the first flush a
    /// second after the one before, though the feed fell silent, and every one at the last flush.
    @Test func processValuesAreStoredOnceASecondAndTheLatestAlways() throws {
        let path = tempPath()
        let store = try FloorStore(path: path)
        let ms = Nanos.perSecond / 1000
        var engine = FloorEngine(plant: Self.plant, now: 0)
        func oil() throws -> Double? { try FloorStore(path: path).loadLive().first { $0.id == "m2" }?.processValues.first?.value }
        var due: [Int64] = []
        // 2 s of a value every 10 ms, a flush every 25 ms.
        for step in 0..<200 {
            let t = Int64(step) * 10 * ms
            try engine.apply(
                TelemetrySample(machine: 1, timestamp: t, processValues: [ProcessValue(name: "oil_temp", value: Double(step), at: t)]),
                receivedAt: t)
            if step % 5 == 2 {
                let changes = engine.drainChanges(now: t)
                #expect(changes.changedMachines.map(\.id) == ["m2"])
                if changes.valuesDue == ["m2"] { due.append(t / ms) }
                try store.write(changes)
            }
        }
        #expect(due == [20, 1020])
        #expect(try oil() == 102)
        // Silent since 1,990 ms: its last value goes at the first flush a second after the last.
        let quiet = engine.drainChanges(now: 1_500 * ms)
        #expect(quiet.valuesDue == [])
        try store.write(quiet)
        let late = engine.drainChanges(now: 2_020 * ms)
        #expect(late.valuesDue == ["m2"])
        #expect(late.changedMachines.map(\.id) == ["m2"])
        try store.write(late)
        #expect(try oil() == 199)
        // Nothing changed since: nothing more is due.
        #expect(engine.drainChanges(now: 4_000 * ms).isEmpty)
        // The daemon's last flush takes every changed value, due or not.
        try engine.apply(
            TelemetrySample(machine: 1, timestamp: 4_000 * ms, processValues: [ProcessValue(name: "oil_temp", value: 500, at: 4_000 * ms)]),
            receivedAt: 4_000 * ms)
        try store.write(engine.drainChanges(now: 4_010 * ms))
        #expect(try oil() == 500)
        try engine.apply(
            TelemetrySample(machine: 1, timestamp: 4_020 * ms, processValues: [ProcessValue(name: "oil_temp", value: 600, at: 4_020 * ms)]),
            receivedAt: 4_020 * ms)
        try store.write(engine.drainChanges(now: 4_030 * ms))
        #expect(try oil() == 500)
        try store.write(engine.drainChanges())
        #expect(try oil() == 600)
    }
}
