import GembaCore
import GembaPlantFile
import Testing

struct FloorEngineTests {
    let plant = try! PlantConfigLoader.load(yaml: PlantConfigLoaderTests.example, file: "t")
    let base: Timestamp = 1_764_050_400 * Nanos.perSecond  // 2025-11-25T06:00:00Z, start of shift A
    func s(_ seconds: Int64) -> Timestamp { base + seconds * Nanos.perSecond }

    @Test func stateChangesCloseIntervalsAtTheSampleTime() throws {
        var e = FloorEngine(plant: plant, now: s(0))
        try e.apply(TelemetrySample(machine: 0, timestamp: s(0), state: .running), receivedAt: s(0))
        try e.apply(TelemetrySample(machine: 0, timestamp: s(10), state: .running), receivedAt: s(10))
        try e.apply(TelemetrySample(machine: 0, timestamp: s(20), state: .down, reason: "jam"), receivedAt: s(20))
        let c = e.drainChanges()
        #expect(c.closedIntervals == [StateInterval(machine: "press-01", state: .running, reason: nil, start: s(0), end: s(20))])
        #expect(e.machines[0].state == .down)
        #expect(e.machines[0].reason == "jam")
        #expect(e.machines[0].since == s(20))
        #expect(c.changedMachines.map(\.id) == ["press-01"])
    }

    /// Tryout: a reason sent by itself (an HMI reporting by exception, by line protocol or
    /// Sparkplug B) was dropped; docs/telemetry.md says a change of reason closes the interval.
    @Test func aReasonAloneChangesTheReasonOfTheStateTheMachineIsIn() throws {
        var e = FloorEngine(plant: plant, now: s(0))
        try e.apply(TelemetrySample(machine: 0, timestamp: s(0), state: .down, reason: "jam"), receivedAt: s(0))
        try e.apply(TelemetrySample(machine: 0, timestamp: s(30), reason: "tool_change"), receivedAt: s(30))
        try e.apply(TelemetrySample(machine: 0, timestamp: s(40), reason: "tool_change"), receivedAt: s(40))
        #expect(e.machines[0].state == .down && e.machines[0].reason == "tool_change" && e.machines[0].since == s(30))
        #expect(e.drainChanges().closedIntervals == [StateInterval(machine: "press-01", state: .down, reason: "jam", start: s(0), end: s(30))])
    }

    @Test func countersCountIncreasesAndSurviveResets() throws {
        var e = FloorEngine(plant: plant, now: s(0))
        try e.apply(TelemetrySample(machine: 1, timestamp: s(0), countTotal: 1000, countReject: 10), receivedAt: s(0))
        try e.apply(TelemetrySample(machine: 1, timestamp: s(30), countTotal: 1042, countReject: 12), receivedAt: s(30))
        // The PLC resets its counter: 5 new parts since the reset.
        try e.apply(TelemetrySample(machine: 1, timestamp: s(70), countTotal: 5, countReject: 0), receivedAt: s(70))
        #expect(e.machines[1].shiftTotal == 47)
        #expect(e.machines[1].shiftReject == 2)
        #expect(e.machines[1].countTotal == 5)
        let c = e.drainChanges()
        let m0 = Nanos.minute(s(0))
        #expect(
            c.minuteCounts == [
                MinuteCount(machine: "press-02", minute: m0, total: 42, reject: 2),
                MinuteCount(machine: "press-02", minute: m0 + 1, total: 5, reject: 0),
            ])
    }

    @Test func silenceIsOfflineFromTheLastSample() throws {
        var e = FloorEngine(plant: plant, now: s(0))
        try e.apply(TelemetrySample(machine: 0, timestamp: s(0), state: .running), receivedAt: s(0))
        try e.apply(TelemetrySample(machine: 0, timestamp: s(5), countTotal: 1), receivedAt: s(5))
        e.checkCommLoss(now: s(30))
        #expect(e.machines[0].state == .running)
        e.checkCommLoss(now: s(36))
        #expect(e.machines[0].state == .offline)
        #expect(e.machines[0].since == s(5))
        try e.apply(TelemetrySample(machine: 0, timestamp: s(100), countTotal: 2), receivedAt: s(100))
        #expect(e.machines[0].state == .running)
        let c = e.drainChanges()
        #expect(c.closedIntervals.map(\.state) == [.running, .offline])
        #expect(c.closedIntervals.last?.start == s(5))
        #expect(c.closedIntervals.last?.end == s(100))
    }

    @Test func backfillGapCountsAsOffline() throws {
        var e = FloorEngine(plant: plant, now: s(10_000))
        try e.apply(TelemetrySample(machine: 0, timestamp: s(0), state: .idle), receivedAt: s(10_000))
        try e.apply(TelemetrySample(machine: 0, timestamp: s(100), state: .running), receivedAt: s(10_000))
        let c = e.drainChanges()
        #expect(
            c.closedIntervals
                == [
                    StateInterval(machine: "press-01", state: .idle, reason: nil, start: s(0), end: s(0)),
                    StateInterval(machine: "press-01", state: .offline, reason: nil, start: s(0), end: s(100)),
                ].filter { $0.end > $0.start })
    }

    @Test func samplesGoingBackInTimeAreRefused() throws {
        var e = FloorEngine(plant: plant, now: s(0))
        try e.apply(TelemetrySample(machine: 0, timestamp: s(10), state: .running), receivedAt: s(10))
        #expect(throws: FloorEngine.Rejection.self) {
            try e.apply(TelemetrySample(machine: 0, timestamp: s(5), state: .idle), receivedAt: s(11))
        }
        #expect(e.machines[0].state == .running)
    }

    @Test func sameSamplesGiveTheSameState() throws {
        func run() throws -> ([MachineLive], EngineChanges) {
            var e = FloorEngine(plant: plant, now: s(0))
            for k in 0..<200 {
                let state: MachineState = k % 7 == 0 ? .down : (k % 5 == 0 ? .setup : .running)
                try e.apply(
                    TelemetrySample(machine: k % 2, timestamp: s(Int64(k * 3)), state: state, countTotal: Int64(k * 2)),
                    receivedAt: s(Int64(k * 3)))
            }
            return (e.machines, e.drainChanges())
        }
        let a = try run()
        let b = try run()
        #expect(a.0 == b.0)
        #expect(a.1 == b.1)
    }

    @Test func reasonChangeWithinDownIsANewInterval() throws {
        var e = FloorEngine(plant: plant, now: s(0))
        try e.apply(TelemetrySample(machine: 0, timestamp: s(0), state: .down, reason: "jam"), receivedAt: s(0))
        try e.apply(TelemetrySample(machine: 0, timestamp: s(5), state: .down), receivedAt: s(5))
        #expect(e.machines[0].reason == "jam")
        try e.apply(TelemetrySample(machine: 0, timestamp: s(9), state: .down, reason: "tool"), receivedAt: s(9))
        #expect(e.drainChanges().closedIntervals.map(\.reason) == ["jam"])
    }
}
