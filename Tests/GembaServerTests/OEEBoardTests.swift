import Foundation
import GembaCore
import GembaServer
import GembaTesting
import Testing

/// The OEE screen's figures come from the daemon for the current and the last shift alike.
struct OEEBoardTests {
    /// 2025-11-24 13:00 UTC: shift B; shift A (00:00–12:00) is the last.
    let t0: Int64 = 1_763_989_200 * 1_000_000_000
    let s = Nanos.perSecond

    @Test func theLastShiftHasItsOwnHourlyTrendAndDowntimePareto() throws {
        let clock = ScriptedClock(at: t0 - 3 * 3600 * s)
        let h = try DaemonHarness(clock: clock.now)
        // Shift A: press-01 runs from 10:00, is down for a jam 10:30–10:50, runs again.
        let tenOClock = t0 - 3 * 3600 * s
        try h.send(["machine,machine=press-01 state=\"running\",count_total=0i \(tenOClock)"])
        _ = try h.waitFor("10:00") { $0.telemetry.accepted == 1 }
        clock.advance(seconds: 1800)
        try h.send(["machine,machine=press-01 state=\"down\",reason=\"jam\",count_total=800i \(tenOClock + 1800 * s)"])
        _ = try h.waitFor("10:30") { $0.telemetry.accepted == 2 }
        clock.advance(seconds: 1200)
        try h.send(["machine,machine=press-01 state=\"running\",count_total=800i \(tenOClock + 3000 * s)"])
        _ = try h.waitFor("10:50") { $0.telemetry.accepted == 3 }
        // Into shift B: a tool change 12:30–12:40.
        clock.advance(seconds: 6000)
        try h.send(["machine,machine=press-01 state=\"down\",reason=\"tool_change\",count_total=2000i \(tenOClock + 9000 * s)"])
        _ = try h.waitFor("12:30") { $0.telemetry.accepted == 4 }
        clock.advance(seconds: 600)
        try h.send(["machine,machine=press-01 state=\"running\",count_total=2000i \(tenOClock + 9600 * s)"])
        _ = try h.waitFor("12:40") { $0.telemetry.accepted == 5 }
        clock.advance(seconds: 1200)

        let reply = h.request(Requests.OEEBoardQuery(convention: "iso"), as: Identity.person("lead", [.shiftLead]))
        #expect(reply.ok, "\(reply.line)")
        let board = try JSONDecoder().decode(Reply<OEEBoard>.self, from: Data(reply.line.utf8)).result
        let press = try #require(board.rows.first { $0.id == "press-01" })
        // (The silences past comm_loss_timeout count as offline, in both shifts.)
        let downNow = press.pareto.filter { $0.state == .down }
        let downBefore = press.lastPareto.filter { $0.state == .down }
        #expect(downNow.map(\.reason) == ["tool_change"], "this shift's stops")
        #expect(downBefore.map(\.reason) == ["jam"], "the last shift's stops")
        #expect(downBefore.first?.seconds == 1200)
        #expect(press.lastHourly.count == 12, "one value per hour of shift A")
        #expect(press.lastHourly[10] != nil && press.lastHourly[11] != nil, "the hours it ran have a figure")
        #expect(press.hourly.count == 1, "shift B so far: one hour begun")
        #expect(reply.line.contains("\"last_pareto\""))
    }
}
