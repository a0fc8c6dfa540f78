import Foundation
import GembaCore
import GembaServer
import GembaTesting
import Testing

/// SPC in the daemon: a process value charted as it comes and a measured characteristic
/// entered by hand, each point judged by its rules, a violation raising the characteristic's
/// ISA-18.2 alarm and an in-control point clearing it; `gemba spc` shows the chart; the
/// limits and the runs survive a restart.
@Suite(.serialized)
struct SPCDaemonTests {
    static let plant = """
        spc:
          - id: press-01-oil
            machine: press-01
            value: oil_temp
            chart: individuals
            limits: { center: 60, ucl: 66, lcl: 54 }
            spec: { lsl: 40, usl: 80 }
            rules: [we1, we2, we3, we4]
            priority: high
          - id: bracket-width
            chart: xbar_r
            subgroup: 5
            spec: { lsl: 9.9, usl: 10.1 }
            rules: [nelson1]
        """

    static func board(_ h: DaemonHarness) throws -> AlarmBoard {
        try JSONDecoder().decode(Reply<AlarmBoard>.self, from: Data(h.request(Requests.Alarms(), as: .daemon).line.utf8)).result
    }

    static func waitFor(_ h: DaemonHarness, _ what: String, _ ok: (AlarmStatus?) -> Bool) throws -> AlarmStatus? {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            let a = try board(h).alarms.first { $0.definition == "spc-press-01-oil" }
            if ok(a) { return a }
            Thread.sleep(forTimeInterval: 0.02)
        }
        Issue.record("timed out waiting for \(what)")
        return nil
    }

    @Test func aValuesPointsRaiseAndClearItsAlarmAndTheChartShowsThem() throws {
        let t0 = DaemonClock.now() - 600 * Nanos.perSecond
        func at(_ s: Int64) -> Int64 { t0 + s * Nanos.perSecond }
        var folder = ""
        let engineer = Identity.person("quinn", [.quality])
        do {
            let h = try DaemonHarness(extra: Self.plant)
            folder = h.handOver()
            // In control, then one point beyond 3σ (σ = 2: above 66).
            try h.send(
                (0..<5).map { "process,machine=press-01 oil_temp=\(60 + $0 % 2) \(at(Int64($0)))" } + [
                    "process,machine=press-01 oil_temp=67.5 \(at(5))"
                ])
            let raised = try Self.waitFor(h, "the SPC alarm") { $0?.active == true }
            #expect(raised?.priority == .high)
            #expect(raised?.detail?.contains("we1 (a point beyond 3σ)") == true, "\(raised?.detail ?? "")")
            // One point in control does not clear it (it would chatter); the third in a row does,
            // and the alarm waits for its acknowledgement.
            try h.send(["process,machine=press-01 oil_temp=60 \(at(6))"])
            Thread.sleep(forTimeInterval: 0.2)
            #expect(try Self.board(h).alarms.first { $0.definition == "spc-press-01-oil" }?.active == true)
            try h.send(["process,machine=press-01 oil_temp=61 \(at(7))", "process,machine=press-01 oil_temp=60 \(at(8))"])
            _ = try Self.waitFor(h, "the condition to clear") { $0?.active == false }
            let chart = try JSONDecoder().decode(
                Reply<SPCResult>.self,
                from: Data(
                    h.request(Requests.SPCQuery(characteristic: "press-01-oil", from: ISOTime.format(t0), to: ISOTime.format(at(60))), as: engineer)
                        .line.utf8)
            ).result
            #expect(chart.center == 60 && chart.ucl == 66 && chart.lcl == 54)
            #expect(chart.points.map(\.value) == [60, 61, 60, 61, 60, 67.5, 60, 61, 60])
            #expect(chart.points.map(\.violations) == [[], [], [], [], [], ["we1"], [], [], []])
            #expect(chart.points[0].t == ISOTime.format(t0))
            // Cp from σ within (the fixed limits' σ, 2): the 40-wide specification over 6σ.
            #expect(chart.cp == 40.0 / 12 && chart.pp != nil)
        }
        // After a restart the chart and its limits are still there.
        let h2 = try DaemonHarness(folder: folder, extra: Self.plant)
        let again = try JSONDecoder().decode(
            Reply<SPCResult>.self,
            from: Data(
                h2.request(Requests.SPCQuery(characteristic: "press-01-oil", from: ISOTime.format(t0), to: ISOTime.format(at(60))), as: engineer).line
                    .utf8)
        ).result
        #expect(again.points.count == 9 && again.points[5].violations == ["we1"])
    }

    @Test func aMeasuredSubgroupIsAuditedJudgedAndRefusedWhenWrong() throws {
        let h = try DaemonHarness(extra: Self.plant)
        let op = Identity.person("otto", [.lineOperator])
        func measure(_ values: [Double]) -> (ok: Bool, line: String) {
            h.request(Requests.Measure(characteristic: "bracket-width", values: values, comment: "gauge 7"), as: op)
        }
        // The first 25 subgroups are the baseline: kept, not judged.
        var rng: UInt64 = 3
        func noise() -> Double {
            rng = rng &* 6_364_136_223_846_793_005 &+ 1
            let r: UInt64 = (rng >> 40) % 1000
            return Double(r) / 1e6
        }
        for k in 0..<25 {
            var values: [Double] = []
            for j in 0..<5 {
                let step: Double = Double((k + j) % 5 - 2) * 0.004
                values.append(10 + step + noise())
            }
            let reply = measure(values)
            #expect(reply.ok, "\(reply.line)")
            let r = try JSONDecoder().decode(Reply<MeasureResult>.self, from: Data(reply.line.utf8)).result
            #expect(r.violations == nil && r.n == 5)
        }
        // Then a subgroup far off the centre breaks nelson1.
        let off = try JSONDecoder().decode(Reply<MeasureResult>.self, from: Data(measure([10.2, 10.21, 10.19, 10.2, 10.2]).line.utf8)).result
        #expect(off.violations == ["nelson1"])
        let a = try Self.board(h).alarms.first { $0.definition == "spc-bracket-width" }
        #expect(a?.active == true && a?.detail?.contains("nelson1") == true)
        // Audited with who and what.
        let audit = h.request(Requests.AuditQuery(limit: 5), as: .person("quinn", [.quality])).line
        #expect(audit.contains("characteristic:bracket-width") && audit.contains("readings 10.2,10.21,10.19,10.2,10.2") && audit.contains("otto"))
        // A hurried person's mistakes, each named.
        #expect(measure([10, 10]).line.contains("bracket-width takes subgroups of 5 readings; these are 2"))
        #expect(
            h.request(Requests.Measure(characteristic: "press-01-oil", values: [1]), as: op).line.contains("samples press-01's oil_temp as it comes"))
        #expect(h.request(Requests.Measure(characteristic: "nope", values: [1]), as: op).line.contains("measured ones: bracket-width"))
        #expect(throws: MeasuredValues.Refusal.self) { try MeasuredValues.parse("10,02 x") }
        #expect(try MeasuredValues.parse("10.02, 10.01;9.98") == [10.02, 10.01, 9.98])
        // A decimal comma that happens to give the subgroup's count is still caught, and a
        // reading no gauge gives (a sensor fault) is refused before it can poison the chart.
        #expect(
            throws: MeasuredValues.Refusal(
                description: "reading 2, \"02\", looks like the decimals of a number written with a comma: write 10.02, not 10,02")
        ) {
            try MeasuredValues.parse("10,02")
        }
        #expect(measure([1e308, 10, 10, 10, 10]).line.contains("reading 1 is not a number Gemba keeps"))
        #expect(throws: MeasuredValues.Refusal.self) { try MeasuredValues.parse("1e308") }
    }
}
