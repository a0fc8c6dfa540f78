import GembaCore
import Testing

/// At most 10 refusals per person and minute go into the audit trail; the rest are counted and
/// summed up in one record when the minute is over, or before that person's next recorded one.
struct RefusalAuditBudgetTests {
    let s = Nanos.perSecond
    let t0: Timestamp = 1_795_478_400 * Nanos.perSecond
    let bob = Actor(user: "bob", uid: 5001, role: "operator")
    let eve = Actor(user: "eve", uid: 5002, role: "operator")

    @Test func tenAMinuteAreRecordedTheRestSummedUpBeforeTheNextRecord() throws {
        var budget = RefusalAuditBudget()
        let first = (0..<15).map { budget.admit(bob, at: t0 + Timestamp($0) * s) }
        #expect(first.map(\.record) == Array(repeating: true, count: 10) + Array(repeating: false, count: 5))
        #expect(first.allSatisfy { $0.summary == nil })
        #expect(budget.admit(eve, at: t0 + 20 * s).record, "each person has a budget of their own")
        // The minute is over: bob's next refusal is recorded after the summary of the last.
        let next = budget.admit(bob, at: t0 + 60 * s)
        #expect(next.record)
        let summary = try #require(next.summary)
        #expect(summary.actor == bob)
        #expect(summary.count == 5)
        #expect(summary.first == t0 + 10 * s)
        #expect(summary.last == t0 + 14 * s)
        let record = summary.record(at: t0 + 60 * s)
        #expect(record.action == "refusals_suppressed")
        #expect(record.object == "user:bob")
        #expect(record.outcome == "refused: 5 more refusals suppressed")
        #expect(record.user == "bob" && record.uid == 5001 && record.role == "operator")
        let comment =
            "5 more refusals of bob between 2026-11-24T00:00:10Z and 2026-11-24T00:00:14Z were not recorded one by one "
            + "(at most 10 a minute are)"
        #expect(record.comment == comment)
        #expect(budget.ended(at: t0 + 120 * s).isEmpty, "summed up already")
    }

    @Test func aMinuteThatEndsWithRefusalsNotRecordedIsSummedUpOnItsOwn() throws {
        var budget = RefusalAuditBudget()
        for k in 0..<12 { _ = budget.admit(bob, at: t0 + Timestamp(k) * s) }
        _ = budget.admit(eve, at: t0)
        #expect(budget.ended(at: t0 + 59 * s).isEmpty, "the minute is not over")
        let ended = budget.ended(at: t0 + 60 * s)
        #expect(ended.map(\.actor) == [bob], "eve's minute ended without anything left out")
        #expect(ended.first?.count == 2)
        #expect(budget.ended(at: t0 + 61 * s).isEmpty, "once")
        #expect(budget.admit(bob, at: t0 + 61 * s) == RefusalAuditBudget.Admission(record: true, summary: nil))
    }
}
