import Foundation
import GembaCore
import GembaServer
import GembaTesting
import Testing

/// A machine that never reported has no OEE: `null` in JSON, `—` on the board, never 0.0 %.
@Suite(.serialized)
struct NeverReportedOEETests {
    @Test func aMachineThatNeverReportedHasNoOEE() throws {
        let h = try DaemonHarness()
        try h.send(["machine,machine=press-01 state=\"running\",count_total=0i \(DaemonClock.now())"])
        let s = try h.waitFor("press-01's live OEE") { $0.machines.first { $0.id == "press-01" }?.oee != nil }
        #expect(s.machines.first { $0.id == "press-02" }?.oee == nil, "press-02 never reported")
        #expect(s.machines.first { $0.id == "press-01" }?.oee != nil)
    }

    /// On the OEE screen and from `gemba oee`, too: — (null), not 0.0 %; its line counts its
    /// silence as offline time, as before.
    @Test func theOEEBoardAndTheOEEQueryGiveItNoFigure() throws {
        let h = try DaemonHarness()
        try h.send(["machine,machine=press-01 state=\"running\",count_total=0i \(DaemonClock.now())"])
        _ = try h.waitFor("press-01") { $0.telemetry.accepted == 1 }
        let lead = Identity.person("lena", [.shiftLead])
        let board = try JSONDecoder().decode(
            Reply<OEEBoard>.self, from: Data(h.request(Requests.OEEBoardQuery(convention: "iso"), as: lead).line.utf8)
        ).result
        let ghost = try #require(board.rows.first { $0.id == "press-02" })
        #expect(ghost.current?.oee == nil && ghost.current?.availability == nil, "\(String(describing: ghost.current))")
        let line = try #require(board.rows.first { $0.kind == .line })
        #expect((line.current?.time.offline ?? 0) > 0, "the line counts press-02's silence as offline")
        let query = h.request(Requests.OEEQuery(machine: "press-02"), as: lead)
        let result = try JSONDecoder().decode(Reply<OEEResult>.self, from: Data(query.line.utf8)).result
        #expect(result.oee == nil && result.availability == nil, "\(query.line)")
    }
}
