import Foundation
import GembaConsole
import GembaCore
import Testing

struct AlarmScreenTests {
    static let s = Nanos.perSecond

    static func alarm(
        _ id: String, machine: String, _ priority: AlarmPriority, _ state: AlarmState, acknowledged: Bool, activatedAgo: Int64,
        occurrence: Int64, message: String? = nil
    ) -> AlarmStatus {
        let d = AlarmDefinition(
            id: id, machine: machine, condition: .limit(value: "oil_temp", kind: .hi, limit: 80, deadband: 2), priority: priority,
            message: message ?? "\(id) message")
        var r = AlarmRecord(definition: id, since: Fixtures.now - activatedAgo * s)
        r.state = state
        r.active = state == .unacknowledged || state == .acknowledged
        r.acknowledged = acknowledged
        r.occurrence = occurrence
        r.activatedAt = Fixtures.now - activatedAgo * s
        r.value = 84.5
        return AlarmStatus(record: r, definition: d)
    }

    static func board(flood: Bool = false) -> AlarmBoard {
        var k = AlarmKPIs()
        k.lastTenMinutes = flood ? 12 : 3
        k.averagePerTenMinutes = 1.5
        k.flood = flood
        k.floodSince = flood ? ISOTime.format(Fixtures.now - 300 * s) : nil
        k.chattering = ["press-02-oil"]
        k.topTen = [AlarmCount(definition: "press-02-oil", count: 4)]
        k.priorities = ["critical": 1, "high": 2, "low": 1]
        return AlarmBoard(
            alarms: [
                alarm("press-01-oil", machine: "press-01", .high, .acknowledged, acknowledged: true, activatedAgo: 600, occurrence: 3),
                alarm("press-02-oil", machine: "press-02", .low, .unacknowledged, acknowledged: false, activatedAgo: 30, occurrence: 5),
                alarm("weld-01-stop", machine: "weld-01", .critical, .unacknowledged, acknowledged: false, activatedAgo: 90, occurrence: 4),
                alarm("press-01-quiet", machine: "press-01", .medium, .normal, acknowledged: true, activatedAgo: 900, occurrence: 1),
                alarm("press-03-shelved", machine: "press-03", .high, .shelved, acknowledged: true, activatedAgo: 60, occurrence: 2),
            ], kpis: k)
    }

    static func app(permissions: [Permission] = Permission.allCases, flood: Bool = false) -> ConsoleApp {
        var app = ConsoleApp(theme: .full)
        app.connected(
            ServerHello(
                protocol: 1, server: "gemba test", plant: "Demo Works", user: "alice", uid: 1000, roles: ["shift_lead"],
                permissions: permissions.map(\.rawValue)))
        var snap = Fixtures.snapshot
        snap.alarms = board(flood: flood)
        app.received(snap)
        return app
    }

    @Test func theListShowsPriorityStateTimeMachineMessageAndAgeMostUrgentFirst() {
        var app = Self.app()
        _ = app.handle(.char("a"))
        #expect(app.model.screen == .alarms)
        let lines = Fixtures.render(&app, width: 100, height: 24).lines
        #expect(lines[1].hasPrefix(" Alarms: 3 on the list, 1 shelved/suppressed/out of service"))
        #expect(lines[2].hasPrefix("     PRI  TIME     MACHINE    MESSAGE"))
        #expect(lines[3].hasPrefix(" ▸ ▲ CRIT 11:58:30 weld-01    weld-01-stop message (84.5)"), "the selected row is marked")
        #expect(lines[3].contains("1m30s   UNACK"))
        #expect(lines[4].hasPrefix("   △ HIGH 11:50:00 press-01   press-01-oil message (84.5)"))
        #expect(lines[4].contains("10m00s  ACKED"))
        #expect(lines[5].hasPrefix("   ▲ LOW  11:59:30 press-02"))
        #expect(lines[6].hasPrefix("   ◌ HIGH"), "hidden alarms come after the list")
        #expect(!lines.contains { $0.contains("press-01-quiet") }, "normal alarms are not listed")
        #expect(lines[20].contains("Alarm system (24 h): 3 in the last 10 min"))
        #expect(lines[21].contains("crit 1 · high 2 · med 0 · low 1"))
        #expect(lines[21].contains("chattering: press-02-oil"))
        #expect(lines[22].contains("Top ten: press-02-oil 4"))
    }

    @Test func unacknowledgedAlarmsStandOutAndTheHeaderCountsThemOnEveryScreen() {
        var app = Self.app()
        var grid = Fixtures.render(&app, width: 120, height: 24)
        #expect(grid.lines[0].contains("▲  1 CRIT  1 LOW "), "\(grid.lines[0])")
        #expect(grid.lines[0].contains("Shift A 2h00m left"), "the badges never cover the shift")
        // On a narrow terminal the counts shrink to one total rather than cover the title.
        let narrow = Fixtures.render(&app, width: 100, height: 24).lines[0]
        #expect(narrow.contains("▲2"), "\(narrow)")
        _ = app.handle(.char("a"))
        _ = app.handle(.down)
        grid = Fixtures.render(&app, width: 100, height: 24)
        // Row 3 (critical, unacknowledged) is not selected now: reverse and bold.
        #expect(grid[1, 3].style.reverse && grid[1, 3].style.bold)
        // The acknowledged one, selected, is inverted for the selection only.
        #expect(grid[1, 4].style.reverse)
        #expect(!grid[1, 5].style.dim && grid[1, 5].style.reverse)
        #expect(grid[1, 6].style.dim, "shelved rows are dim")
    }

    @Test func acknowledgeAsksForACommentAndSendsIt() {
        var app = Self.app()
        _ = app.handle(.char("a"))
        #expect(app.handle(.char("a")) == [])
        #expect(app.model.prompt?.label == "Acknowledge weld-01-stop; comment:")
        for c in "seen it" { _ = app.handle(.char(c)) }
        _ = app.handle(.backspace)
        _ = app.handle(.char("t"))
        let lines = Fixtures.render(&app, width: 100, height: 24).lines
        #expect(lines[22].hasPrefix(" Acknowledge weld-01-stop; comment: seen it   Enter ok"))
        #expect(app.handle(.enter) == [.request(.ack(.init(alarm: "weld-01-stop", comment: "seen it")))])
        #expect(app.model.prompt == nil)
    }

    @Test func shelveAsksForADurationThenAReason() {
        var app = Self.app()
        _ = app.handle(.char("a"))
        _ = app.handle(.char("z"))
        for c in "soon" { _ = app.handle(.char(c)) }
        _ = app.handle(.enter)
        #expect(app.model.notice == "soon: not a duration: write a number and a unit, such as 30m, 2h or 1h30m (s, m, h, d)")
        // The prompt owns the keyboard until answered or cancelled: it stays open with the text.
        #expect(app.model.prompt?.text == "soon")
        for _ in 0..<4 { _ = app.handle(.backspace) }
        for c in "30" { _ = app.handle(.char(c)) }
        _ = app.handle(.enter)
        #expect(app.model.notice == "30: a duration needs a unit, such as 30m (s, m, h, d)", "a person's duration has a unit")
        _ = app.handle(.char("m"))
        _ = app.handle(.enter)
        #expect(app.handle(.enter) == [], "a reason is required")
        #expect(app.model.notice == "shelving needs a reason")
        #expect(app.model.prompt != nil, "the reason prompt stays open")
        // What is typed next goes into the prompt, never to the alarm list's hotkeys (a, s, r…).
        for c in "sensor swap" { _ = app.handle(.char(c)) }
        #expect(app.handle(.enter) == [.request(.shelve(.init(alarm: "weld-01-stop", comment: "sensor swap", duration: "30m")))])
    }

    @Test func actionsTheRoleCannotDoAreGreyedAndNotSent() {
        var app = Self.app(permissions: [.view, .classifyDowntime])
        _ = app.handle(.char("a"))
        let grid = Fixtures.render(&app, width: 100, height: 24)
        let footer = grid.lines[23]
        let ack = footer.range(of: "a ack")!
        let column = footer.distance(from: footer.startIndex, to: ack.lowerBound)
        #expect(grid[column, 23].style.fg == .blue, "the ack key is greyed out")
        #expect(app.handle(.char("a")) == [])
        #expect(app.model.notice == "your role (shift_lead) may not acknowledge an alarm")
        #expect(app.model.prompt == nil)
    }

    @Test func filterAndSort() {
        var app = Self.app()
        _ = app.handle(.char("a"))
        _ = app.handle(.char("/"))
        for c in "press" { _ = app.handle(.char(c)) }
        #expect(AlarmList.rows(app.model).map(\.definition) == ["press-01-oil", "press-02-oil", "press-03-shelved"])
        _ = app.handle(.enter)
        _ = app.handle(.char("S"))
        #expect(app.model.alarmsScreen.sort == .time)
        #expect(AlarmList.rows(app.model).map(\.definition) == ["press-02-oil", "press-01-oil", "press-03-shelved"])
    }

    @Test func aFloodShowsABannerAndGroupsByMachineFirstOutOnTop() {
        var app = Self.app(flood: true)
        _ = app.handle(.char("a"))
        let lines = Fixtures.render(&app, width: 100, height: 24).lines
        #expect(lines[1].hasPrefix(" ALARM FLOOD since 11:55:00: 12 in 10 min. Grouped by machine, first-out on top"))
        #expect(lines[0].contains("FLOOD"))
        // press-01 alarmed first (10 min ago), then weld-01 (90 s), then press-02 (30 s).
        #expect(AlarmList.rows(app.model).map(\.definition) == ["press-01-oil", "weld-01-stop", "press-02-oil", "press-03-shelved"])
    }

    @Test func at80ColumnsTheFooterStillOffersHelpAndQuit() {
        var app = Self.app()
        _ = app.handle(.char("a"))
        let footer = Fixtures.render(&app, width: 80, height: 24).lines[23]
        #expect(footer.hasPrefix(" ↑↓ select  Enter detail  a ack  z shelve"), "\(footer)")
        #expect(footer.contains("? help  q quit"), "\(footer)")
    }

    @Test func asciiTerminalsReadTheSameWithoutGlyphs() {
        var app = ConsoleApp(theme: .ascii)
        var snap = Fixtures.snapshot
        snap.alarms = Self.board()
        app.received(snap)
        _ = app.handle(.char("a"))
        let lines = Fixtures.render(&app, width: 80, height: 24).lines
        #expect(lines[3].hasPrefix(" > ! CRIT"), "the selected row's mark is > without Unicode")
        #expect(lines.allSatisfy { $0.unicodeScalars.allSatisfy(\.isASCII) })
    }
}
