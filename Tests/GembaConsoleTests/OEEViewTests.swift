import GembaConsole
import GembaCore
import Testing

struct OEEViewTests {
    static func result(_ scope: String, a: Double?, p: Double?, q: Double?, oee: Double?) -> OEEResult {
        var t = OEETime()
        t.plannedBusy = 25200
        t.production = 22380
        t.delay = 2820
        t.netProduction = 19271
        t.fullyProductive = 18848
        return OEEResult(
            scope: scope, from: "", to: "", convention: .iso, provisional: true, availability: a, performance: p,
            quality: q, oee: oee, time: t, counts: OEECounts(total: 19271, reject: 423), idealCycleTime: 1, flags: [])
    }

    static var board: OEEBoard {
        let r = result("press-01", a: 0.888095, p: 0.861081, q: 0.97805, oee: 0.747937)
        let none = result("press-02", a: nil, p: nil, q: nil, oee: nil)
        return OEEBoard(
            current: Fixtures.snapshot.shift, last: nil, convention: .iso,
            rows: [
                OEEBoardRow(
                    kind: .plant, id: "plant", name: "Demo Works", current: r, last: nil, hourly: [0.7, 0.8],
                    pareto: [
                        ParetoItem(state: .down, reason: "jam", seconds: 2820, occurrences: 3)
                    ], lastHourly: [0.5, 0.6, 0.9],
                    lastPareto: [ParetoItem(state: .down, reason: "tool change", seconds: 600, occurrences: 1)]),
                OEEBoardRow(kind: .machine, id: "press-01", name: "Press 01", current: r, last: r, hourly: [], pareto: []),
                OEEBoardRow(kind: .machine, id: "press-02", name: "Press 02", current: none, last: nil, hourly: [], pareto: []),
            ])
    }

    @Test func tableShowsFactorsBarsAndUndefinedAsDash() {
        var app = Fixtures.app()
        #expect(app.handle(.char("o")) == [.requestOEEBoard(.iso)])
        app.received(Self.board)
        let lines = Fixtures.render(&app).lines
        #expect(lines[1].hasPrefix(" OEE  shift A 2025-11-25 so far   convention iso   (l: last)"))
        #expect(lines[3].hasPrefix(" ▸ Demo Works                88.8%  86.1%  97.8%  74.8%  █████████···       —"))
        #expect(lines[4].hasPrefix("     Press 01                88.8%  86.1%  97.8%  74.8%  █████████···   74.8%"))
        #expect(lines[5].hasPrefix("     Press 02                    —      —      —      —  ············       —"))
        // The waterfall of the selected row (the plant): PBT less the losses is fully productive time.
        #expect(lines[12].hasPrefix(" planned busy    7h00m ████████████████"))
        #expect(lines[14].hasPrefix(" − delay        47m00s ▒▒"))
        #expect(lines[17].hasPrefix(" = production    6h13m"))
        #expect(lines[20].hasPrefix(" = fully prod.   5h14m"))
        #expect(lines[15].contains("jam             47m00s ×3 ▬▬▬▬▬▬▬▬▬▬▬▬"))
    }

    @Test func enterOnALineOrThePlantOpensItsLedgerWithTheFormulas() {
        var app = Fixtures.app()
        _ = app.handle(.char("o"))
        app.received(Self.board)
        #expect(app.handle(.enter) == [])
        let text = Fixtures.render(&app).text
        #expect(text.contains("Ledger: Demo Works (iso)"))
        #expect(text.contains("planned busy (PBT)       25200 s"))
        #expect(text.contains("A = APT / PBT           = 0.888095"))
        #expect(text.contains("OEE = Σ PRI·GQ / PBT    = 0.747937"))
        _ = app.handle(.char("x"))
        #expect(!app.model.oeeScreen.ledgerOpen)
        #expect(app.handle(.enter) == [])
        #expect(app.handle(.char("q")) == [], "q closes the box like any key; it does not quit the console")
        #expect(!app.model.oeeScreen.ledgerOpen)
    }

    /// Under Nakajima the ledger prints Nakajima's formulas, so its figures check by hand.
    @Test func theLedgerPrintsTheFormulasOfItsConvention() {
        var app = Fixtures.app()
        _ = app.handle(.char("o"))
        var board = Self.board
        board.convention = .nakajima
        for i in board.rows.indices { board.rows[i].current?.convention = .nakajima }
        app.received(board)
        _ = app.handle(.enter)
        let text = Fixtures.render(&app).text
        #expect(text.contains("A = (APT + micro) / PBT ="))
        #expect(text.contains("P = Σ PRI·PQ / (APT + micro) ="))
        #expect(!text.contains("A = APT / PBT"))
    }

    @Test func tShowsTheLastShiftInFull() {
        var app = Fixtures.app()
        _ = app.handle(.char("o"))
        app.received(Self.board)
        _ = app.handle(.char("l"))
        let lines = Fixtures.render(&app).lines
        #expect(lines[1].contains("(l: current)"))
        #expect(lines[3].hasPrefix(" ▸ Demo Works                    —      —      —      —  ············   74.8%"))
        #expect(lines[4].hasPrefix("     Press 01                88.8%  86.1%  97.8%  74.8%  █████████···   74.8%"))
    }

    @Test func tSwitchesEveryPanelTheTrendAndTheParetoToo() {
        var app = Fixtures.app()
        _ = app.handle(.char("o"))
        var board = Self.board
        board.rows[0].last = board.rows[0].current
        app.received(board)
        _ = app.handle(.char("l"))
        let text = Fixtures.render(&app, width: 100, height: 30).text
        #expect(text.contains("Hourly OEE (last shift)"))
        #expect(text.contains("▄▅▇"))
        #expect(text.contains("Downtime Pareto (last shift)"))
        #expect(text.contains("tool change"))
        #expect(!text.contains("jam"), "the current shift's stops are not shown as the last shift's")
    }

    @Test func enterOnAMachineOpensItsLedgerThenItsIntervalsAndEscComesBack() {
        var app = Fixtures.app()
        _ = app.handle(.char("o"))
        app.received(Self.board)
        _ = app.handle(.down)
        #expect(app.handle(.enter) == [])
        let text = Fixtures.render(&app).text
        #expect(text.contains("Ledger: Press 01 (iso)"))
        #expect(text.contains("OEE = Σ PRI·GQ / PBT    = 0.747937"))
        #expect(text.contains("Enter intervals · any key closes"))
        #expect(app.handle(.enter) == [.requestDetail("press-01")])
        #expect(app.model.screen == .detail("press-01"))
        _ = app.handle(.escape)
        #expect(app.model.screen == .oee)
        #expect(!app.model.oeeScreen.ledgerOpen)
        #expect(app.handle(.char("c")) == [.requestOEEBoard(.nakajima)])
    }

    @Test func homeEndAndPageKeysMoveTheListNotTheFloorBoard() {
        var app = Fixtures.app()
        _ = app.handle(.char("o"))
        app.received(Self.board)
        let floorSelection = app.model.selected
        _ = app.handle(.end)
        #expect(app.model.oeeScreen.list.selected == 2)
        _ = app.handle(.home)
        #expect(app.model.oeeScreen.list.selected == 0)
        _ = app.handle(.pageDown)
        #expect(app.model.oeeScreen.list.selected == 2, "a page down stops at the last row")
        _ = app.handle(.pageUp)
        #expect(app.model.oeeScreen.list.selected == 0)
        #expect(app.model.selected == floorSelection)
    }

    @Test func aFlaggedPerformanceIsExplainedInTheHeader() {
        var app = Fixtures.app()
        _ = app.handle(.char("o"))
        var board = Self.board
        #expect(!Fixtures.render(&app).text.contains("performance over 100 %"))
        board.rows[1].current?.performance = 1.04
        board.rows[1].current?.flags = ["performance_over_100"]
        app.received(board)
        let lines = Fixtures.render(&app).lines
        #expect(lines[1].hasSuffix("(l: last)      ! P over 100% "), "at 80 columns, the short legend, right-aligned")
        #expect(lines[4].contains("!"), "the machine's row carries the mark")
        #expect(Fixtures.render(&app, width: 140, height: 40).lines[1].hasSuffix("! performance over 100 %: ideal cycle time too long? "))
    }
}
