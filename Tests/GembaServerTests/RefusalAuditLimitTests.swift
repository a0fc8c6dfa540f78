import Foundation
import GembaCore
import GembaServer
import GembaStore
import GembaTesting
import Testing

/// A person or script hammering refused requests cannot flood the audit trail (issue 12): at
/// most 10 refusals per person and minute are recorded, the rest summed up in one record
/// ("N more refusals suppressed") when the minute is over or before that person's next record.
@Suite(.serialized)
struct RefusalAuditLimitTests {
    let s = Nanos.perSecond
    /// 2025-11-24T16:00:00Z.
    let t0: Timestamp = 1_764_000_000 * Nanos.perSecond

    func refusals(_ h: DaemonHarness, of user: String) throws -> [AuditRecord] {
        try h.daemon.store.auditRecords().filter { $0.user == user && $0.outcome.hasPrefix("refused") }.reversed()
    }

    @Test func tenRefusalsAMinuteAreRecordedAndTheRestSummedUpWhenTheMinuteEnds() throws {
        let clock = ScriptedClock(at: t0)
        let h = try DaemonHarness(extra: Plants.oilHotAlarm, clock: clock.now)
        let bob = Identity.person("bob", [.lineOperator], uid: 5001)
        let lead = Identity.person("lena", [.shiftLead], uid: 5002)
        for k in 0..<15 {
            // A role refusal (forbidden) and a refusal of the request itself (no such reason): both count.
            let r =
                k % 2 == 0
                ? h.request(Requests.Acknowledge(alarm: "press-01-oil-hot", comment: "\(k)"), as: bob)
                : h.request(ClientRequest(type: "classify", machine: "press-02", start: String(t0), reason: "nope"), as: bob)
            #expect(!r.ok)
            clock.advance(seconds: 1)
        }
        #expect(!h.request(Requests.Acknowledge(alarm: "press-01-oil-hot", comment: "normal"), as: lead).ok)
        #expect(try refusals(h, of: "bob").count == 10)
        #expect(try refusals(h, of: "lena").count == 1, "each person has a budget of their own")

        clock.set(t0 + 60 * s)
        let deadline = Date().addingTimeInterval(10)
        while try refusals(h, of: "bob").count < 11 && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let recorded = try refusals(h, of: "bob")
        let summary = try #require(recorded.last)
        #expect(summary.action == "refusals_suppressed")
        #expect(summary.outcome == "refused: 5 more refusals suppressed")
        #expect(summary.at == t0 + 60 * s)
        #expect(recorded.count == 11)
        #expect(try h.daemon.store.verifyAudit().ok)
    }

    @Test func theNextRefusalAfterTheMinuteIsRecordedAfterTheSummary() throws {
        let clock = ScriptedClock(at: t0)
        let h = try DaemonHarness(clock: clock.now)
        let bob = Identity.person("bob", [.lineOperator], uid: 5001)
        for _ in 0..<13 { #expect(!h.request(Requests.Reload(), as: bob).ok) }
        #expect(try refusals(h, of: "bob").count == 10)
        clock.set(t0 + 90 * s)
        #expect(!h.request(Requests.Reload(), as: bob).ok)
        // The flusher or the refusal itself wrote the summary first, whichever came first; once.
        let recorded = try refusals(h, of: "bob")
        #expect(recorded.map(\.action) == Array(repeating: "reload_config", count: 10) + ["refusals_suppressed", "reload_config"])
        #expect(recorded[10].outcome == "refused: 3 more refusals suppressed")
    }
}
