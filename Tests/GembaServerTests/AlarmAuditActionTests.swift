import Foundation
import GembaCore
import GembaServer
import GembaStore
import GembaTesting
import Testing

/// Each alarm action is audited under its own name: an unshelve is not a shelve.
@Suite(.serialized)
struct AlarmAuditActionTests {
    @Test func anUnshelveIsAuditedAsUnshelveAlarm() throws {
        let h = try DaemonHarness(extra: Plants.oilHotAlarm)
        try h.send(["process,machine=press-01 oil_temp=85.5 \(DaemonClock.now())"])
        let deadline = Date().addingTimeInterval(10)
        while h.daemon.floor.alarm("press-01-oil-hot")?.record.state != .unacknowledged && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        let lead = Identity.person("lena", [.shiftLead])
        #expect(h.request(Requests.Shelve(alarm: "press-01-oil-hot", comment: "sensor swap", duration: "30m"), as: lead).ok)
        #expect(h.request(Requests.Unshelve(alarm: "press-01-oil-hot", comment: "sensor back"), as: lead).ok)
        let actions = try h.daemon.store.auditRecords(object: "alarm:press-01-oil-hot").map(\.action)
        #expect(actions.prefix(2) == ["unshelve_alarm", "shelve_alarm"], "newest first: \(actions)")
    }
}
