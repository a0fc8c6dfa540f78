import GembaConsole
import GembaCore
import Testing

/// The console shows plant clock times from the daemon's UTC-offset table, and asks for a
/// fresh one before it runs out.
struct PlantClockTests {
    static func berlinApp() -> ConsoleApp {
        var app = ConsoleApp(theme: .full)
        app.connected(ServerHello(protocol: 1, server: "gemba test", plant: "Demo Works", user: "alice", uid: 1000))
        var snap = Fixtures.snapshot
        snap.plant.timezone = "Europe/Berlin"
        snap.plant.utcOffsets = UTCOffsets.table(zone: "Europe/Berlin", around: Fixtures.now)
        app.received(snap)
        return app
    }

    @Test func theHeaderClockIsThePlantsLocalTime() {
        var app = Self.berlinApp()
        let lines = Fixtures.render(&app).lines
        #expect(lines[0].contains("● live │ alice │ 13:00:00"), "12:00 UTC in November is 13:00 in Berlin")
    }

    @Test func aConsoleLeftOpenAsksForTheWholeFloorAgainBeforeItsOffsetsRunOut() {
        var s = ConsoleSession(app: Self.berlinApp())
        let h = 3600 * Nanos.perSecond
        #expect(s.tick(now: Fixtures.now + 5 * h).isEmpty)
        #expect(s.tick(now: Fixtures.now + 6 * h) == [.send(ConsoleRequest(Requests.Status()))])
        #expect(s.tick(now: Fixtures.now + 6 * h + 30 * Nanos.perSecond).isEmpty, "not again while the daemon has not answered")
        #expect(s.tick(now: Fixtures.now + 6 * h + 61 * Nanos.perSecond) == [.send(ConsoleRequest(Requests.Status()))])
        var fresh = Fixtures.snapshot
        fresh.plant.utcOffsets = UTCOffsets.table(zone: "Europe/Berlin", around: Fixtures.now + 6 * h)
        _ = s.receive([.snapshot(fresh)], now: Fixtures.now + 6 * h + 62 * Nanos.perSecond)
        #expect(s.tick(now: Fixtures.now + 7 * h).isEmpty, "the new table is young")
    }
}
