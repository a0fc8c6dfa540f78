import GembaConsole
import GembaCore
import Testing

/// The machine detail's sparklines and a process value's chart: what an engineer sees of a
/// value over time, and the keys that get there.
struct ValueChartTests {
    static let s = Nanos.perSecond

    /// The floor with press-01 reporting two values, its detail open with their trends.
    static func appOnDetail(theme: Theme = .full) -> ConsoleApp {
        var snapshot = Fixtures.snapshot
        snapshot.machines[0].processValues = [
            ProcessValue(name: "pressure", value: 190, at: Fixtures.now), ProcessValue(name: "oil_temp", value: 71.5, at: Fixtures.now),
        ]
        var app = ConsoleApp(theme: theme)
        app.connected(ServerHello(protocol: 1, server: "gemba test", plant: "Demo Works", user: "alice", uid: 1000))
        app.received(snapshot)
        _ = Fixtures.render(&app)
        _ = app.handle(.enter)
        let rising: [Double?] = (0..<48).map { $0 == 10 ? nil : 60 + Double($0) / 4 }
        app.received(
            MachineDetail(
                machine: snapshot.machines[0], shift: snapshot.shift, intervals: [],
                trends: [
                    ValueTrend(name: "oil_temp", from: ISOTime.format(Fixtures.now - 6 * 3600 * s), stepSeconds: 450, means: rising, limits: [80]),
                    ValueTrend(name: "pressure", from: ISOTime.format(Fixtures.now - 6 * 3600 * s), stepSeconds: 450, means: [190, 190], limits: []),
                ]))
        return app
    }

    @Test func theDetailShowsEachValuesTrendBesideIt() {
        var app = Self.appOnDetail()
        let lines = Fixtures.render(&app, width: 100, height: 30).lines
        let oil = lines.first { $0.contains("oil_temp 71.5") }
        #expect(oil != nil)
        // Rising: the lowest block first, the highest last; the step without samples is a gap.
        #expect(oil?.contains("▁") == true)
        #expect(oil?.contains("█") == true)
        #expect(oil.map { $0.firstRange(of: "▁")!.lowerBound < $0.firstRange(of: "█")!.lowerBound } == true)
        #expect(oil?.contains("12:00:00") == true)
        // ASCII terminals get a ramp of plain characters.
        var ascii = Self.appOnDetail(theme: .ascii)
        let plain = Fixtures.render(&ascii, width: 100, height: 30).lines.first { $0.contains("oil_temp 71.5") }
        // After the value: the ramp rises from its lowest mark to its highest.
        let spark = plain.flatMap { line in line.firstRange(of: "71.5").map { String(line[$0.upperBound...]) } } ?? ""
        #expect(spark.firstIndex(of: ".").map { low in spark.firstIndex(of: "@").map { low < $0 } ?? false } == true, "\(spark)")
    }

    @Test func vSelectsAValueAndEnterChartsIt() {
        var app = Self.appOnDetail()
        // v moves the selection to the values; ↓ picks the second by name.
        #expect(app.handle(.char("v")) == [])
        #expect(app.model.detailValuesFocused)
        _ = app.handle(.down)
        #expect(app.model.detailValue == 1)
        _ = app.handle(.up)
        // Enter asks for the last 8 hours in steps that fit 78 columns of braille (2 dots each).
        let effects = app.handle(.enter)
        #expect(app.model.screen == .chart)
        #expect(effects == [.request(.history(.init(machine: "press-01", value: "oil_temp", step: "300s", last: "28800s")))])
        #expect(app.model.chartScreen.limits == [80])
        // + asks for a shorter span, - for a longer one.
        #expect(app.handle(.char("+")) == [.request(.history(.init(machine: "press-01", value: "oil_temp", step: "30s", last: "3600s")))])
        _ = app.handle(.char("-"))
        _ = app.handle(.char("-"))
        #expect(app.model.chartScreen.spanSeconds == 86_400)
        // Esc goes back to the machine, and asks for its detail again (fresh sparklines).
        #expect(app.handle(.escape) == [.requestDetail("press-01")])
        #expect(app.model.screen == .detail("press-01"))
    }

    @Test func aMachineWithoutValuesSaysSo() {
        var app = Fixtures.app()
        _ = Fixtures.render(&app)
        _ = app.handle(.enter)
        #expect(app.handle(.char("v")) == [])
        #expect(app.model.notice == "this machine has reported no process value yet")
        #expect(app.handle(.enter) == [])
        #expect(app.model.screen == .detail("press-01"))
    }

    @Test func theChartDrawsTheValueItsLimitAndItsTime() {
        var app = Self.appOnDetail()
        _ = app.handle(.enter)
        let from = Fixtures.now - 8 * 3600 * Self.s
        let points = (0..<96).map { k -> HistoryResult.Point in
            let t = from + Int64(k) * 300 * Self.s
            let v = 60 + Double(k) / 8
            return HistoryResult.Point(
                HistoryPoint(t: t, aggregate: HistoryAggregate(count: 30, min: v - 0.5, max: v + 0.5, sum: v * 30, last: v, lastAt: t)))
        }
        app.received(
            HistoryResult(
                machine: "press-01", value: "oil_temp", step: "5m", from: ISOTime.format(from), to: ISOTime.format(Fixtures.now), points: points))
        let lines = Fixtures.render(&app).lines
        #expect(lines[1].contains("press-01 oil_temp  last 8h, 5m steps  latest 71.88  min 59.5  max 72.38"))
        // The limit at 80 is a line, labelled on the scale.
        #expect(lines.contains { $0.hasPrefix(" 80 ") && $0.contains("────") })
        // Braille dots, rising from the bottom left to the top right.
        let plot = lines[2..<22]
        let rows = plot.enumerated().filter { $0.element.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) } }.map(\.offset)
        #expect(!rows.isEmpty)
        let firstDot = { (line: String) in line.unicodeScalars.firstIndex { (0x2801...0x28FF).contains($0.value) } }
        let topRow = plot[plot.startIndex + rows.first!]
        let bottomRow = plot[plot.startIndex + rows.last!]
        #expect(firstDot(topRow)! > firstDot(bottomRow)!)
        // The plant's time along the bottom: 04:00, 08:00, 12:00.
        #expect(lines[22].contains("04:00") && lines[22].contains("08:00") && lines[22].hasSuffix("12:00 "))
        // The smallest console still gets a chart, its title cut where it must be.
        let small = Fixtures.render(&app, width: 40, height: 10).lines
        #expect(small[1].hasSuffix("… "))
        #expect(small.contains { $0.unicodeScalars.contains { (0x2801...0x28FF).contains($0.value) } })
    }
}
