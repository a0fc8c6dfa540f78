import Foundation
import GembaCore
import GembaStore
import Testing

/// A database that holds samples stamped far ahead of the clock (kept by a daemon that
/// took such lines) is repaired at start; a machine is reset by an operator.
struct TimestampRepairTests {
    let plant = FloorStoreTests.plant
    /// The daemon's clock: 2026-12-01T02:35:00Z, in shift A (00:00–12:00).
    let now: Timestamp = 1_796_092_500 * Nanos.perSecond
    let future: Timestamp = 2_111_443_200 * Nanos.perSecond  // 2036-11-28T00:00:00Z
    var until: Timestamp { now + 5 * Nanos.perMinute }
    func min(_ m: Int64) -> Timestamp { now + m * Nanos.perMinute }

    /// m1 reports sanely, then twice ten years ahead; m2's only sample is ten years ahead.
    func storeWithFutureSamples() throws -> FloorStore {
        let store = try FloorStore(path: TestDatabases.path())
        try store.syncPlant(plant)
        var e = FloorEngine(plant: plant, now: min(-20))
        try e.apply(TelemetrySample(machine: 0, timestamp: min(-10), state: .running, countTotal: 100), receivedAt: min(-10))
        try e.apply(TelemetrySample(machine: 0, timestamp: min(-5), state: .down, reason: "jam", countTotal: 110), receivedAt: min(-5))
        try e.apply(
            TelemetrySample(
                machine: 0, timestamp: future, state: .idle, countTotal: 500,
                processValues: [ProcessValue(name: "oil_temp", value: 70, at: future)]), receivedAt: min(-4))
        try e.apply(TelemetrySample(machine: 0, timestamp: future + Nanos.perMinute, state: .running, countTotal: 510), receivedAt: min(-3))
        try e.apply(TelemetrySample(machine: 1, timestamp: future, state: .running), receivedAt: min(-3))
        try store.write(e.drainChanges())
        // As the old daemon left it: the machine refuses every line of the present.
        var stuck = FloorEngine(plant: plant, restoring: try store.loadLive(), now: now)
        #expect(throws: FloorEngine.Rejection.self) {
            try stuck.apply(TelemetrySample(machine: 0, timestamp: now, state: .running), receivedAt: now)
        }
        return store
    }

    @Test func futureRowsAreRemovedAndTheMachineAcceptsDataAgain() throws {
        let store = try storeWithFutureSamples()
        let shift = ShiftCalendar(shifts: plant.shifts, timezone: plant.timezone).shift(at: now)
        let repairs = try store.repairTimestamps(until: until, currentShift: shift)
        #expect(repairs.map(\.machine) == ["m1", "m2"])
        let m1 = repairs[0]
        #expect(m1.futureIntervals == 1)
        #expect(m1.futureMinutes == 2)
        #expect(m1.futureValues == 1)
        #expect(m1.latest == future + Nanos.perMinute)
        // Ten years of silence: the engine counted them offline from m1's last sound sample on.
        #expect(m1.reopened == StateInterval(machine: "m1", state: .offline, reason: nil, start: min(-5), end: future))
        #expect(
            m1.description
                == "m1: removed 1 interval, 2 minute counts and 1 process value stamped after 2026-12-01T02:40:00Z (up to 2036-11-28T00:01:00Z), ahead of the clock; it goes on offline since 2026-12-01T02:30:00Z (that interval reopened); its next counter report is the new baseline"
        )
        #expect(
            repairs[1].description
                == "m2: its live state was stamped after 2026-12-01T02:40:00Z (up to 2036-11-28T00:00:00Z), ahead of the clock; nothing of it is left: it starts as never reported"
        )

        // What is kept: the sound history, the reopened interval as the live state, the shift's counts.
        #expect(
            try store.intervals(machine: "m1", from: 0, to: .max) == [
                StateInterval(machine: "m1", state: .running, reason: nil, start: min(-10), end: min(-5))
            ])
        #expect(try store.counts(machine: "m1", fromMinute: 0, toMinute: .max).total == 10)
        let live = try store.loadLive()
        let l1 = try #require(live.first { $0.id == "m1" })
        #expect(l1.state == .offline)
        #expect(l1.since == min(-5))
        #expect(l1.lastSeen == min(-5))
        #expect(l1.countTotal == nil)
        #expect(l1.shiftStart == shift?.start)
        #expect(l1.shiftTotal == 10)
        #expect(l1.processValues.isEmpty)
        #expect(live.first { $0.id == "m2" } == nil)

        // The machines take the present again.
        var e = FloorEngine(plant: plant, restoring: live, now: now)
        try e.apply(TelemetrySample(machine: 0, timestamp: now, state: .running, countTotal: 3), receivedAt: now)
        try e.apply(TelemetrySample(machine: 1, timestamp: now, state: .idle), receivedAt: now)
        let c = e.drainChanges()
        #expect(c.closedIntervals == [StateInterval(machine: "m1", state: .offline, reason: nil, start: min(-5), end: now)])
        #expect(e.machines[0].state == .running)
        // Nothing is left to repair.
        #expect(try store.repairTimestamps(until: until, currentShift: shift).isEmpty)
    }

    /// A stamp before 1970 (as a line dated -9223372036854775806 left it) goes too.
    @Test func rowsBefore1970AreRemoved() throws {
        let store = try FloorStore(path: TestDatabases.path())
        try store.syncPlant(plant)
        try store.unsafeExecuteForTests(
            """
            INSERT INTO machine_live(machine_id, state, since, last_seen, last_received, count_total, shift_total, shift_reject)
              VALUES ('m1', 'running', -9223372036854775806, -9223372036854775806, \(now), 0, 0, 0);
            INSERT INTO state_interval(machine_id, state, start_ns, end_ns) VALUES ('m2', 'idle', -5000000000, \(min(-1)));
            """)
        let repairs = try store.repairTimestamps(until: until, currentShift: nil)
        #expect(
            repairs.map(\.description) == [
                "m1: its live state was stamped before 1970-01-01T00:00:00Z (down to -9223372036854775806 ns), out of range; nothing of it is left: it starts as never reported",
                "m2: removed 1 interval stamped before 1970-01-01T00:00:00Z (down to 1969-12-31T23:59:55Z), out of range",
            ])
        #expect(try store.loadLive().isEmpty)
        #expect(try store.intervalCount() == 0)
    }

    /// `gemba machine reset`: the live state goes and the audit record comes in one
    /// transaction; a failed audit write leaves the machine as it was.
    @Test func resetClearsTheLiveStateAndAuditsInOneTransaction() throws {
        let store = try FloorStore(path: TestDatabases.path())
        try store.syncPlant(plant)
        var e = FloorEngine(plant: plant, now: now)
        try e.apply(
            TelemetrySample(
                machine: 0, timestamp: min(-2), state: .running, countTotal: 7,
                processValues: [ProcessValue(name: "oil_temp", value: 70, at: min(-2))]), receivedAt: min(-2))
        try e.apply(TelemetrySample(machine: 0, timestamp: min(-1), state: .down), receivedAt: min(-1))
        try e.apply(TelemetrySample(machine: 1, timestamp: min(-1), state: .idle), receivedAt: min(-1))
        try store.write(e.drainChanges())
        let audit = AuditRecord(
            seq: 0, at: now, user: "lead", uid: 1000, role: "supervisor", action: "reset_machine", object: "machine:m1",
            before: "down since 2026-12-01T02:34:00Z", after: "never reported", comment: "PLC swapped", outcome: "ok")

        // A failing audit write: nothing changes.
        try store.unsafeExecuteForTests("CREATE TRIGGER no_audit BEFORE INSERT ON audit BEGIN SELECT RAISE(ABORT, 'audit refused'); END")
        #expect(throws: (any Error).self) { try store.resetMachine("m1", audit: audit) }
        #expect(try store.loadLive().first { $0.id == "m1" }?.state == .down)
        try store.unsafeExecuteForTests("DROP TRIGGER no_audit")

        let stored = try store.resetMachine("m1", audit: audit)
        #expect(stored.seq == 1)
        #expect(try store.auditRecords().map(\.action) == ["reset_machine"])
        #expect(try store.verifyAudit().ok)
        let live = try store.loadLive()
        #expect(live.map(\.id) == ["m2"])
        // History stays.
        #expect(try store.intervals(machine: "m1", from: 0, to: .max).count == 1)
        // A daemon restarted on it starts m1 as never reported, and takes any time from it.
        var e2 = FloorEngine(plant: plant, restoring: live, now: now)
        #expect(!e2.machines[0].hasReported)
        try e2.apply(TelemetrySample(machine: 0, timestamp: min(-30), state: .idle), receivedAt: now)
    }
}
