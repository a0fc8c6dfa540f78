import GembaConsole
import GembaCore
import Testing

/// What the console does between terminal and daemon, without either.
struct ConsoleSessionTests {
    static let ms = Nanos.perSecond / 1000
    let t0 = Fixtures.now

    static func delta() -> FloorDelta {
        FloorDelta(shift: nil, serverTime: ISOTime.format(Fixtures.now), machines: Fixtures.snapshot.machines, telemetry: nil, consoles: nil)
    }

    static func session() -> ConsoleSession {
        var s = ConsoleSession(app: AlarmScreenTests.app())
        _ = s.frame(width: 80, height: 24, now: Fixtures.now)
        return s
    }

    @Test func aChangeFromTheDaemonIsDrawnWithinAFrameIntervalNotAtTheNextSecond() {
        var s = Self.session()
        #expect(!s.needsFrame(now: t0 + 150 * Self.ms), "nothing changed, same second")
        _ = s.receive([.delta(Self.delta())], now: t0 + 150 * Self.ms)
        #expect(s.needsFrame(now: t0 + 150 * Self.ms), "a tenth of a second has passed since the last frame")
        _ = s.frame(width: 80, height: 24, now: t0 + 150 * Self.ms)
        _ = s.receive([.delta(Self.delta())], now: t0 + 180 * Self.ms)
        #expect(!s.needsFrame(now: t0 + 180 * Self.ms), "changes are coalesced: at most ten frames a second")
        #expect(s.waitMilliseconds(now: t0 + 180 * Self.ms) == 70)
        #expect(s.needsFrame(now: t0 + 250 * Self.ms))
    }

    @Test func aKeyIsDrawnAtOnceAndItsRequestSent() {
        var s = Self.session()
        // A key waits 15 ms for a scanner's next one; none comes, so it runs.
        #expect(s.key(.char("o"), now: t0 + 10 * Self.ms) == [])
        #expect(s.tick(now: t0 + 26 * Self.ms) == [.send(.oeeBoard(.init(convention: "iso")))])
        #expect(s.needsFrame(now: t0 + 26 * Self.ms))
        _ = s.frame(width: 80, height: 24, now: t0 + 26 * Self.ms)
        #expect(s.tick(now: t0 + 2 * Nanos.perSecond).isEmpty)
        #expect(s.tick(now: t0 + 6 * Nanos.perSecond) == [.send(.oeeBoard(.init(convention: "iso")))], "OEE asked again every 5 s while shown")
        _ = s.key(.escape, now: t0 + 7 * Nanos.perSecond)
        #expect(s.tick(now: t0 + 20 * Nanos.perSecond).isEmpty, "and not once it is left")
    }

    @Test func afterAnOperationTheOrdersAreAskedForAgainAfterAHoldTheHolds() {
        var s = Self.session()
        _ = s.app.perform(.showOrders)
        #expect(s.receive([.operationDone(OrderChangeResult(orders: ["WO-1"], audit: 9))], now: t0) == [.send(.orders(.init()))])
        let hold = Hold(
            id: 3, scope: "lot", target: "C-1", lots: ["C-1"], reason: "cracked", reasonCode: nil, placedBy: "q", placedAt: "2026-11-28T10:00:00Z",
            status: "active")
        #expect(s.receive([.holdDone(hold)], now: t0) == [.send(.holds(.init()))])
    }

    @Test func aNewUnacknowledgedAlarmRingsTheBellWhenAsked() {
        var app = AlarmScreenTests.app()
        app.bell = true
        var s = ConsoleSession(app: app)
        var board = AlarmScreenTests.board()
        board.alarms.append(
            AlarmScreenTests.alarm("weld-02-stop", machine: "weld-02", .high, .unacknowledged, acknowledged: false, activatedAgo: 1, occurrence: 1))
        var d = Self.delta()
        d.alarms = board
        #expect(s.receive([.delta(d)], now: t0) == [.bell])
    }

    @Test func aScanWhereNoPromptAsksForOneIsDroppedNotRunAsScreenKeys() {
        var s = Self.session()
        _ = s.key(.char("a"), now: t0 + 100 * Self.ms)
        _ = s.tick(now: t0 + 200 * Self.ms)
        #expect(s.app.model.screen == .alarms)
        // "sensor_fault" + Enter within milliseconds: u would unshelve, S sort, s leave for status…
        var t = t0 + 300 * Self.ms
        var out: [ConsoleSession.Output] = []
        for c in "sensor_fault" {
            out += s.key(.char(c), now: t)
            t += 2 * Self.ms
        }
        out += s.key(.enter, now: t)
        out += s.tick(now: t + 50 * Self.ms)
        #expect(out.isEmpty, "nothing sent")
        #expect(s.app.model.screen == .alarms && s.app.model.prompt == nil)
        #expect(s.app.model.notice == "a scan (13 keys at once) arrived where nothing asked for one: ignored")
        // Into an open prompt a scan is what is wanted.
        _ = s.key(.char("a"), now: t + 200 * Self.ms)
        _ = s.tick(now: t + 300 * Self.ms)
        for c in "C-17" { _ = s.key(.char(c), now: t + 301 * Self.ms) }
        #expect(s.app.model.prompt?.text == "C-17")
    }
}
