import Foundation
import GembaClient
import GembaConsole
import GembaCore
import Testing

struct QueueScreenTests {
    static let s = Nanos.perSecond
    static let now = Fixtures.now

    static func op(
        _ order: String, _ index: Int, _ machine: String, from: Int64, to: Int64, state: String = "planned", lateness: Int = 0, setup: Int = 0
    ) -> PlannedOperation {
        PlannedOperation(
            order: order, index: index, operation: index == 0 ? "stamp" : "weld", product: "bracket", machine: machine, quantity: 120,
            start: ISOTime.format(now + from * s), end: ISOTime.format(now + to * s), startNanos: now + from * s, endNanos: now + to * s,
            setup: setup, due: ISOTime.format(now + 7200 * s), lateness: lateness, state: state, frozen: from < 1800)
    }

    static var plan: PlantSchedule {
        var p = PlantSchedule.empty
        p.generatedNanos = now
        p.generatedAt = ISOTime.format(now)
        p.operations = [
            op("WO-1", 0, "press-01", from: -600, to: 900, state: "running"),
            op("WO-2", 0, "press-01", from: 900, to: 2700, setup: 600),
            op("WO-1", 1, "weld-01", from: 900, to: 3600),
            op("WO-3", 0, "press-01", from: 2700, to: 9000, lateness: 1800),
        ]
        p.lateOrders = 1
        p.makespanEnd = ISOTime.format(now + 9000 * s)
        p.weightedTardiness = 1800
        p.nonWorking = [TimeSpan(start: now + 3600 * s, end: now + 5400 * s)]
        return p
    }

    static func app(permissions: [Permission] = Permission.allCases, station: String? = nil) -> ConsoleApp {
        var app = ConsoleApp(theme: .full)
        app.model.station = station
        if station != nil { app.model.screen = .queues }
        app.connected(
            ServerHello(
                protocol: 1, server: "t", plant: "Demo Works", user: "olga", uid: 1, roles: ["operator"], permissions: permissions.map(\.rawValue)))
        var snap = Fixtures.snapshot
        snap.schedule = plan
        app.received(snap)
        return app
    }

    @Test func aStationOpensOnItsMachinesQueueInScheduleOrder() {
        var app = Self.app(station: "press-01")
        let lines = Fixtures.render(&app, width: 100, height: 24).lines
        #expect(lines[1].hasPrefix(" Press 01 (press-01)  ▶ RUNNING  │  plan of 12:00:00  │  1 late order"))
        #expect(lines[2].hasPrefix(" press-01 3  press-02 0  press-03 0  weld-01 1  weld-02 0"))
        #expect(lines[4].hasPrefix("   ORDER     OPERATION    PRODUCT   QTY    START  END    DUE"))
        #expect(lines[5].hasPrefix(" ▸ WO-1      1 stamp      bracket   120    11:50  12:15  14:00 today  on time  RUNNING"))
        #expect(lines[6].contains("12:15  12:45  14:00 today  on time  setup 10m (frozen)"))
        #expect(lines[7].contains("+30m"), "\(lines[7])")
    }

    @Test func at80ColumnsTheStateStaysInView() {
        var app = Self.app(station: "press-01")
        let lines = Fixtures.render(&app, width: 80, height: 24).lines
        #expect(lines[5].hasSuffix("RUNNING") || lines[5].contains("on time  RUNNING"), "\(lines[5])")
        #expect(!lines[4].contains("PRODUCT"))
    }

    @Test func theMachineShownStaysInViewOnANarrowStrip() {
        var app = Self.app(station: "weld-02")
        let lines = Fixtures.render(&app, width: 40, height: 24).lines
        #expect(lines[2].contains("weld-02 0"), "\(lines[2])")
        #expect(lines[2].hasPrefix(" ‹ "), "the strip says it starts further right")
        let wide = Fixtures.render(&app, width: 100, height: 24).lines
        #expect(wide[2].hasPrefix(" press-01 3"))
    }

    @Test func startPauseAndFinishWithTheCountedQuantities() {
        var app = Self.app(station: "press-01")
        _ = app.handle(.down)
        #expect(app.handle(.enter) == [])
        // A scanner types each input lot and Enter; an empty Enter starts.
        for c in "C-1001" { _ = app.handle(.char(c)) }
        // Each scan is checked with the daemon as it is scanned.
        #expect(app.handle(.enter) == [.request(.lot(.init(lot: "C-1001")))])
        app.received(ScanTests.lot("C-1001"))
        #expect(app.model.prompt?.label == "Start WO-2/1 with C-1001; more, or Enter to start:")
        #expect(
            app.handle(.enter) == [
                .request(.opStart(.init(order: "WO-2", index: 0, machine: "press-01", lots: [LotQuantity(lot: "C-1001", quantity: nil)])))
            ])
        _ = app.handle(.up)
        #expect(app.handle(.char("p")) == [.request(.opPause(.init(order: "WO-1", index: 0, machine: "press-01")))])
        #expect(app.handle(.char("f")) == [.requestCounts(order: "WO-1", index: 0)])
        app.received(CountedQuantity(good: 117, scrap: 3, machine: "press-01"), order: "WO-1", index: 0)
        #expect(app.model.prompt?.text == "117 3")
        #expect(app.model.prompt?.label == "Finish WO-1/1 on press-01: good scrap (counted)")
        _ = app.handle(.backspace)
        _ = app.handle(.char("2"))
        #expect(app.handle(.enter) == [])
        #expect(app.model.prompt?.label == "Output lot of WO-1/1 (scan; Enter alone: none):")
        for c in "B-77" { _ = app.handle(.char(c)) }
        #expect(app.handle(.enter) == [.request(.opFinish(.init(order: "WO-1", index: 0, good: 117, scrap: 2, lot: "B-77")))])
    }

    @Test func ordersOnHoldAreNamedWithTheirReason() {
        var app = Self.app(station: "press-01")
        var plan = Self.plan
        plan.unscheduled = [UnscheduledOperation(order: "WO-9", index: 0, reason: "held (hold #3: drawing revision)")]
        var delta = FloorDelta(shift: nil, serverTime: "", machines: [], telemetry: nil, consoles: nil)
        delta.schedule = plan
        app.received(delta)
        let lines = Fixtures.render(&app, width: 100, height: 24).lines
        #expect(lines[22].hasPrefix(" On hold: WO-9 held (hold #3: drawing revision)"), "\(lines[22])")
    }

    /// Tryout: with a machine down, its operations vanished from the Gantt and the title still
    /// said "0 late". The title counts what waits for a machine, and the down machine's row names it.
    @Test func operationsWaitingForADownMachineAreNamedNotHidden() {
        var app = Self.app()
        var plan = Self.plan
        plan.unscheduled = [
            UnscheduledOperation(order: "WO-7", index: 0, reason: "no machine available (press-02 down or offline)"),
            UnscheduledOperation(order: "WO-7", index: 1, reason: "waits for WO-7/0, which has no machine available"),
            UnscheduledOperation(order: "WO-9", index: 0, reason: "held (hold #3: drawing revision)"),
        ]
        var delta = FloorDelta(shift: nil, serverTime: "", machines: [], telemetry: nil, consoles: nil)
        delta.schedule = plan
        app.received(delta)
        _ = app.handle(.char("w"))
        _ = app.handle(.char("g"))
        let lines = Fixtures.render(&app, width: 100, height: 24).lines
        #expect(lines[1].contains("(1 late, 2 wait for a machine, 1 not planned)"), "\(lines[1])")
        #expect(lines.contains { $0.hasPrefix(" press-02") && $0.contains("DOWN waits: WO-7") }, "\(lines.joined(separator: "\n"))")
        #expect(GanttView.machines(of: "no machine available (press-01, weld-01 down or offline)") == ["press-01", "weld-01"])
    }

    @Test func aRoleWithoutOperationsCannotStartOne() {
        var app = Self.app(permissions: [.view], station: "press-01")
        #expect(app.handle(.enter) == [])
        #expect(app.model.notice == "your role (operator) may not start, pause and finish operations")
    }

    @Test func theGanttShowsMachinesOperationsBreaksAndTheNowLine() {
        var app = Self.app()
        _ = app.handle(.char("w"))
        _ = app.handle(.char("g"))
        let grid = Fixtures.render(&app, width: 100, height: 24)
        let lines = grid.lines
        #expect(lines[1].hasPrefix(" Schedule: 4 operations  │  weighted tardiness 30m (1 late)  │  done 14:30 today  │  8 h"))
        let press = lines[3]
        #expect(press.hasPrefix(" press-01  "))
        #expect(press.contains("▏WO-1▏WO-2▏!"), "bars labelled by order, the late one marked: \(press)")
        #expect(press.contains("░"), "the break is shaded")
        #expect(lines.contains { $0.hasPrefix(" weld-01") && $0.contains("▏WO-1") })
        _ = app.handle(.char("-"))
        #expect(app.model.scheduleScreen.hours == 16)
        _ = app.handle(.right)
        #expect(app.model.scheduleScreen.offsetMinutes == -30 + 16 * 15)
        // Scrolled past now: a machine down now is not shown down in the hours ahead.
        let ahead = Fixtures.render(&app, width: 100, height: 24).lines
        #expect(ahead.contains { $0.hasPrefix(" press-02") })
        #expect(!ahead.contains { $0.hasPrefix(" press-02") && $0.contains("DOWN") }, "\(ahead.joined(separator: "\n"))")
    }

    /// Found by trying: a weighted tardiness of priority 1000 × months late, or a plan ending
    /// years out, overflowed turning it into nanoseconds and killed the console on `g`.
    @Test func theGanttDrawsHugeTardinessAndPlansYearsLong() {
        var app = Self.app()
        var plan = Self.plan
        plan.weightedTardiness = 9_300_000_000
        let years: Int64 = 40 * 365 * 86_400
        plan.operations.append(Self.op("WO-9", 0, "press-02", from: 3600, to: years, lateness: 2_000_000_000))
        plan.makespanEnd = ISOTime.format(Self.now + years * Self.s)
        plan.unscheduled = [UnscheduledOperation(order: "Q1", index: 0, reason: "100000000 units are more than a year of work")]
        var snap = Fixtures.snapshot
        snap.schedule = plan
        app.received(snap)
        _ = app.handle(.char("w"))
        _ = app.handle(.right)
        let queue = Fixtures.render(&app, width: 120, height: 24).lines
        #expect(queue.contains { $0.contains("WO-9") && $0.contains("+555555") }, "\(queue.joined(separator: "\n"))")
        #expect(queue[1].contains("1 late order, 1 not planned"), "\(queue[1])")
        _ = app.handle(.char("g"))
        let lines = Fixtures.render(&app, width: 120, height: 24).lines
        #expect(lines[1].contains("weighted tardiness 2583333h20m (1 late, 1 not planned)"), "\(lines[1])")
        #expect(lines.contains { $0.hasPrefix(" press-02") && $0.contains("WO-9") }, "\(lines.joined(separator: "\n"))")
    }

    @Test func supervisorsAddOrdersInOneLine() {
        var app = Self.app()
        app.received([
            OrderStatus(
                id: "WO-1", product: "bracket", quantity: 120, due: ISOTime.format(Self.now + 7200 * Self.s), priority: 1, release: nil,
                state: "running", operations: [], plannedEnd: nil, lateness: 0)
        ])
        _ = app.handle(.char("w"))
        _ = app.handle(.char("O"))
        #expect(app.model.screen == .orders)
        _ = app.handle(.char("n"))
        for c in "WO-9 bracket 100 2026-11-30 2" { _ = app.handle(.char(c)) }
        #expect(app.handle(.enter) == [.request(.orderAdd(.init(order: "WO-9", product: "bracket", quantity: 100, due: "2026-11-30", priority: 2)))])
        _ = app.handle(.char("x"))
        #expect(app.handle(.enter) == [], "a reason is required")
    }
}
