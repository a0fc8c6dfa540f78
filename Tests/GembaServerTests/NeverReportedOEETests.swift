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
}
