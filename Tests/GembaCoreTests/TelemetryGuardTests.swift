import Foundation
import GembaCore
import GembaPlantFile
import Testing

/// Lines that once stuck a machine for good or killed the daemon, through the real
/// decoder, interpreter and engine: each is refused with its reason, and the next
/// sane line is taken.
struct TelemetryGuardTests {
    static let yaml = PlantConfigLoaderTests.example
    let plant = try! PlantConfigLoader.load(yaml: Self.yaml, file: "t")
    /// The daemon's clock in these tests: 2026-12-01T02:35:00Z.
    let now: Timestamp = 1_796_092_500 * Nanos.perSecond

    enum Outcome: Equatable {
        case accepted
        case ignored
        case refused(String)
    }

    /// Feeds each line, received at `receivedAt` (the daemon's clock), through decoder,
    /// interpreter and engine, as the daemon does; returns what became of each.
    static func feed(_ lines: [String], into engine: inout FloorEngine, plant: PlantConfig, receivedAt: Timestamp) -> [Outcome] {
        let interpreter = TelemetryInterpreter(plant: plant)
        var decoder = LineProtocolDecoder()
        var out: [Outcome] = []
        for line in lines {
            let bytes = Array((line + "\n").utf8)
            bytes.withUnsafeBufferPointer { buf in
                switch decoder.decodeLine(buf, from: 0, isFinal: true) {
                case .point:
                    switch interpreter.interpret(decoder, in: buf, lineStart: 0, receivedAt: receivedAt) {
                    case .sample(let s):
                        do throws(FloorEngine.Rejection) {
                            try engine.apply(s, receivedAt: receivedAt)
                            out.append(.accepted)
                        } catch {
                            out.append(.refused(error.description))
                        }
                    case .ignored: out.append(.ignored)
                    case .rejected(_, let reason): out.append(.refused(reason))
                    }
                case .error(let e, _): out.append(.refused(e.reason))
                case .empty, .incomplete: out.append(.ignored)
                }
            }
        }
        return out
    }

    func feed(_ lines: [String], into engine: inout FloorEngine, receivedAt: Timestamp? = nil) -> [Outcome] {
        Self.feed(lines, into: &engine, plant: plant, receivedAt: receivedAt ?? now)
    }

    // MARK: Clock skew (issue 10 §3)

    @Test func aLineTenYearsAheadIsRefusedAndTheMachineGoesOn() {
        var e = FloorEngine(plant: plant, now: now)
        let future: Timestamp = 2_111_443_200 * Nanos.perSecond  // 2036-11-28T00:00:00Z
        let out = feed(
            [
                "machine,machine=press-01 state=\"running\",count_total=10i \(now - 60 * Nanos.perSecond)",
                "machine,machine=press-01 state=\"down\",count_total=20i \(future)",
                "machine,machine=press-01 state=\"idle\",count_total=12i \(now)",
            ], into: &e)
        #expect(
            out == [
                .accepted,
                .refused("timestamp 2036-11-28T00:00:00Z is 10 y ahead of the daemon's clock (max_clock_skew 5m)"),
                .accepted,
            ])
        #expect(e.machines[0].state == .idle)
        #expect(e.machines[0].lastSeen == now)
        #expect(e.machines[0].countTotal == 12)
    }

    @Test func theSkewIsTheLimitAndTheFileSetsIt() throws {
        var e = FloorEngine(plant: plant, now: now)
        let out = feed(
            [
                "machine,machine=press-01 state=\"running\" \(now + 5 * Nanos.perMinute)",
                "machine,machine=press-01 state=\"down\" \(now + 5 * Nanos.perMinute + 1)",
                "process,machine=press-02 oil_temp=70 \(now + 3 * 3600 * Nanos.perSecond)",
                "cpu,host=a usage=3 \(now + 3 * 3600 * Nanos.perSecond)",
            ], into: &e)
        #expect(
            out == [
                .accepted,
                .refused("timestamp 2026-12-01T02:40:00Z is 5 min ahead of the daemon's clock (max_clock_skew 5m)"),
                .refused("timestamp 2026-12-01T05:35:00Z is 3 h ahead of the daemon's clock (max_clock_skew 5m)"),
                .ignored,
            ])
        let tight = try PlantConfigLoader.load(yaml: Self.yaml + "\nmax_clock_skew: 2s\n", file: "t")
        #expect(tight.maxClockSkew == 2)
        var e2 = FloorEngine(plant: tight, now: now)
        #expect(
            Self.feed(["machine,machine=press-01 state=\"idle\" \(now + 3 * Nanos.perSecond)"], into: &e2, plant: tight, receivedAt: now)
                == [.refused("timestamp 2026-12-01T02:35:03Z is 3 s ahead of the daemon's clock (max_clock_skew 2s)")])
    }

    @Test func maxClockSkewIsADurationWithItsPlaceOnError() throws {
        #expect(try PlantConfigLoader.load(yaml: Self.yaml, file: "p").maxClockSkew == 300)
        #expect(try PlantConfigLoader.load(yaml: Self.yaml + "\nmax_clock_skew: 1h\n", file: "p").maxClockSkew == 3600)
        let bad = errors(Self.yaml + "\nmax_clock_skew: soon\n")
        #expect(bad.count == 1)
        #expect(bad.first?.description.hasPrefix("plant.yaml:19:17: bad duration for max_clock_skew") == true)
        #expect(errors(Self.yaml + "\nmax_clock_skew: 0s\n").first?.message == "max_clock_skew must be longer than zero")
    }

    func errors(_ yaml: String) -> [ConfigError] {
        do {
            _ = try PlantConfigLoader.load(yaml: yaml, file: "plant.yaml")
            return []
        } catch {
            return error.errors
        }
    }
}

// MARK: Counters and timestamps at the ends of Int64 (issue 12)

extension TelemetryGuardTests {
    @Test func aCounterJumpingToInt64MaxIsRefusedAndReBaselined() {
        var e = FloorEngine(plant: plant, now: now)
        let out = feed(
            [
                "machine,machine=press-01 state=\"running\",count_total=0i \(now - 10 * Nanos.perSecond)",
                "machine,machine=press-01 count_total=9223372036854775807i \(now - 9 * Nanos.perSecond)",
                "machine,machine=press-01 count_total=7i \(now - 8 * Nanos.perSecond)",
                "machine,machine=press-01 count_total=9i \(now - 7 * Nanos.perSecond)",
            ], into: &e)
        // press-01's ideal cycle is 2 s: 100 times its rate is 50/s, over at least 60 s.
        #expect(
            out == [
                .accepted,
                .refused(
                    "count_total jumped from 0 to 9223372036854775807 in 1 s, more than max_counter_rate 50/s allows (3000); line refused, the counter's next report is its new baseline"
                ),
                .accepted,
                .accepted,
            ])
        // The report after the refused one is the new baseline: 2 parts counted since.
        #expect(e.machines[0].countTotal == 9)
        #expect(e.machines[0].shiftTotal == 2)
        #expect(e.drainChanges().minuteCounts.map(\.total).reduce(0, +) == 2)
    }

    @Test func aCounterResetToAnAbsurdValueIsRefusedToo() {
        var e = FloorEngine(plant: plant, now: now)
        let out = feed(
            [
                "machine,machine=press-01 count_total=9223372036854775807i,count_reject=5i \(now - 10 * Nanos.perSecond)",
                "machine,machine=press-01 count_total=9223372036854775806i,count_reject=6i \(now - 9 * Nanos.perSecond)",
                "machine,machine=press-01 count_total=100i,count_reject=7i \(now - 8 * Nanos.perSecond)",
            ], into: &e)
        #expect(out[0] == .accepted)
        guard case .refused(let reason) = out[1] else {
            Issue.record("\(out[1])")
            return
        }
        #expect(reason.hasPrefix("count_total jumped from 9223372036854775807 to 9223372036854775806 in 1 s"))
        #expect(out[2] == .accepted)
        #expect(e.machines[0].shiftTotal == 0)
        #expect(e.machines[0].shiftReject == 2)
    }

    @Test func maxCounterRateIsSetPerPlantAndPerMachine() throws {
        let yaml =
            Self.yaml
            .replacingOccurrences(
                of: "{ id: press-02, name: Press 02, ideal_cycle_time: 2.0 }",
                with: "{ id: press-02, name: Press 02, ideal_cycle_time: 2.0, max_counter_rate: 1/s }")
            + "\nmax_counter_rate: 3000/min\n"
        let p = try PlantConfigLoader.load(yaml: yaml, file: "p")
        #expect(p.maxCounterRate == 50)
        #expect(p.machines[1].maxCounterRate == 1)
        #expect(p.machines[0].counterRateLimit(plant: p.maxCounterRate) == 50)
        #expect(p.machines[1].counterRateLimit(plant: p.maxCounterRate) == 1)
        #expect(plant.machines[0].counterRateLimit(plant: nil) == 50)
        var e = FloorEngine(plant: p, now: now)
        let out = Self.feed(
            [
                "machine,machine=press-02 count_total=0i \(now - 200 * Nanos.perSecond)",
                "machine,machine=press-02 count_total=60i \(now - 190 * Nanos.perSecond)",
                "machine,machine=press-02 count_total=61i \(now - 180 * Nanos.perSecond)",
                "machine,machine=press-02 count_total=162i \(now - 80 * Nanos.perSecond)",
            ], into: &e, plant: p, receivedAt: now)
        #expect(out[0] == .accepted)
        #expect(out[1] == .accepted)  // 60 in 10 s: within 1/s over the 60 s window
        #expect(out[2] == .accepted)  // the baseline is 60 still
        #expect(
            out[3]
                == .refused(
                    "count_total jumped from 61 to 162 in 100 s, more than max_counter_rate 1/s allows (100); line refused, the counter's next report is its new baseline"
                ))
        let bad = errors(Self.yaml + "\nmax_counter_rate: fast\n")
        #expect(bad.first?.description.hasPrefix("plant.yaml:19:19: bad rate for max_counter_rate: \"fast\"") == true)
        #expect(errors(Self.yaml + "\nmax_counter_rate: 0\n").first?.message == "max_counter_rate must be more than zero")
    }

    @Test func timestampsAtTheEndsOfInt64AreRefusedWithTheirReason() {
        var e = FloorEngine(plant: plant, now: now)
        let out = feed(
            [
                "machine,machine=press-01 state=\"running\" -9223372036854775806",
                "machine,machine=press-01 state=\"down\" 9223372036854775806",
                "machine,machine=press-01 state=\"idle\" -1",
                "machine,machine=press-01 state=\"idle\" \(now)",
            ], into: &e)
        #expect(
            out == [
                .refused("timestamp -9223372036854775806 ns is outside the range Gemba accepts (1970-01-01T00:00:00Z to 2262-01-01T00:00:00Z)"),
                .refused("timestamp 2262-04-11T23:47:16.854Z is outside the range Gemba accepts (1970-01-01T00:00:00Z to 2262-01-01T00:00:00Z)"),
                .refused("timestamp 1969-12-31T23:59:59.999Z is outside the range Gemba accepts (1970-01-01T00:00:00Z to 2262-01-01T00:00:00Z)"),
                .accepted,
            ])
    }

    /// The engine on its own (no interpreter in front) refuses them too, and nothing traps:
    /// the daemon's clock itself may be anywhere.
    @Test func theEngineAloneNeverTrapsOnExtremeValues() throws {
        var e = FloorEngine(plant: plant, now: .max)
        #expect(throws: FloorEngine.Rejection.self) {
            try e.apply(TelemetrySample(machine: 0, timestamp: -9_223_372_036_854_775_806, state: .running), receivedAt: .min)
        }
        #expect(throws: FloorEngine.Rejection.self) {
            try e.apply(TelemetrySample(machine: 0, timestamp: 9_223_372_036_854_775_806, state: .down), receivedAt: .max)
        }
        try e.apply(TelemetrySample(machine: 0, timestamp: TelemetryLimits.earliest, state: .running, countTotal: 0), receivedAt: .min)
        try e.apply(TelemetrySample(machine: 0, timestamp: TelemetryLimits.latest - 1, state: .down, countTotal: 5), receivedAt: .max)
        e.checkCommLoss(now: .min)
        e.checkCommLoss(now: .max)
        e.rollShift(now: .max)
        for t in [Timestamp.min, TelemetryLimits.earliest, TelemetryLimits.latest - 1, .max] {
            if let shift = e.calendar.shift(at: min(max(t, TelemetryLimits.earliest), TelemetryLimits.latest - 1)) {
                _ = e.shiftLedger(machine: 0, shift: shift, now: t)
            }
        }
        #expect(Nanos.minute(.min) == Int64.min / Nanos.perMinute - 1)
        #expect(Nanos.minute(-1) == -1)
        #expect(Nanos.minute(-Nanos.perMinute) == -1)
        #expect(Nanos.minute(-Nanos.perMinute - 1) == -2)
    }

    /// With a rate set beyond any Int64, counts still add up without trapping: held at Int64.max.
    @Test func sumsOfCountsAreHeldAtInt64Max() throws {
        let p = try PlantConfigLoader.load(yaml: Self.yaml + "\nmax_counter_rate: 1e300\n", file: "p")
        var e = FloorEngine(plant: p, now: now)
        let t = now - 10 * Nanos.perSecond
        let out = Self.feed(
            [
                "machine,machine=press-01 count_total=0i,count_reject=0i \(t)",
                "machine,machine=press-01 count_total=9223372036854775807i,count_reject=9223372036854775807i \(t + 1)",
                "machine,machine=press-01 count_total=0i,count_reject=0i \(t + 2)",
                "machine,machine=press-01 count_total=9223372036854775807i,count_reject=9223372036854775807i \(t + 3)",
            ], into: &e, plant: p, receivedAt: now)
        #expect(out == [.accepted, .accepted, .accepted, .accepted])
        #expect(e.machines[0].shiftTotal == .max)
        #expect(e.machines[0].shiftReject == .max)
        let counts = e.drainChanges().minuteCounts
        #expect(counts.map(\.total) == [.max])
        // OEE over those counts, and the sum of two such ledgers.
        let calc = OEECalculator(calendar: ShiftCalendar(shifts: p.shifts, timezone: p.timezone))
        let l = calc.ledger(
            machine: p.machines[0], intervals: [], counts: counts + counts, from: now - 3_600 * Nanos.perSecond, to: now, asOf: now)
        #expect(l.counts.total == .max)
        #expect((l + l).counts.total == .max)
        _ = calc.result(l + l, scope: "press-01", from: now - 3_600 * Nanos.perSecond, to: now, asOf: now)
        // Alarm windows over such counts.
        var alarms = AlarmEngine(definitions: [], maximumShelve: 3600, now: now)
        alarms.observeCounts(machine: "press-01", total: .max, reject: .max, at: now)
        alarms.observeCounts(machine: "press-01", total: .max, reject: .max, at: now)
    }
}

// MARK: Machine reset

extension TelemetryGuardTests {
    @Test func aResetMachineTakesAnyTimeAsItsFirstLine() throws {
        var e = FloorEngine(plant: plant, now: now)
        try e.apply(TelemetrySample(machine: 0, timestamp: now, state: .running, countTotal: 9), receivedAt: now)
        try e.apply(TelemetrySample(machine: 0, timestamp: now + Nanos.perSecond, state: .down), receivedAt: now)
        _ = e.drainChanges()
        let known = e.resetMachine("press-01", now: now + 2)
        let unknown = e.resetMachine("press-99", now: now + 2)
        #expect(known)
        #expect(!unknown)
        #expect(e.machines[0] == MachineLive(id: "press-01", since: now + 2))
        #expect(e.shiftBookings[0] == nil)
        let changed = e.drainChanges().changedMachines
        #expect(changed.map(\.id) == ["press-01"])
        try e.apply(TelemetrySample(machine: 0, timestamp: now - 3_600 * Nanos.perSecond, state: .idle, countTotal: 1), receivedAt: now + 3)
        #expect(e.machines[0].state == .idle)
        #expect(e.machines[0].countTotal == 1)
        #expect(e.machines[0].shiftTotal == 0)
    }
}

extension TelemetryGuardTests {
    /// The demo plant file documents both keys: it loads, with the skew it states.
    @Test func theDemoPlantLoadsWithItsSkew() throws {
        let path = Fixtures.root.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Resources/demo-plant.yaml")
        let demo = try PlantConfigLoader.load(yaml: try String(contentsOf: path, encoding: .utf8), file: "demo-plant.yaml")
        #expect(demo.maxClockSkew == 300)
        #expect(demo.maxCounterRate == nil)
        #expect(demo.machines.first?.counterRateLimit(plant: demo.maxCounterRate) == 50)
    }
}
