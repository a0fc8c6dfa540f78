import Foundation
import GembaCore
import GembaPlantFile
import Testing

/// OEE from telemetry through the real decoder, interpreter and engine.
struct OEETests {
    /// 2026-11-24T00:00:00Z.
    static let day: Timestamp = 1_795_478_400 * Nanos.perSecond
    static func at(_ h: Int, _ m: Int, _ s: Int = 0) -> Timestamp { day + Timestamp((h * 60 + m) * 60 + s) * Nanos.perSecond }

    /// A plant of one machine whose shift and breaks the caller writes.
    static func plant(cycle: Double, shifts: String) throws -> PlantConfig {
        try PlantConfigLoader.load(
            yaml: """
                plant: OEE Works
                timezone: UTC
                comm_loss_timeout: 24h
                lines:
                  - id: L1
                    name: Line
                    machines:
                      - { id: m1, name: M1, ideal_cycle_time: \(cycle) }
                      - { id: m2, name: M2, ideal_cycle_time: \(cycle) }
                shifts:
                \(shifts)
                """, file: "oee.yaml")
    }

    /// Feeds line-protocol text through the decoder, interpreter and engine, and
    /// returns what the store would hold, the open intervals closed at `asOf`.
    static func run(_ plant: PlantConfig, _ text: String, asOf: Timestamp) -> (intervals: [String: [StateInterval]], counts: [String: [MinuteCount]])
    {
        var engine = FloorEngine(plant: plant, now: asOf)
        let interpreter = TelemetryInterpreter(plant: plant)
        var decoder = LineProtocolDecoder()
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buf in
            var pos = 0
            while pos < buf.count {
                switch decoder.decodeLine(buf, from: pos, isFinal: true) {
                case .point(let next):
                    if case .sample(let s) = interpreter.interpret(decoder, in: buf, lineStart: pos, receivedAt: asOf) {
                        try? engine.apply(s, receivedAt: s.timestamp)
                    }
                    pos = next
                case .empty(let next), .error(_, let next): pos = next
                case .incomplete: pos = buf.count
                }
            }
        }
        let changes = engine.drainChanges()
        var intervals = Dictionary(grouping: changes.closedIntervals, by: \.machine)
        for m in engine.machines where m.hasReported && asOf > m.since {
            intervals[m.id, default: []].append(StateInterval(machine: m.id, state: m.state, reason: m.reason, start: m.since, end: asOf))
        }
        return (intervals, Dictionary(grouping: changes.minuteCounts, by: \.machine))
    }

    static func oee(
        _ plant: PlantConfig, _ text: String, from: Timestamp, to: Timestamp, asOf: Timestamp? = nil, convention: OEEConvention = .iso,
        machines: [String] = ["m1"]
    ) -> OEEResult {
        let now = asOf ?? to
        let data = run(plant, text, asOf: now)
        let calc = OEECalculator(calendar: ShiftCalendar(shifts: plant.shifts, timezone: plant.timezone), convention: convention)
        let ledger = plant.machines.filter { machines.contains($0.id) }.map { m in
            calc.ledger(machine: m, intervals: data.intervals[m.id] ?? [], counts: data.counts[m.id] ?? [], from: from, to: to, asOf: now)
        }.reduce(OEECalculator.Ledger(), +)
        return calc.result(ledger, scope: machines.joined(separator: ","), from: from, to: to, asOf: now)
    }

    struct Example: Decodable {
        struct Inputs: Decodable {
            var plannedProductionTimeMin: Double
            var runTimeMin: Double
            var idealCycleTimeS: Double
            var totalCount: Int64
            var goodCount: Int64
            enum CodingKeys: String, CodingKey {
                case plannedProductionTimeMin = "planned_production_time_min"
                case runTimeMin = "run_time_min"
                case idealCycleTimeS = "ideal_cycle_time_s"
                case totalCount = "total_count"
                case goodCount = "good_count"
            }
        }
        struct Expected: Decodable {
            var availability: Double
            var performance: Double
            var quality: Double
            var oee: Double
        }
        var name: String
        var inputs: Inputs
        var expected: Expected
    }

    /// The demo's simulator makes parts at 82–100 % of the ideal rate while running and stops
    /// for breaks: its OEE must say so, not flag an ideal cycle time set too long.
    @Test func simulatedPlantRunsBelowItsIdealRateAndStopsForBreaks() throws {
        let plant = try Self.plant(
            cycle: 2, shifts: "  - { name: A, start: \"06:00\", end: \"14:00\", breaks: [{ start: \"08:00\", end: \"08:30\" }] }")
        var simulator = PlantSimulator(plant: plant, seed: 9, simulateCommLoss: false)
        var text = ""
        for k in 0...(4 * 720) { text += simulator.tick(now: Self.at(6, 0) + Timestamp(k * 5) * Nanos.perSecond).joined(separator: "\n") + "\n" }
        let r = Self.oee(plant, text, from: Self.at(6, 0), to: Self.at(10, 0), machines: ["m1", "m2"])
        let performance = try #require(r.performance)
        #expect(performance > 0.8 && performance <= 1.0, "performance \(performance)")
        #expect(!r.flags.contains("performance_over_100"))
        let during = Self.run(plant, text, asOf: Self.at(10, 0)).intervals["m1"]?.first { $0.start <= Self.at(8, 10) && $0.end > Self.at(8, 10) }
        #expect(during?.state == .plannedStop && during?.reason == "break")
    }

    @Test func publishedWorkedExamplesFromTelemetry() throws {
        let examples = try JSONDecoder().decode([Example].self, from: Data(Fixtures.text("oee/worked-examples.json").utf8))
        #expect(examples.count == 3)
        for e in examples {
            let ppt = Int(e.inputs.plannedProductionTimeMin)
            let stop = Int(e.inputs.plannedProductionTimeMin - e.inputs.runTimeMin)
            let end = (6 * 60 + ppt)
            let plant = try Self.plant(
                cycle: e.inputs.idealCycleTimeS,
                shifts: "  - { name: A, start: \"06:00\", end: \"\(String(format: "%02d:%02d", end / 60, end % 60))\" }")
            let reject = e.inputs.totalCount - e.inputs.goodCount
            let text = """
                machine,machine=m1 state="running",count_total=5000i,count_reject=70i \(Self.at(6, 0))
                machine,machine=m1 state="down",reason="jam" \(Self.at(6, 30))
                machine,machine=m1 state="running" \(Self.at(6, 30 + stop))
                machine,machine=m1 count_total=\(5000 + e.inputs.totalCount)i,count_reject=\(70 + reject)i \(Self.at(end / 60, end % 60 - 1))
                """
            let r = Self.oee(plant, text, from: Self.at(6, 0), to: Self.at(end / 60, end % 60))
            #expect(abs((r.availability ?? -1) - e.expected.availability) < 5e-7, "\(e.name)")
            #expect(abs((r.performance ?? -1) - e.expected.performance) < 5e-7, "\(e.name)")
            #expect(abs((r.quality ?? -1) - e.expected.quality) < 5e-7, "\(e.name)")
            #expect(abs((r.oee ?? -1) - e.expected.oee) < 5e-7, "\(e.name)")
            #expect(r.counts == OEECounts(total: e.inputs.totalCount, reject: reject))
            #expect(r.time.plannedBusy == e.inputs.plannedProductionTimeMin * 60)
            #expect(r.time.production == e.inputs.runTimeMin * 60)
            // OEE = A·P·Q exactly as the product of the unrounded factors.
            #expect(abs((r.availability ?? 0) * (r.performance ?? 0) * (r.quality ?? 0) - (r.oee ?? 0)) < 1e-12)
        }
    }

    @Test func breaksArePlannedDownAndAStopCrossingMidnightSplits() throws {
        let plant = try Self.plant(
            cycle: 1,
            shifts: """
                  - name: C
                    start: "22:00"
                    end: "06:00"
                    breaks:
                      - { start: "02:00", end: "02:30" }
                """)
        let text = """
            machine,machine=m1 state="running",count_total=0i \(Self.at(22, 0))
            machine,machine=m1 state="down",reason="jam" \(Self.at(23, 50))
            machine,machine=m1 state="running" \(Self.at(24, 20))
            machine,machine=m1 state="planned_stop" \(Self.at(28, 0))
            machine,machine=m1 state="running",count_total=100i \(Self.at(28, 40))
            """
        // Shift C of the 24th, whole.
        let shift = try #require(ShiftCalendar(shifts: plant.shifts, timezone: "UTC").instance(named: "C", date: "2026-11-24"))
        let r = Self.oee(plant, text, from: shift.start, to: shift.end)
        #expect(r.time.plannedOperation == 8 * 3600)
        let minutes = { (m: Int) -> Double in Double(m * 60) }
        #expect(r.time.plannedDown == minutes(70))
        #expect(r.time.plannedBusy == minutes(480 - 70))
        #expect(r.time.delay == minutes(30))
        #expect(r.time.production == minutes(480 - 70 - 30))
        // The same stop seen from two windows split at midnight adds up.
        let before = Self.oee(plant, text, from: shift.start, to: Self.at(24, 0), asOf: shift.end)
        let after = Self.oee(plant, text, from: Self.at(24, 0), to: shift.end)
        #expect(before.time.delay == minutes(10))
        #expect(after.time.delay == minutes(20))
        #expect(before.time.production + after.time.production == r.time.production)
    }

    @Test func zeroPlannedTimeLeavesFactorsUndefinedNotZero() throws {
        let plant = try Self.plant(cycle: 1, shifts: "  - { name: A, start: \"06:00\", end: \"14:00\" }")
        let text = "machine,machine=m1 state=\"planned_stop\",count_total=0i \(Self.at(6, 0))"
        let r = Self.oee(plant, text, from: Self.at(6, 0), to: Self.at(14, 0))
        #expect(r.time.plannedBusy == 0)
        #expect(r.availability == nil)
        #expect(r.performance == nil)
        #expect(r.quality == nil)
        #expect(r.oee == nil)
        let json = String(decoding: try JSONEncoder().encode(r), as: UTF8.self)
        #expect(json.contains("\"availability\":null"))
    }

    @Test func silenceIsOfflineAndPerformanceOver100IsFlaggedNotCapped() throws {
        let plant = try Self.plant(cycle: 10, shifts: "  - { name: A, start: \"06:00\", end: \"14:00\" }")
        // Nothing before 07:00: an hour of no data. Then 3,600 parts in 6 h at an ideal 10 s each.
        let text = """
            machine,machine=m1 state="running",count_total=0i \(Self.at(7, 0))
            machine,machine=m1 count_total=3600i \(Self.at(12, 59))
            machine,machine=m1 state="idle" \(Self.at(13, 0))
            """
        let r = Self.oee(plant, text, from: Self.at(6, 0), to: Self.at(14, 0))
        #expect(r.time.offline == 3600)
        #expect(r.time.idle == 3600)
        #expect(r.time.production == 6 * 3600)
        #expect(r.performance == 36000.0 / 21600.0)
        #expect(r.flags.contains("performance_over_100"))
        #expect(r.flags.contains("offline_time"))
    }

    @Test func aCounterResetMidShiftStillCountsEveryPart() throws {
        let plant = try Self.plant(cycle: 1, shifts: "  - { name: A, start: \"06:00\", end: \"14:00\" }")
        let text = """
            machine,machine=m1 state="running",count_total=900i,count_reject=5i \(Self.at(6, 0))
            machine,machine=m1 count_total=1000i,count_reject=7i \(Self.at(8, 0))
            machine,machine=m1 count_total=40i,count_reject=1i \(Self.at(9, 0))
            """
        let r = Self.oee(plant, text, from: Self.at(6, 0), to: Self.at(14, 0))
        #expect(r.counts == OEECounts(total: 140, reject: 3))
    }

    @Test func nakajimaMovesMicroStopsToPerformanceAndKeepsOEE() throws {
        let plant = try Self.plant(cycle: 1, shifts: "  - { name: A, start: \"06:00\", end: \"07:00\" }")
        let text = """
            machine,machine=m1 state="running",count_total=0i \(Self.at(6, 0))
            machine,machine=m1 state="down" \(Self.at(6, 10))
            machine,machine=m1 state="running" \(Self.at(6, 11))
            machine,machine=m1 state="down" \(Self.at(6, 30))
            machine,machine=m1 state="running" \(Self.at(6, 40))
            machine,machine=m1 count_total=2400i \(Self.at(6, 59))
            """
        let iso = Self.oee(plant, text, from: Self.at(6, 0), to: Self.at(7, 0))
        let nak = Self.oee(plant, text, from: Self.at(6, 0), to: Self.at(7, 0), convention: .nakajima)
        #expect(iso.time.microStops == 60)
        #expect(iso.availability == 49.0 / 60.0)
        #expect(nak.availability == 50.0 / 60.0)
        #expect(iso.oee == nak.oee)
        #expect(nak.convention == .nakajima)
    }

    @Test func linesAggregateBySumsNotByAveragingPercentages() throws {
        let plant = try Self.plant(cycle: 1, shifts: "  - { name: A, start: \"06:00\", end: \"08:00\" }")
        let text = """
            machine,machine=m1 state="running",count_total=0i \(Self.at(6, 0))
            machine,machine=m2 state="down",count_total=0i \(Self.at(6, 0))
            machine,machine=m2 state="running" \(Self.at(7, 30))
            machine,machine=m1 count_total=7200i \(Self.at(7, 59))
            machine,machine=m2 count_total=1800i \(Self.at(7, 59))
            """
        let line = Self.oee(plant, text, from: Self.at(6, 0), to: Self.at(8, 0), machines: ["m1", "m2"])
        #expect(line.availability == (7200.0 + 1800.0) / (7200.0 + 7200.0))
        #expect(line.oee == 9000.0 / 14400.0)
    }

    @Test func aNightShiftOverTheSpringDSTChangeHasSevenHours() throws {
        var plant = try Self.plant(cycle: 1, shifts: "  - { name: C, start: \"22:00\", end: \"06:00\" }")
        plant.timezone = "Europe/Berlin"
        let shift = try #require(ShiftCalendar(shifts: plant.shifts, timezone: plant.timezone).instance(named: "C", date: "2026-03-28"))
        let text = "machine,machine=m1 state=\"running\",count_total=0i \(shift.start)"
        let r = Self.oee(plant, text, from: shift.start, to: shift.end)
        #expect(r.time.plannedOperation == 7 * 3600)
        #expect(r.time.production == 7 * 3600)
        #expect(r.availability == 1)
    }

    @Test func theCurrentShiftIsProvisionalUpToNow() throws {
        let plant = try Self.plant(cycle: 1, shifts: "  - { name: A, start: \"06:00\", end: \"14:00\" }")
        let text = "machine,machine=m1 state=\"running\",count_total=0i \(Self.at(6, 0))"
        let r = Self.oee(plant, text, from: Self.at(6, 0), to: Self.at(14, 0), asOf: Self.at(10, 0))
        #expect(r.provisional)
        #expect(r.time.plannedBusy == 4 * 3600)
        #expect(r.availability == 1)
    }
}

/// The OEE board keeps each machine's stops as sums by state and reason, not as intervals;
/// a line's or the plant's Pareto adds them up and must rank as the intervals would.
struct ParetoSumTests {
    @Test func machinesSumsAddUpToThePlantsPareto() {
        let t0: Timestamp = 1_764_050_400 * Nanos.perSecond
        func iv(_ m: String, _ state: MachineState, _ reason: String?, _ a: Int64, _ b: Int64) -> StateInterval {
            StateInterval(machine: m, state: state, reason: reason, start: t0 + a * Nanos.perSecond, end: t0 + b * Nanos.perSecond)
        }
        let press = [iv("p", .down, "jam", 0, 60), iv("p", .running, nil, 60, 600), iv("p", .down, "jam", 600, 630), iv("p", .idle, nil, 630, 700)]
        let weld = [iv("w", .down, "tool", 0, 200), iv("w", .down, "jam", 200, 230), iv("w", .plannedStop, nil, 230, 900)]
        let from = t0 + 10 * Nanos.perSecond
        let to = t0 + 650 * Nanos.perSecond
        let summed = ParetoItem.ranked([ParetoItem.sums(press, from: from, to: to), ParetoItem.sums(weld, from: from, to: to)])
        #expect(summed == ParetoItem.of(press + weld, from: from, to: to))
        #expect(summed.map(\.reason) == ["tool", "jam", nil])
        #expect(summed[0].seconds == 190)
        #expect(summed[1].seconds == 50 + 30 + 30)
        #expect(summed[1].occurrences == 3)
    }
}
