import GembaConsole
import GembaCore
import Testing

/// The Status screen names the daemon; the header says when the floor is history being backfilled.
struct StatusScreenTests {
    @Test func theStatusScreenShowsVersionUptimeDatabaseAndRuntimeDirectory() {
        var app = Fixtures.app()
        var snap = Fixtures.snapshot
        snap.daemon = DaemonInfo(
            version: "0.9.0", startedAt: Fixtures.now - 3725 * Nanos.perSecond, now: Fixtures.now, database: "/var/lib/gemba/gemba.db",
            bytes: 36_909_875, runtimeDir: "/run/gemba")
        app.received(snap)
        _ = app.handle(.char("s"))
        let text = Fixtures.render(&app, width: 100, height: 30).text
        #expect(text.contains("Daemon: 0.9.0, up 1h02m"), "\(text)")
        #expect(text.contains("Database: /var/lib/gemba/gemba.db (35.2 MB)"))
        #expect(text.contains("Runtime directory: /run/gemba"))
        #expect(text.contains("Telemetry"), "beside the counters")
    }

    @Test func whileHistoryIsBackfilledTheHeaderSaysSoInsteadOfLive() {
        var app = Fixtures.app()
        #expect(Fixtures.render(&app).lines[0].contains("● live"))
        var stats = TelemetryStats()
        stats.backfilling = true
        app.received(FloorDelta(shift: nil, serverTime: "", machines: [], telemetry: stats, consoles: nil))
        let header = Fixtures.render(&app).lines[0]
        #expect(header.contains("backfilling") && !header.contains("live"), "\(header)")
        stats.backfilling = false
        app.received(FloorDelta(shift: nil, serverTime: "", machines: [], telemetry: stats, consoles: nil))
        #expect(Fixtures.render(&app).lines[0].contains("● live"))
    }
}
