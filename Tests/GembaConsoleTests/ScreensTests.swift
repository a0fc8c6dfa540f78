import GembaConsole
import GembaCore
import Testing

struct ScreensTests {
    @Test func enterOpensTheDetailAndAsksTheDaemonForItsHistory() {
        var app = Fixtures.app()
        _ = Fixtures.render(&app)
        _ = app.handle(.right)
        #expect(app.handle(.enter) == [.requestDetail("press-02")])
        #expect(app.model.screen == .detail("press-02"))
        let m = Fixtures.snapshot.machines[1]
        let start = Fixtures.now - 6 * 3600 * Nanos.perSecond
        app.received(
            MachineDetail(
                machine: m, shift: Fixtures.snapshot.shift,
                intervals: [
                    IntervalRecord(
                        StateInterval(machine: "press-02", state: .running, reason: nil, start: start, end: start + 3 * 3600 * Nanos.perSecond)),
                    IntervalRecord(
                        StateInterval(
                            machine: "press-02", state: .setup, reason: "changeover", start: start + 3 * 3600 * Nanos.perSecond,
                            end: Fixtures.now - 95 * Nanos.perSecond)),
                ]))
        let lines = Fixtures.render(&app).lines
        #expect(lines[2].hasPrefix(" Press 02 (press-02)  line L1 Stamping  ideal cycle 2 s"))
        #expect(lines[3].hasPrefix("  ✖ DOWN  since 11:58:25 (1m35s)  reason: jam"))
        #expect(lines[5].hasPrefix(" this shift: 12 good, 0 reject, 12 total"))
        // The timeline: 78 columns over 8 hours; running, then setup, then down, then the future.
        let bar = lines[8]
        #expect(bar.hasPrefix(" " + String(repeating: "▶", count: 29) + "↻"))
        #expect(bar.contains("↻↻↻"))
        #expect(bar.hasSuffix("·· "))
        #expect(lines.contains { $0.contains("11:58 ✖ down     now     jam") })
        #expect(lines.contains { $0.contains("09:00 ↻ setup    2h58m   changeover") })
        _ = app.handle(.escape)
        #expect(app.model.screen == .floor)
    }

    @Test func anOperatorBooksAReasonForAnUnexplainedStop() {
        var app = Fixtures.app()
        app.model.plant?.downtimeReasons = [.init(code: "jam", description: "Material jam"), .init(code: "tool_change", description: "Tool change")]
        var m = Fixtures.snapshot.machines[1]
        m.reason = nil
        app.received(FloorDelta(shift: nil, serverTime: "", machines: [m], telemetry: nil, consoles: nil))
        _ = app.handle(.right)
        _ = app.handle(.enter)
        #expect(app.handle(.char("r")) == [])
        #expect(app.model.picker?.start == m.sinceNanos)
        var text = Fixtures.render(&app).text
        #expect(text.contains("Reason for press-02 down 11:58:25–now UTC"))
        #expect(text.contains("▸ jam  Material jam"))
        _ = app.handle(.down)
        #expect(app.handle(.enter) == [])
        text = Fixtures.render(&app).text
        #expect(text.contains("Book \"tool_change\"? y: yes"))
        #expect(app.handle(.char("y")) == [.request(.classify(.init(machine: "press-02", start: String(m.sinceNanos), reason: "tool_change")))])
        #expect(app.model.picker == nil)
        // Esc cancels without booking.
        _ = app.handle(.char("r"))
        #expect(app.handle(.escape) == [])
        #expect(app.model.picker == nil)
    }

    @Test func helpListsEveryKeyOfTheScreenFromItsTable() {
        var app = Fixtures.app()
        _ = app.handle(.char("?"))
        // At 80×24 the floor's keys fill more than the box: what is below is a page down.
        var text = Fixtures.render(&app).text
        _ = app.handle(.pageDown)
        text += Fixtures.render(&app).text
        for b in Screen.floor.bindings {
            #expect(text.contains(b.help), "help misses \(b.help)")
        }
        _ = app.handle(.char("x"))
        #expect(!app.model.showHelp)
    }

    @Test func footerOnlyNamesKeysThatWork() {
        for screen in [Screen.floor, .oee, .status, .detail("press-01")] {
            var grid = Grid(width: 120, height: 3)
            FooterView.render(screen, theme: .full, into: &grid, in: grid.bounds)
            let footer = grid.lines[2]
            for b in screen.bindings where b.footer != nil {
                #expect(footer.contains((b.footerKeys ?? b.keys[0].name) + " " + (b.footer ?? "")))
            }
        }
    }

    @Test func statusScreenShowsCountsAndErrors() {
        var app = Fixtures.app()
        var delta = FloorDelta(
            shift: nil, serverTime: "", machines: [], telemetry: TelemetryStats(),
            consoles: [
                ConsoleInfo(user: "bob", uid: 1001, pid: 77, connected: "2025-11-25T11:00:00Z")
            ])
        delta.telemetry?.received = 10
        delta.telemetry?.accepted = 8
        delta.telemetry?.rejected = 2
        delta.telemetry?.errors = [
            TelemetryErrorRecord(at: "2025-11-25T11:59:00Z", connection: "unix#1", line: 7, column: 12, reason: "unknown machine \"press-99\"")
        ]
        app.received(delta)
        _ = app.handle(.char("s"))
        let text = Fixtures.render(&app).text
        #expect(text.contains("received 10   accepted 8   rejected 2"))
        #expect(text.contains("11:59:00 unix#1 line 7 col 12: unknown machine \"press-99\""))
        #expect(text.contains("bob (uid 1001, pid 77)"))
    }

    /// Issue 13: the status screen shows the broker's state, and a delta changes it.
    @Test func statusScreenShowsTheBrokersState() {
        var app = Fixtures.app()
        var up = MQTTStatus(connected: true, broker: "mqtt://broker.plant:1883")
        up.received = 1204
        up.rejected = 3
        up.seqGaps = 1
        up.rebirthsRequested = 1
        up.since = "2026-12-01T10:40:02Z"
        var delta = FloorDelta(shift: nil, serverTime: "", machines: [], telemetry: nil, consoles: nil)
        delta.mqtt = up
        app.received(delta)
        _ = app.handle(.char("s"))
        var text = Fixtures.render(&app, width: 80, height: 24).text
        #expect(text.contains("MQTT: connected to mqtt://broker.plant:1883 since 2026-12-01T10:40:02Z"), "\(text)")
        #expect(text.contains("      1204 messages in, 3 rejected, 1 sequence gaps, 1 rebirths requested"), "\(text)")
        var down = up
        down.connected = false
        down.lastError = "Connection refused"
        delta.mqtt = down
        app.received(delta)
        // At 80 columns the reason is still there whole (the tryout found it cut off behind the address).
        text = Fixtures.render(&app, width: 80, height: 24).text
        #expect(text.contains("MQTT: NOT connected to mqtt://broker.plant:1883 since 2026-12-01T10:40:02Z"), "\(text)")
        #expect(text.contains("      Connection refused; retrying"), "\(text)")
    }

    @Test func tinyTerminalSaysWhatItNeeds() {
        var app = Fixtures.app()
        let grid = Fixtures.render(&app, width: 20, height: 5)
        #expect(grid.lines[0].hasPrefix("Gemba needs at least"))
        #expect(grid.lines[2].hasPrefix("this is 20x5."))
        #expect(app.handle(.char("q")) == [.quit])
    }

    @Test func lostConnectionShowsInHeaderAndFooter() {
        var app = Fixtures.app()
        app.disconnected("the daemon closed the connection")
        let lines = Fixtures.render(&app).lines
        #expect(lines[0].contains("DISCONNECTED"))
        #expect(lines[23].contains("connection to the daemon lost"))
    }
}
