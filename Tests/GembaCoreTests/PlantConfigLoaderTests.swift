import Foundation
import GembaCore
import GembaPlantFile
import Testing

struct PlantConfigLoaderTests {
    static let example = """
        plant: Demo Works
        timezone: UTC
        comm_loss_timeout: 30s
        lines:
          - id: L1
            name: Stamping
            machines:
              - { id: press-01, name: Press 01, ideal_cycle_time: 2.0 }
              - { id: press-02, name: Press 02, ideal_cycle_time: 2.0 }
        shifts:
          - name: A
            start: "06:00"
            end: "14:00"
            breaks:
              - { start: "09:00", end: "09:15" }
              - { start: "11:30", end: "12:00" }
          - { name: B, start: "14:00", end: "22:00" }
          - { name: C, start: "22:00", end: "06:00" }
        """

    @Test func theIssueExampleLoads() throws {
        let config = try PlantConfigLoader.load(yaml: Self.example, file: "plant.yaml")
        #expect(config.plant == "Demo Works")
        #expect(config.commLossTimeout == 30)
        #expect(config.machines.map(\.id) == ["press-01", "press-02"])
        #expect(config.machines[0].idealCycleTime == 2.0)
        #expect(config.shifts.map(\.name) == ["A", "B", "C"])
        #expect(config.shifts[0].breaks.count == 2)
        #expect(config.shifts[2].lengthMinutes == 480)
    }

    func errors(_ yaml: String) -> [ConfigError] {
        do {
            _ = try PlantConfigLoader.load(yaml: yaml, file: "plant.yaml")
            return []
        } catch {
            return error.errors
        }
    }

    /// `history:` sets each tier's retention; a typo, a tier shorter than the finer one or a
    /// retention under a minute is named with its place.
    @Test func historyRetentionLoadsAndItsMistakesAreNamed() throws {
        #expect(try PlantConfigLoader.load(yaml: Self.example, file: "plant.yaml").history == .standard)
        let set = try PlantConfigLoader.load(yaml: Self.example + "\nhistory: { raw: 12h, minute: 2w, hour: 3y }", file: "plant.yaml")
        #expect(set.history == HistoryRetention(raw: 12 * 3600, minute: 14 * 86_400, hour: 3 * 365 * 86_400))
        let bad = errors(Self.example + "\nhistory: { raw: 48h, minute: 1d, hour: soon }")
        #expect(bad.map(\.message).contains { $0.contains("bad duration for history.hour: \"soon\"") })
        #expect(bad.map(\.message).contains { $0.contains("history.minute (1d) is shorter than history.raw (2d)") })
        #expect(bad.count == 2 && Set(bad.map(\.line)).count == 1)
        #expect(errors(Self.example + "\nhistory: { raw: 0s }").first?.message.contains("history.raw must be at least a minute") == true)
        #expect(errors(Self.example + "\nhistory: { rwa: 1h }").first?.message.contains("unknown key \"rwa\"") == true)
        // Off: no history kept at all (an edge daemon whose values are kept elsewhere).
        #expect(try PlantConfigLoader.load(yaml: Self.example + "\nhistory: off", file: "plant.yaml").history.enabled == false)
        #expect(errors(Self.example + "\nhistory: never").first?.message.contains("history must be off or a mapping") == true)
    }

    /// `prediction:` sets the trend's window, the horizon and the priority, or turns it off;
    /// `predict: false` belongs to value alarms alone.
    @Test func predictionLoadsAndItsMistakesAreNamed() throws {
        let alarm = """

            alarms:
              - { id: hot, machine: press-01, when: { value: oil_temp, above: 80 }, priority: high, message: Hot }
              - { id: stop, machine: press-01, when: { state: down, longer_than: 10m }, priority: low, message: Stop }
            """
        let set = try PlantConfigLoader.load(
            yaml: Self.example + alarm + "\nprediction: { window: 1h, horizon: 3h, priority: medium }", file: "p.yaml")
        #expect(set.prediction.window == 3600 && set.prediction.horizon == 3 * 3600 && set.prediction.priority == .medium)
        #expect(set.alarms.map(\.id) == ["hot", "stop", "predicted-hot"])
        #expect(try PlantConfigLoader.load(yaml: Self.example + alarm + "\nprediction: off", file: "p.yaml").alarms.map(\.id) == ["hot", "stop"])
        let bad = errors(Self.example + alarm + "\nprediction: { window: 5m, horizon: 40d, priority: urgent }").map(\.message)
        #expect(bad.contains { $0.contains("prediction.window must be from 10m to 7d") })
        #expect(bad.contains { $0.contains("prediction.horizon must be from 1m to 30d") })
        #expect(bad.contains { $0.contains("prediction.priority must be one of") })
        let misplaced = errors(Self.example + alarm.replacingOccurrences(of: "priority: low,", with: "priority: low, predict: false,"))
        #expect(misplaced.first?.message.contains("predict: belongs to a value alarm") == true)
        let clash = errors(
            Self.example + alarm + "\n  - { id: predicted-hot, machine: press-02, when: { state: down, longer_than: 1m }, priority: low, message: X }"
        )
        #expect(clash.first?.message.contains("alarm id \"predicted-hot\" is the prediction of another alarm") == true)
    }

    /// `spc:` characteristics load with their chart, limits, spec and rules, each raising an
    /// alarm of its own; every mistake is named with its place.
    @Test func spcCharacteristicsLoadAndTheirMistakesAreNamed() throws {
        let good = try PlantConfigLoader.load(
            yaml: Self.example + """

                spc:
                  - { id: press-01-oil, machine: press-01, value: oil_temp, chart: individuals, limits: { from: "2026-11-01T00:00:00Z", to: "2026-11-08T00:00:00Z" }, spec: { lsl: 40, usl: 80 }, rules: [we1, nelson2], priority: high }
                  - { id: width, chart: xbar_s, subgroup: 5, limits: { center: 10, ucl: 10.02, lcl: 9.98 } }
                  - { id: drift, machine: press-02, value: pressure, chart: ewma, subgroup: 5m, ewma: { lambda: 0.1, L: 2.7 } }
                """, file: "plant.yaml")
        #expect(good.spc.map(\.id) == ["press-01-oil", "width", "drift"])
        #expect(good.spc[0].rules == [.we1, .nelson2] && good.spc[0].priority == .high && good.spc[0].usl == 80)
        #expect(good.spc[1].subgroup == .count(5) && good.spc[1].limits == .fixed(center: 10, ucl: 10.02, lcl: 9.98))
        #expect(good.spc[2].subgroup == .window(300) && good.spc[2].lambda == 0.1 && good.spc[2].rules.isEmpty)
        #expect(good.alarms.map(\.id) == ["spc-press-01-oil", "spc-width", "spc-drift"])
        let bad = errors(
            Self.example + """

                spc:
                  - { id: a, machine: press-09, value: oil_temp, chart: individuals }
                  - { id: b, chart: xbar_r }
                  - { id: c, chart: pareto }
                  - { id: d, chart: xbar_r, subgroup: 30 }
                  - { id: e, chart: ewma, rules: [we1] }
                  - { id: f, chart: individuals, rules: [we9], spec: { lsl: 5, usl: 1 } }
                  - { id: g, chart: individuals, limits: { center: 1, ucl: 0, lcl: 2 } }
                """)
        let messages = bad.map(\.message)
        for expected in [
            "characteristic \"a\" names machine \"press-09\", which no line has", "an xbar_r chart needs subgroup",
            "chart must be one of: individuals, xbar_r, xbar_s, ewma, cusum, not \"pareto\"",
            "subgroup must be 2 to 25 readings for an xbar_r chart, not 30",
            "an ewma chart signals by its own limits", "unknown rule \"we9\"", "lsl (5) must be below usl (1)", "lcl < center < ucl",
        ] {
            #expect(messages.contains { $0.contains(expected) }, "\(expected) in \(messages)")
        }
        // Each on its characteristic's line (they are lines 20 to 26).
        #expect(bad.map(\.line).sorted() == [20, 21, 22, 23, 24, 25, 25, 26])
    }

    @Test func unknownKeyIsNamedWithItsPlace() {
        let e = errors(Self.example.replacingOccurrences(of: "comm_loss_timeout: 30s", with: "comm_loss_timout: 30s"))
        #expect(e.count == 1)
        #expect(e.first?.line == 3)
        #expect(e.first?.column == 1)
        #expect(e.first?.message.contains("unknown key \"comm_loss_timout\"") == true)
        #expect(e.first?.description.hasPrefix("plant.yaml:3:1: ") == true)
    }

    @Test func reasonsCarryACategoryAndMistakesAreNamed() throws {
        let yaml =
            Self.example + """

                reasons:
                  jam: { description: Material jam, category: material }
                  no_operator: No operator
                """
        let config = try PlantConfigLoader.load(yaml: yaml, file: "plant.yaml")
        #expect(
            config.downtimeReasons == [
                .init(code: "jam", description: "Material jam", category: "material"), .init(code: "no_operator", description: "No operator"),
            ])
        let other = errors(Self.example + "\nreasons:\n  other: Something else\n")
        #expect(other.first?.message.contains("\"other\" is the console's own reason") == true, "\(other)")
        let typo = errors(Self.example + "\nreasons:\n  jam: { descripton: Material jam }\n")
        #expect(typo.contains { $0.message.contains("unknown key \"descripton\"") }, "\(typo)")
        let both = errors(Self.example + "\nreasons:\n  jam: Jam\ndowntime_reasons:\n  jam: Jam\n")
        #expect(both.contains { $0.message.contains("write the downtime reasons once") }, "\(both)")
    }

    @Test func duplicateMachineIsRefused() {
        let e = errors(Self.example.replacingOccurrences(of: "id: press-02", with: "id: press-01"))
        #expect(e.count == 1)
        #expect(e.first?.line == 9)
        #expect(e.first?.message.contains("duplicate machine id \"press-01\"") == true)
    }

    @Test func overlappingShiftsAreRefused() {
        let e = errors(Self.example.replacingOccurrences(of: "{ name: B, start: \"14:00\"", with: "{ name: B, start: \"13:00\""))
        #expect(e.count == 1)
        #expect(e.first?.message.contains("overlaps shift \"A\"") == true)
        #expect(e.first?.line == 17)
    }

    @Test func badDurationIsRefused() {
        let e = errors(Self.example.replacingOccurrences(of: "30s", with: "30 parsecs"))
        #expect(e.first?.message.contains("bad duration") == true)
        #expect(e.first?.line == 3)
        #expect(e.first?.column == 20)
    }

    @Test func brokenYAMLNamesLineAndColumn() {
        let e = errors("plant: [unclosed\nlines: x\n")
        #expect(e.count == 1)
        #expect(e.first?.line ?? 0 >= 1)
        #expect(e.first?.message.hasPrefix("YAML") == true)
    }

    @Test func listenersTakePortsPathsAndPrecision() throws {
        let c = try PlantConfigLoader.load(
            yaml: Self.example + "\nlisteners: { unix: /run/plc-gw.sock, tcp: 8094, udp: 8095, precision: ms }\n", file: "p")
        #expect(c.listeners == ListenerConfig(tcpPort: 8094, udpPort: 8095, precision: .milliseconds).with(unix: ["/run/plc-gw.sock"]))
        let e = errors(Self.example + "\nlisteners: { tcp: 70000, unix: relative.sock }\n")
        #expect(e.map(\.message).contains { $0.hasPrefix("tcp must be a port number") })
        #expect(e.map(\.message).contains { $0.hasPrefix("unix must be an absolute socket path") })
    }

    @Test func microStopThresholdIsADuration() throws {
        let c = try PlantConfigLoader.load(yaml: Self.example + "\nmicro_stop_threshold: 90s\n", file: "p")
        #expect(c.microStopThreshold == 90)
        #expect(try PlantConfigLoader.load(yaml: Self.example, file: "p").microStopThreshold == 120)
        #expect(errors(Self.example + "\nmicro_stop_threshold: soon\n").first?.message.hasPrefix("bad duration") == true)
    }

    @Test func durationsParse() {
        #expect(DurationText.seconds("30s") == 30)
        #expect(DurationText.seconds("10m") == 600)
        #expect(DurationText.seconds("1h30m") == 5400)
        #expect(DurationText.seconds("2.5") == 2.5)
        #expect(DurationText.seconds("abc") == nil)
        #expect(DurationText.seconds("10x") == nil)
    }
}

extension ListenerConfig {
    func with(unix: [String]) -> ListenerConfig {
        var c = self
        c.unixPaths = unix
        return c
    }
}
