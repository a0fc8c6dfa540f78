import GembaConsole
import GembaCore
import Testing

/// The SPC screen a quality engineer opens with `c`: each characteristic's state and Cpk,
/// the selected one's chart with its limits and the point that broke a rule, and a measured
/// subgroup typed (or scanned by a gauge) at the prompt.
struct SPCScreenTests {
    static func app() -> ConsoleApp {
        var snapshot = Fixtures.snapshot
        snapshot.plant.characteristics = [
            .init(SPCCharacteristic(id: "press-01-oil", machine: "press-01", value: "oil_temp", chart: .individuals)),
            .init(SPCCharacteristic(id: "bracket-width", machine: nil, value: nil, chart: .xbarR, subgroup: .count(5))),
        ]
        var app = ConsoleApp(theme: .full)
        app.connected(ServerHello(protocol: 1, server: "gemba test", plant: "Demo Works", user: "alice", uid: 1000))
        app.received(snapshot)
        return app
    }

    static func result() -> SPCResult {
        let t0 = Fixtures.now - 3600 * Nanos.perSecond
        let values = (0..<30).map { 60 + Double($0 % 3) - 1 } + [67.5, 60]
        let points = values.enumerated().map { k, v in
            var p = SPCPoint(t: t0 + Int64(k) * 60 * Nanos.perSecond, value: v)
            if v > 66 { p.violations = ["we1"] }
            return SPCResult.Point(p, n: 1)
        }
        let limits = SPCLimits.fixed(center: 60, ucl: 66, lcl: 54)
        return SPCResult(
            id: "press-01-oil", chart: "individuals", machine: "press-01", value: "oil_temp", from: ISOTime.format(t0),
            to: ISOTime.format(Fixtures.now), limits: limits, limitsNote: nil, lsl: 40, usl: 80, points: points,
            capability: SPCCapability(count: 32, mean: 60.2, overall: 1.5, sigmaWithin: 2, lsl: 40, usl: 80))
    }

    @Test func cOpensTheListAndTheSelectedChart() {
        var app = Self.app()
        _ = Fixtures.render(&app)
        #expect(
            app.handle(.char("c")) == [
                .request(.spc(.init(characteristic: "press-01-oil"))), .request(.spc(.init(characteristic: "bracket-width"))),
            ])
        #expect(app.model.screen == .spc)
        app.received(Self.result())
        let lines = Fixtures.render(&app).lines
        #expect(lines.contains { $0.contains("press-01-oil") && $0.contains("1 point out of control") && $0.contains("3.30") })
        #expect(lines.contains { $0.contains("bracket-width") && $0.contains("…") })
        #expect(lines.contains { $0.contains("CL 60  UCL 66  LCL 54  Cp 3.3333") })
        // The limits labelled on the scale, the broken point marked, and said at the bottom.
        #expect(lines.contains { $0.hasPrefix(" UCL 66 ") } && lines.contains { $0.hasPrefix(" LCL 54 ") })
        #expect(lines.contains { $0.contains("●") })
        #expect(lines.contains { $0.contains("last out of control 11:30: we1") })
    }

    @Test func mTakesAMeasuredSubgroupAndNamesAMistake() {
        var app = Self.app()
        _ = Fixtures.render(&app)
        _ = app.handle(.char("c"))
        // The first samples a value: nothing is entered for it.
        #expect(app.handle(.char("m")) == [])
        #expect(app.model.notice?.contains("samples press-01's oil_temp as it comes") == true)
        _ = app.handle(.down)
        _ = app.handle(.char("m"))
        #expect(app.model.prompt?.label == "Measure bracket-width (5 readings, e.g. 10.02,10.01):")
        for ch in "10.02,10,01" { _ = app.handle(.char(ch)) }
        #expect(app.handle(.enter) == [])
        #expect(app.model.notice == "reading 3, \"01\", looks like the decimals of a number written with a comma: write 10.02, not 10,02")
        // The prompt stays with what was typed, to correct.
        #expect(app.model.prompt?.text == "10.02,10,01")
        for _ in 0..<5 { _ = app.handle(.backspace) }
        for ch in "10.01 9.98;10 10.03" { _ = app.handle(.char(ch)) }
        #expect(app.handle(.enter) == [.request(.measure(.init(characteristic: "bracket-width", values: [10.02, 10.01, 9.98, 10, 10.03])))])
        app.received(MeasureResult(characteristic: "bracket-width", t: "2025-11-25T12:00:00Z", n: 5, mean: 10.008, violations: [], audit: 42))
        #expect(app.model.notice == "bracket-width: 5 readings, mean 10.008; in control")
    }
}
