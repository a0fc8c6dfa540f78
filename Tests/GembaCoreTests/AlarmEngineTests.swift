import GembaCore
import Testing

struct AlarmEngineTests {
    let s = Nanos.perSecond
    static let t0: Timestamp = 1_795_478_400 * Nanos.perSecond

    func limitAlarm(onDelay: Seconds = 0, offDelay: Seconds = 0, latching: Bool = false) -> AlarmDefinition {
        AlarmDefinition(
            id: "hot", machine: "m1", condition: .limit(value: "oil_temp", kind: .hi, limit: 80, deadband: 2), priority: .high,
            message: "hot", latching: latching, onDelay: onDelay, offDelay: offDelay)
    }

    func value(_ v: Double, _ t: Timestamp) -> [ProcessValue] { [ProcessValue(name: "oil_temp", value: v, at: t)] }

    func machine(_ state: MachineState, since: Timestamp, reported: Bool = true) -> MachineLive {
        var m = MachineLive(id: "m1", since: since)
        m.state = state
        if reported { m.lastSeen = since }
        return m
    }

    @Test func aLimitActivatesAboveAndClearsOnlyPastTheDeadband() {
        var e = AlarmEngine(definitions: [limitAlarm()], now: Self.t0)
        e.observe(machine: "m1", values: value(80, Self.t0), at: Self.t0)
        #expect(e.record("hot")?.state == .normal, "at the limit is not above it")
        e.observe(machine: "m1", values: value(80.5, Self.t0 + s), at: Self.t0 + s)
        #expect(e.record("hot")?.state == .unacknowledged)
        e.observe(machine: "m1", values: value(78.5, Self.t0 + 2 * s), at: Self.t0 + 2 * s)
        #expect(e.record("hot")?.active == true, "inside the deadband it stays active")
        e.observe(machine: "m1", values: value(77.9, Self.t0 + 3 * s), at: Self.t0 + 3 * s)
        #expect(e.record("hot")?.state == .returnedUnacknowledged)
        let (ts, _) = e.drain()
        #expect(ts.map(\.cause) == ["activated", "cleared"])
        #expect(ts[0].value == 80.5)
    }

    @Test func onAndOffDelaysHoldTheConditionBack() {
        var e = AlarmEngine(definitions: [limitAlarm(onDelay: 5, offDelay: 3)], now: Self.t0)
        e.observe(machine: "m1", values: value(85, Self.t0), at: Self.t0)
        e.tick(now: Self.t0 + 4 * s, machines: [])
        #expect(e.record("hot")?.active == false)
        e.tick(now: Self.t0 + 5 * s, machines: [])
        #expect(e.record("hot")?.active == true)
        // A dip shorter than the off delay does not clear it.
        e.observe(machine: "m1", values: value(70, Self.t0 + 6 * s), at: Self.t0 + 6 * s)
        e.tick(now: Self.t0 + 8 * s, machines: [])
        e.observe(machine: "m1", values: value(85, Self.t0 + 8 * s), at: Self.t0 + 8 * s)
        e.tick(now: Self.t0 + 20 * s, machines: [])
        #expect(e.record("hot")?.active == true)
        e.observe(machine: "m1", values: value(70, Self.t0 + 21 * s), at: Self.t0 + 21 * s)
        e.tick(now: Self.t0 + 24 * s, machines: [])
        #expect(e.record("hot")?.active == false)
        // A blip shorter than the on delay never activates.
        e.observe(machine: "m1", values: value(85, Self.t0 + 30 * s), at: Self.t0 + 30 * s)
        e.observe(machine: "m1", values: value(70, Self.t0 + 32 * s), at: Self.t0 + 32 * s)
        e.tick(now: Self.t0 + 40 * s, machines: [])
        #expect(e.drain().transitions.filter { $0.cause == "activated" }.count == 1)
    }

    @Test func aMachineDownLongerThanTheLimitAndCommLoss() {
        let defs = [
            AlarmDefinition(id: "long", machine: "m1", condition: .stateLonger(state: .down, longerThan: 600), priority: .medium, message: "x"),
            AlarmDefinition(id: "lost", machine: "m1", condition: .commLoss, priority: .high, message: "y"),
        ]
        var e = AlarmEngine(definitions: defs, now: Self.t0)
        e.tick(now: Self.t0, machines: [machine(.offline, since: Self.t0, reported: false)])
        #expect(e.record("lost")?.state == .normal, "a machine that never reported is not lost")
        e.tick(now: Self.t0 + 599 * s, machines: [machine(.down, since: Self.t0)])
        #expect(e.record("long")?.state == .normal)
        e.tick(now: Self.t0 + 600 * s, machines: [machine(.down, since: Self.t0)])
        #expect(e.record("long")?.state == .unacknowledged)
        e.tick(now: Self.t0 + 700 * s, machines: [machine(.offline, since: Self.t0 + 650 * s)])
        #expect(e.record("long")?.state == .returnedUnacknowledged)
        #expect(e.record("lost")?.state == .unacknowledged)
    }

    @Test func rejectRateOverTheWindow() {
        let d = AlarmDefinition(
            id: "rej", machine: "m1", condition: .rejectRate(limit: 0.05, window: 600, minCount: 20), priority: .low, message: "r")
        var e = AlarmEngine(definitions: [d], now: Self.t0)
        e.observeCounts(machine: "m1", total: 10, reject: 5, at: Self.t0)
        e.tick(now: Self.t0 + s, machines: [])
        #expect(e.record("rej")?.active == false, "too few parts to judge")
        e.observeCounts(machine: "m1", total: 30, reject: 0, at: Self.t0 + 60 * s)
        e.tick(now: Self.t0 + 61 * s, machines: [])
        #expect(e.record("rej")?.active == true, "5 of 40 is 12.5 %")
        e.observeCounts(machine: "m1", total: 100, reject: 0, at: Self.t0 + 660 * s)
        e.tick(now: Self.t0 + 661 * s, machines: [])
        #expect(e.record("rej")?.active == false, "the bad parts left the window")
    }

    @Test func timedShelvesExpireOnTheirOwnAndOneShotsAtTheClear() throws {
        var e = AlarmEngine(definitions: [limitAlarm()], maximumShelve: 3600, now: Self.t0)
        e.observe(machine: "m1", values: value(90, Self.t0), at: Self.t0)
        #expect(throws: AlarmActionError.self) {
            try e.act(.shelve(until: Self.t0 + 7200 * s), on: "hot", user: "alice", comment: "x", at: Self.t0)
        }
        let done = try e.act(.shelve(until: Self.t0 + 1800 * s), on: "hot", user: "alice", comment: "sensor check", at: Self.t0)
        #expect(done.after.state == .shelved)
        #expect(done.after.shelveReason == "sensor check")
        #expect(done.transition.user == "alice")
        e.tick(now: Self.t0 + 1799 * s, machines: [])
        #expect(e.record("hot")?.state == .shelved)
        e.tick(now: Self.t0 + 1800 * s, machines: [])
        #expect(e.record("hot")?.state == .unacknowledged, "expired while still hot: a new occurrence")
        #expect(e.drain().transitions.last?.cause == "shelve expired")
        _ = try e.act(.shelve(until: nil), on: "hot", user: "alice", comment: "until it cools", at: Self.t0 + 1801 * s)
        e.observe(machine: "m1", values: value(60, Self.t0 + 1900 * s), at: Self.t0 + 1900 * s)
        #expect(e.record("hot")?.state == .returnedUnacknowledged, "back at the clear, still unacknowledged: shelving is not acknowledging")
    }

    @Test func aShelvedUnacknowledgedAlarmThatClearedComesBackUnacknowledgedAfterARestart() throws {
        var e = AlarmEngine(definitions: [limitAlarm()], now: Self.t0)
        e.observe(machine: "m1", values: value(90, Self.t0), at: Self.t0)
        _ = try e.act(.shelve(until: Self.t0 + 1800 * s), on: "hot", user: "alice", comment: "cooler swap", at: Self.t0 + s)
        e.observe(machine: "m1", values: value(60, Self.t0 + 2 * s), at: Self.t0 + 2 * s)
        #expect(e.record("hot")?.state == .shelved)
        #expect(e.record("hot")?.hiddenFrom == .unacknowledged)
        let saved = try #require(e.record("hot"))
        var restarted = AlarmEngine(definitions: [limitAlarm()], restoring: [saved], now: Self.t0 + 3 * s)
        _ = try restarted.act(.unshelve, on: "hot", user: "alice", comment: nil, at: Self.t0 + 4 * s)
        #expect(restarted.record("hot")?.state == .returnedUnacknowledged)
    }

    @Test func aLatchedAlarmWaitsForAcknowledgeAndReset() throws {
        var e = AlarmEngine(definitions: [limitAlarm(latching: true)], now: Self.t0)
        e.observe(machine: "m1", values: value(90, Self.t0), at: Self.t0)
        e.observe(machine: "m1", values: value(60, Self.t0 + s), at: Self.t0 + s)
        #expect(e.record("hot")?.state == .latched)
        #expect(throws: AlarmActionError.self) { try e.act(.reset, on: "hot", user: "bob", comment: nil, at: Self.t0 + 2 * s) }
        _ = try e.act(.acknowledge, on: "hot", user: "bob", comment: "seen", at: Self.t0 + 3 * s)
        #expect(e.record("hot")?.state == .latched)
        _ = try e.act(.reset, on: "hot", user: "bob", comment: nil, at: Self.t0 + 4 * s)
        #expect(e.record("hot")?.state == .normal)
    }

    @Test func suppressionFollowsTheMachineState() {
        var d = limitAlarm()
        d.suppressWhen = [.plannedStop]
        var e = AlarmEngine(definitions: [d], now: Self.t0)
        e.tick(now: Self.t0, machines: [machine(.plannedStop, since: Self.t0)])
        #expect(e.record("hot")?.state == .suppressed)
        e.observe(machine: "m1", values: value(90, Self.t0 + s), at: Self.t0 + s)
        #expect(e.record("hot")?.state == .suppressed)
        e.tick(now: Self.t0 + 2 * s, machines: [machine(.running, since: Self.t0 + 2 * s)])
        #expect(e.record("hot")?.state == .unacknowledged)
    }

    @Test func occurrencesAreFoundByNumber() throws {
        var e = AlarmEngine(definitions: [limitAlarm()], lastOccurrence: 41, now: Self.t0)
        e.observe(machine: "m1", values: value(90, Self.t0), at: Self.t0)
        #expect(e.record("hot")?.occurrence == 42)
        let done = try e.act(.acknowledge, on: "#42", user: "alice", comment: nil, at: Self.t0 + s)
        #expect(done.after.state == .acknowledged)
        #expect(throws: AlarmActionError.self) { try e.act(.acknowledge, on: "nope", user: "alice", comment: nil, at: Self.t0) }
    }

    /// Flood: more than 10 activations in 10 minutes; it ends once fewer than 5 remain in the last 10.
    @Test func floodStartsAboveTenAndEndsBelowFive() {
        let defs = (0..<12).map { i in
            AlarmDefinition(
                id: "a\(i)", machine: "m1", condition: .limit(value: "v\(i)", kind: .hi, limit: 1, deadband: 0), priority: i < 2 ? .critical : .low,
                message: "")
        }
        var e = AlarmEngine(definitions: defs, now: Self.t0)
        for i in 0..<10 {
            e.observe(machine: "m1", values: [ProcessValue(name: "v\(i)", value: 2, at: 0)], at: Self.t0 + Int64(i) * 10 * s)
        }
        e.tick(now: Self.t0 + 100 * s, machines: [])
        #expect(!e.kpis(now: Self.t0 + 100 * s).flood, "10 is not more than 10")
        e.observe(machine: "m1", values: [ProcessValue(name: "v10", value: 2, at: 0)], at: Self.t0 + 110 * s)
        e.tick(now: Self.t0 + 110 * s, machines: [])
        let k = e.kpis(now: Self.t0 + 110 * s)
        #expect(k.flood)
        #expect(k.floodSince == ISOTime.format(Self.t0 + 110 * s))
        #expect(k.lastTenMinutes == 11)
        #expect(k.priorities["critical"] == 2)
        #expect(k.priorities["low"] == 9)
        // Activations were at 0, 10, ..., 90 and 110 s: the count in the trailing 10 minutes falls as time passes.
        e.tick(now: Self.t0 + 640 * s, machines: [])
        #expect(e.inFlood, "6 in the last 10 minutes: still a flood (it ends below 5)")
        e.tick(now: Self.t0 + 665 * s, machines: [])
        #expect(!e.inFlood, "4 left in the last 10 minutes")
    }

    @Test func chatteringIsThreeActivationsWithinAMinute() {
        var e = AlarmEngine(definitions: [limitAlarm()], now: Self.t0)
        for k in 0..<3 {
            e.observe(machine: "m1", values: value(90, 0), at: Self.t0 + Int64(k) * 25 * s)
            e.observe(machine: "m1", values: value(60, 0), at: Self.t0 + Int64(k) * 25 * s + s)
        }
        let k = e.kpis(now: Self.t0 + 60 * s)
        #expect(k.chattering == ["hot"])
        #expect(k.topTen == [AlarmCount(definition: "hot", count: 3)])
        var slow = AlarmEngine(definitions: [limitAlarm()], now: Self.t0)
        for k in 0..<3 {
            slow.observe(machine: "m1", values: value(90, 0), at: Self.t0 + Int64(k) * 31 * s)
            slow.observe(machine: "m1", values: value(60, 0), at: Self.t0 + Int64(k) * 31 * s + s)
        }
        #expect(slow.kpis(now: Self.t0 + 100 * s).chattering.isEmpty, "3 in 62 s is not chattering")
    }

    @Test func anAlarmActiveForADayIsStale() {
        var e = AlarmEngine(definitions: [limitAlarm()], now: Self.t0)
        e.observe(machine: "m1", values: value(90, 0), at: Self.t0)
        #expect(e.kpis(now: Self.t0 + 86_400 * s).stale.isEmpty)
        #expect(e.kpis(now: Self.t0 + 86_401 * s).stale == ["hot"])
    }
}
