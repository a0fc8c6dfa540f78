import GembaCore
import Testing

/// When a machine counts as lost (issue 11): one that reported, while `offline`; one never
/// heard from, once silent for longer than `comm_loss_timeout` since the daemon started (or
/// since its reset, when later).
struct CommLossRuleTests {
    let s = Nanos.perSecond
    static let t0: Timestamp = 1_795_478_400 * Nanos.perSecond
    let rule = CommLossRule(timeout: 60, startedAt: Self.t0)

    func reported(_ state: MachineState, since: Timestamp) -> MachineLive {
        var m = MachineLive(id: "m1", since: since)
        m.state = state
        m.lastSeen = since
        return m
    }

    @Test func aMachineNeverHeardFromIsLostOnceSilentLongerThanTheTimeoutSinceTheStart() throws {
        let m = MachineLive(id: "m1", since: Self.t0)
        #expect(rule.lost(m, now: Self.t0 + 60 * s) == nil, "not longer than the timeout yet: nothing said")
        let lost = try #require(rule.lost(m, now: Self.t0 + 61 * s))
        #expect(lost.lost)
        #expect(lost.since == Self.t0)
    }

    /// A machine restored from before a restart that had never reported still carries the old
    /// start; its silence counts from the new one. A reset after the start counts from the reset.
    @Test func itsSilenceCountsFromTheStartOrItsLaterReset() throws {
        let before = MachineLive(id: "m1", since: Self.t0 - 3600 * s)
        #expect(rule.lost(before, now: Self.t0 + 30 * s) == nil)
        #expect(try #require(rule.lost(before, now: Self.t0 + 61 * s)).since == Self.t0)
        let reset = MachineLive(id: "m1", since: Self.t0 + 100 * s)
        #expect(rule.lost(reset, now: Self.t0 + 150 * s) == nil)
        #expect(try #require(rule.lost(reset, now: Self.t0 + 161 * s)).since == Self.t0 + 100 * s)
    }

    /// A machine that reported (before a restart too) is judged by its state, from its last line.
    @Test func aMachineThatReportedIsLostWhileOffline() throws {
        let offline = try #require(rule.lost(reported(.offline, since: Self.t0 - 7200 * s), now: Self.t0 + s))
        #expect(offline.lost)
        #expect(offline.since == Self.t0 - 7200 * s)
        #expect(rule.lost(reported(.running, since: Self.t0 - 7200 * s), now: Self.t0 + 3600 * s)?.lost == false)
    }

    /// An alarm raised before a restart for a machine never heard from is not cleared by the
    /// restart: the machine is still silent; only its first line clears it.
    @Test func anAlarmRaisedBeforeARestartStaysUntilTheMachineReports() throws {
        let def = AlarmDefinition(id: "lost", machine: "m1", condition: .commLoss, priority: .high, message: "m1 not reporting")
        var first = AlarmEngine(definitions: [def], now: Self.t0 - 3600 * s)
        let earlier = CommLossRule(timeout: 60, startedAt: Self.t0 - 3600 * s)
        first.tick(now: Self.t0 - 3500 * s, machines: [MachineLive(id: "m1", since: Self.t0 - 3600 * s)], commLoss: earlier)
        let raised = try #require(first.record("lost"))
        #expect(raised.state == .unacknowledged)

        var restarted = AlarmEngine(definitions: [def], restoring: [raised], now: Self.t0)
        restarted.tick(now: Self.t0 + 10 * s, machines: [MachineLive(id: "m1", since: Self.t0)], commLoss: rule)
        #expect(restarted.record("lost")?.active == true)
        restarted.tick(now: Self.t0 + 20 * s, machines: [reported(.idle, since: Self.t0 + 20 * s)], commLoss: rule)
        #expect(restarted.record("lost")?.state == .returnedUnacknowledged)
    }

    /// Without a rule (an engine not told when the daemon started), a machine never heard from
    /// is never lost, as before.
    @Test func theDefaultRuleLosesOnlyMachinesThatReported() {
        let m = MachineLive(id: "m1", since: Self.t0)
        #expect(CommLossRule.afterReportingOnly.lost(m, now: .max) == nil)
    }
}
