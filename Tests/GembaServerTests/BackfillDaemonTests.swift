import Foundation
import GembaClient
import GembaCore
import GembaServer
import GembaTesting
import Testing

/// While telemetry is backfilled (lines stamped well behind the daemon's clock, as the demo's
/// simulator sends hours of history first), the telemetry stats say `backfilling`, and a console
/// hears of it in a delta; live lines, or a few seconds without history, clear it (issue 11).
@Suite(.serialized)
struct BackfillDaemonTests {
    let s = Nanos.perSecond
    /// 2025-11-24T16:00:00Z.
    let t0: Timestamp = 1_764_000_000 * Nanos.perSecond

    /// The next delta's telemetry stats whose `backfilling` is `value`; nil when none came in 10 s.
    func delta(_ c: ConsoleConnection, backfilling value: Bool) -> TelemetryStats? {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            guard let line = try? c.readLine(timeout: 1), let e = try? JSONDecoder().decode(DeltaEvent.self, from: line) else { continue }
            if let t = e.delta.telemetry, t.backfilling == value { return t }
        }
        return nil
    }

    @Test func historyIsBackfillingUntilLiveLinesArrive() throws {
        let clock = ScriptedClock(at: t0)
        let h = try DaemonHarness(clock: clock.now)
        let c = try ConsoleConnection(path: h.runtime.consoleSocket)
        #expect(try c.request(ClientRequest(type: "subscribe"), as: FloorSnapshot.self).telemetry.backfilling == false)
        // Two hours of history, a line a minute, the last three minutes behind the clock.
        try h.send((0..<120).map { "machine,machine=press-01 state=\"running\",count_total=\($0)i \(t0 - Int64(7380 - 60 * $0) * s)" })
        #expect(delta(c, backfilling: true) != nil, "a delta says backfilling")
        #expect(try h.waitFor("the history") { $0.telemetry.accepted == 120 }.telemetry.backfilling)
        // A line stamped a minute behind the clock is not history.
        try h.send(["machine,machine=press-01 count_total=200i \(t0 - 60 * s)"])
        #expect(delta(c, backfilling: false) != nil, "the live line clears it")
        #expect(try h.waitFor("the live line") { $0.telemetry.accepted == 121 }.telemetry.backfilling == false)
    }

    @Test func backfillingEndsAFewSecondsAfterTheLastHistoryLine() throws {
        let clock = ScriptedClock(at: t0)
        let h = try DaemonHarness(clock: clock.now)
        let c = try ConsoleConnection(path: h.runtime.consoleSocket)
        _ = try c.request(ClientRequest(type: "subscribe"), as: FloorSnapshot.self)
        try h.send(["machine,machine=press-02 state=\"idle\" \(t0 - 61 * s)"])
        #expect(delta(c, backfilling: true) != nil, "61 s behind the clock is history")
        clock.advance(seconds: 5)
        #expect(try h.status().telemetry.backfilling, "5 s after it, still backfilling")
        clock.advance(seconds: 0.001)
        #expect(delta(c, backfilling: false) != nil, "more than 5 s without history and no live line: no longer")
    }
}
