import Foundation
import GembaCore
import GembaStore
import Testing

/// Process-value history through the store: steps read from the tier they need, minutes stored
/// in parts read as one, what the daemon holds added, and each tier trimmed to its retention.
struct HistoryStoreTests {
    static let plant = PlantConfig(
        plant: "T", lines: [LineConfig(id: "L", name: "L", machines: [MachineConfig(id: "m1", name: "M", lineID: "L", idealCycleTime: 1)])])
    static let s = Nanos.perSecond
    /// 2025-11-24T00:00:00Z.
    static let day: Timestamp = 1_763_942_400 * Nanos.perSecond

    func tempPath() -> String {
        TestDatabases.path()
    }

    /// Two hours of one sample every 10 s (value: the minute of the day), stored as the daemon would.
    func twoHours(_ store: FloorStore, stopAt stop: Int? = nil) throws -> FloorEngine {
        var e = FloorEngine(plant: Self.plant, now: Self.day)
        for k in 0..<720 {
            let t = Self.day + Int64(k) * 10 * Self.s
            try e.apply(
                TelemetrySample(machine: 0, timestamp: t, processValues: [ProcessValue(name: "oil", value: Double(k / 6), at: t)]), receivedAt: t)
            if k % 3 == 0 { try store.write(e.drainChanges(now: t)) }
            if k == stop {
                // The daemon stops inside a minute and starts again.
                try store.write(e.drainChanges())
                e = FloorEngine(plant: Self.plant, restoring: try store.loadLive(), now: t)
            }
        }
        return e
    }

    @Test func stepsOfMinutesHoursAndSecondsReadTheirTier() throws {
        let store = try FloorStore(path: tempPath())
        var e = try twoHours(store)
        try store.write(e.drainChanges())
        let to = Self.day + 2 * 3600 * Self.s
        let minutes = try store.history(machine: "m1", name: "oil", from: Self.day, to: to, step: 60 * Self.s, pending: [])
        #expect(minutes.count == 120)
        #expect(minutes.allSatisfy { $0.aggregate.count == 6 && $0.aggregate.min == $0.aggregate.max })
        #expect(minutes.map(\.aggregate.last) == (0..<120).map(Double.init))
        #expect(minutes[7].t == Self.day + 7 * 60 * Self.s)
        let fives = try store.history(machine: "m1", name: "oil", from: Self.day, to: to, step: 300 * Self.s, pending: [])
        #expect(fives.count == 24)
        #expect(fives[1].aggregate == HistoryAggregate(count: 30, min: 5, max: 9, sum: 210, last: 9, lastAt: Self.day + 590 * Self.s))
        let hours = try store.history(machine: "m1", name: "oil", from: Self.day, to: to, step: 3600 * Self.s, pending: [])
        #expect(hours.map(\.aggregate.count) == [360, 360])
        #expect(hours.map(\.aggregate.mean) == [29.5, 89.5])
        let raw = try store.history(machine: "m1", name: "oil", from: Self.day, to: Self.day + 60 * Self.s, step: 20 * Self.s, pending: [])
        #expect(raw.map(\.aggregate.count) == [2, 2, 2])
        // A window that starts inside a minute takes the minutes that start in it.
        let inside = try store.history(
            machine: "m1", name: "oil", from: Self.day + 30 * Self.s, to: Self.day + 180 * Self.s, step: 60 * Self.s, pending: [])
        #expect(inside.map(\.aggregate.last) == [1, 2])
        #expect(try store.history(machine: "m1", name: "nothing", from: Self.day, to: to, step: 60 * Self.s, pending: []).isEmpty)
        #expect(try store.historySeries(machine: "m1") == ["oil"])
    }

    @Test func aMinuteStoredInPartsReadsAsOneAndHeldMinutesAreAdded() throws {
        let store = try FloorStore(path: tempPath())
        // Stopped at 00:30:40, inside minute 30 (samples at :00, :10, :20, :30, :40 before it).
        var e = try twoHours(store, stopAt: 184)
        let to = Self.day + 2 * 3600 * Self.s
        // What the engine holds is added: the last minute has not been handed over yet.
        let held = e.pendingHistory(machine: "m1", name: "oil")
        let minutes = try store.history(machine: "m1", name: "oil", from: Self.day, to: to, step: 60 * Self.s, pending: held)
        #expect(minutes.count == 120)
        #expect(minutes.allSatisfy { $0.aggregate.count == 6 })
        #expect(minutes[30].aggregate.last == 30)
        let raw = try store.history(
            machine: "m1", name: "oil", from: Self.day + 30 * 60 * Self.s, to: Self.day + 31 * 60 * Self.s, step: 10 * Self.s, pending: [])
        #expect(raw.count == 6)
        try store.write(e.drainChanges())
        #expect(
            try store.history(machine: "m1", name: "oil", from: Self.day, to: to, step: 3600 * Self.s, pending: []).map(\.aggregate.count) == [
                360, 360,
            ])
    }

    @Test func eachTierIsTrimmedToItsRetention() throws {
        let store = try FloorStore(path: tempPath())
        var e = try twoHours(store)
        try store.write(e.drainChanges())
        let to = Self.day + 2 * 3600 * Self.s
        // As of 00:00 the next day, raw kept for 23 h 30 m, minutes for 23 h, hours for 2 years.
        let now = Self.day + 24 * 3600 * Self.s
        let removed = try store.pruneHistory(HistoryRetention(raw: 23.5 * 3600, minute: 23 * 3600, hour: 2 * 365 * 86400), now: now)
        // Minutes go by the hour they are packed in.
        #expect(removed == 30 + 1)
        #expect(try store.history(machine: "m1", name: "oil", from: Self.day, to: to, step: 10 * Self.s, pending: []).count == 540)
        #expect(try store.history(machine: "m1", name: "oil", from: Self.day, to: to, step: 60 * Self.s, pending: []).count == 60)
        #expect(try store.history(machine: "m1", name: "oil", from: Self.day, to: to, step: 3600 * Self.s, pending: []).count == 2)
    }
}
