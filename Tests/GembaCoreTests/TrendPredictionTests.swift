import Testing

@testable import GembaCore

/// Trend-to-limit prediction: the Theil–Sen slope and the Mann–Kendall z worked out by hand,
/// a drift that raises "reaches 80 in about 1 h 40 m" and clears when it turns, and noise
/// near the limit that never raises it.
@Suite struct TrendPredictionTests {
    static let minute0: Int64 = 29_400_000  // 2025-11-24T16:00:00Z in minutes
    static func at(minute m: Double) -> Timestamp { Nanos.start(ofMinute: minute0) + Nanos.from(seconds: m * 60) }

    static let plant = [
        AlarmDefinition(
            id: "oil-hot", machine: "press-01", condition: .limit(value: "oil_temp", kind: .hi, limit: 80, deadband: 1), priority: .high,
            message: "Oil too hot"),
        AlarmDefinition(
            id: "air-low", machine: "press-01", condition: .limit(value: "air", kind: .lo, limit: 4, deadband: 0.1), priority: .medium,
            message: "Air pressure low"),
        AlarmDefinition(
            id: "down-long", machine: "press-01", condition: .stateLonger(state: .down, longerThan: 600), priority: .low, message: "Down"),
    ]

    static func monitor(_ config: PredictionConfig = PredictionConfig()) -> TrendMonitor {
        TrendMonitor(config: config, definitions: plant + config.definitions(for: plant))
    }

    /// A minute of `value` (its mean) for the monitor, as the engine closes it.
    static func minute(_ m: Int64, _ value: Double, name: String = "oil_temp") -> HistoryMinute {
        let t = Nanos.start(ofMinute: minute0 + m)
        return HistoryMinute(machine: "press-01", name: name, minute: minute0 + m, aggregate: HistoryAggregate(value, at: t), raw: [])
    }

    /// Seeded noise, uniform in [-1, 1) scaled to a standard deviation of `sd`.
    struct Noise {
        var state: UInt64
        mutating func next(sd: Double) -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let u = Double(state >> 11) / Double(1 << 53) * 2 - 1
            return u * sd * 3.0.squareRoot()
        }
    }

    @Test func theSlopeIsTheMedianPairSlopeAndZCountsRisingPairs() throws {
        // y = 1, 3, 2, 5, 4 at minutes 0…4. Pair slopes sorted: -1, -1, 1/3, 0.5, 0.75, 1, 1,
        // 4/3, 2, 3: the median is (0.75 + 1) / 2 = 0.875 a minute. Residuals y − 0.875·x: 1,
        // 2.125, 0.25, 2.375, 0.5, median 1. Pairs rising minus falling: 8 − 2 = 6; the variance
        // 5·4·15/18 = 16.67, so z = (6 − 1) / 4.082 = 1.225.
        let points = [1.0, 3, 2, 5, 4].enumerated().map { (t: Self.at(minute: Double($0.offset)), value: $0.element) }
        let trend = try #require(TheilSenTrend(points, at: Self.at(minute: 4)))
        #expect(abs(trend.slope * 60 - 0.875) < 1e-12)
        #expect(abs(trend.level - (1 + 0.875 * 4)) < 1e-12)
        #expect(abs(trend.z - 5 / (16.0 + 2.0 / 3).squareRoot()) < 1e-12)
        // 80 − 4.5 = 75.5 to go at 0.875 a minute.
        #expect(abs(try #require(trend.secondsUntil(80, above: true)) - 75.5 / 0.875 * 60) < 1e-6)
        #expect(trend.secondsUntil(0, above: false) == nil)
        // Tied values lower the variance: 1, 1, 2 has one tie group of two.
        let tied = try #require(TheilSenTrend([1.0, 1, 2].enumerated().map { (Self.at(minute: Double($0.offset)), $0.element) }, at: 0))
        #expect(abs(tied.z - 1 / ((3.0 * 2 * 11 - 2 * 1 * 9) / 18).squareRoot()) < 1e-12)
    }

    @Test func theAlarmsWithALimitGetAPredictionAndTheRestDoNot() {
        let defs = PredictionConfig().definitions(for: Self.plant)
        #expect(defs.map(\.id) == ["predicted-oil-hot", "predicted-air-low"])
        #expect(defs[0].condition == .predicted(alarm: "oil-hot") && defs[0].priority == .low)
        #expect(defs[0].message == "Predicted: Oil too hot")
        #expect(PredictionConfig().definitions(for: Self.plant, except: ["air-low"]).map(\.id) == ["predicted-oil-hot"])
        var off = PredictionConfig()
        off.enabled = false
        #expect(off.definitions(for: Self.plant).isEmpty)
    }

    @Test func aDriftTowardTheLimitRaisesThePredictionWithTheTimeLeftAndATurnClearsIt() throws {
        var m = Self.monitor()
        var noise = Noise(state: 7)
        var raisedAt: Int64?
        var at100 = ""
        // 60 °C rising 0.1 °C a minute with noise of 0.5 °C: 80 at minute 200.
        for k in Int64(0)...130 {
            m.take([Self.minute(k, 60 + 0.1 * Double(k) + noise.next(sd: 0.5))])
            for o in m.tick(now: Self.at(minute: Double(k + 1) + 0.01)) where o.alarmID == "predicted-oil-hot" {
                if o.condition == true && raisedAt == nil { raisedAt = k }
                if k == 99 { at100 = o.detail }
                if raisedAt != nil { #expect(o.condition == true, "minute \(k): \(o.detail)") }
            }
        }
        // It needs 20 minutes of trend (a sixth of the 2 h window), and the noise keeps the trend
        // short of z = 4 for a few more; the crossing is about 3 h off then.
        let raised = try #require(raisedAt)
        #expect(raised >= 19 && raised <= 30, "raised at \(raised)")
        // At minute 100 the oil is at 70 and climbs 6 °C an hour: 80 in 1 h 40 m.
        #expect(at100 == "oil_temp on press-01 reaches 80 in about 1 h 40 m")
        // The oil turns and cools 0.1 °C a minute: the prediction clears once the trend turns.
        var clearedAt: Int64?
        for k in Int64(131)...260 {
            m.take([Self.minute(k, 73 - 0.1 * Double(k - 130) + noise.next(sd: 0.5))])
            for o in m.tick(now: Self.at(minute: Double(k + 1) + 0.01)) where o.alarmID == "predicted-oil-hot" && o.condition == false {
                if clearedAt == nil { clearedAt = k }
            }
        }
        let cleared = try #require(clearedAt)
        #expect(cleared > 131 && cleared < 131 + 60, "cleared at \(cleared)")
    }

    @Test func aFallingValueIsPredictedToCrossItsLowLimit() {
        var m = Self.monitor()
        var last: TrendMonitor.Outcome?
        // Air at 6 bar losing 0.02 bar a minute: 4 bar in 100 minutes from the start.
        for k in Int64(0)..<40 {
            m.take([Self.minute(k, 6 - 0.02 * Double(k), name: "air")])
            last = m.tick(now: Self.at(minute: Double(k + 1))).first { $0.alarmID == "predicted-air-low" } ?? last
        }
        #expect(last?.condition == true)
        #expect(last?.detail == "air on press-01 reaches 4 in about 1 h")
    }

    @Test func noiseNearTheLimitNeverRaisesIt() {
        // A day of minute means scattered ±2 °C around 76 (the limit 80 is two σ off), five seeds.
        for seed in UInt64(1)...5 {
            var m = Self.monitor()
            var noise = Noise(state: seed)
            for k in Int64(0)..<1440 {
                m.take([Self.minute(k, 76 + noise.next(sd: 2))])
                for o in m.tick(now: Self.at(minute: Double(k + 1))) where o.alarmID == "predicted-oil-hot" {
                    #expect(o.condition != true, "seed \(seed), minute \(k): \(o.detail)")
                }
            }
        }
    }

    @Test func aWanderingValuesRunsInflateTheVarianceAndADriftsDoNot() {
        // Minute means that wander (each 0.9 of the last's distance from the mean, plus noise:
        // runs of ten minutes or so up and down, the way a temperature does) rise and fall in
        // long runs: the Mann–Kendall variance is inflated several times (Hamed and Rao), so
        // their z shrinks by its square root.
        var noise = Noise(state: 11)
        var x = 0.0
        let wandering = (0..<120).map { k -> (t: Timestamp, value: Double) in
            x = 0.9 * x + noise.next(sd: 0.45)
            return (Self.at(minute: Double(k)), 77 + x)
        }
        let slope = TheilSenTrend(wandering, at: Self.at(minute: 120))!.slope * 60
        #expect(TheilSenTrend.varianceInflation(wandering, slopePerMinute: slope) > 3)
        // A straight drift with white noise has independent residuals: nothing is inflated.
        let points = (0..<120).map { k in (t: Self.at(minute: Double(k)), value: 60 + 0.1 * Double(k) + noise.next(sd: 0.5)) }
        #expect(TheilSenTrend.varianceInflation(points, slopePerMinute: 0.1) < 1.5)
        // An exact line (no noise at all) neither.
        let exact = (0..<60).map { k in (t: Self.at(minute: Double(k)), value: 60 + 0.5 * Double(k)) }
        #expect(TheilSenTrend.varianceInflation(exact, slopePerMinute: 0.5) == 1)
    }

    @Test func tooFewMinutesGiveNoTrendAndAGapEmptiesTheWindow() {
        var m = Self.monitor()
        for k in Int64(0)..<19 { m.take([Self.minute(k, 60 + 0.5 * Double(k))]) }
        let early = m.tick(now: Self.at(minute: 19.5)).first { $0.alarmID == "predicted-oil-hot" }
        #expect(early?.condition == false && early?.detail == "too few recent minutes of oil_temp on press-01 for a trend")
        m.take([Self.minute(19, 69.5)])
        #expect(m.tick(now: Self.at(minute: 20.5)).first { $0.alarmID == "predicted-oil-hot" }?.condition == true)
        // Silent for three hours: the minutes leave the window and the prediction clears.
        #expect(m.tick(now: Self.at(minute: 200)).first { $0.alarmID == "predicted-oil-hot" }?.condition == false)
    }

    @Test func theTimeLeftIsRoundedTheWayPeopleSayIt() {
        #expect(TrendMonitor.about(100 * 60) == "about 1 h 40 m")
        #expect(TrendMonitor.about(97 * 60) == "about 1 h 40 m")
        #expect(TrendMonitor.about(23 * 60) == "about 25 m")
        #expect(TrendMonitor.about(3 * 60) == "less than 5 m")
        #expect(TrendMonitor.about(119.9 * 60) == "about 2 h")
    }
}
