import Foundation
import GembaCore
import GembaServer
import GembaTesting
import Testing

/// Issue 11: a machine the daemon has not heard from since it started raises its comm-loss
/// alarm once `comm_loss_timeout` (an hour in the test plant) has passed since the start, like
/// a machine that reported and fell silent; after a restart such a machine counts from the new
/// start, and one that reported before it goes on from its last line.
@Suite(.serialized)
struct CommLossDaemonTests {
    let s = Nanos.perSecond
    /// 2025-11-24T16:00:00Z.
    let t0: Timestamp = 1_764_000_000 * Nanos.perSecond

    static let lostAlarms = """
        alarms:
          - id: press-01-lost
            machine: press-01
            when: { comm_loss: true }
            priority: high
            message: Press 01 not reporting
          - id: press-02-lost
            machine: press-02
            when: { comm_loss: true }
            priority: high
            message: Press 02 not reporting
        """

    /// The state of alarm `id` once `done` holds for it (the flusher runs the clock rules on its
    /// own thread), or as it is after 10 s.
    func alarm(_ h: DaemonHarness, _ id: String, until done: (AlarmRecord) -> Bool) -> AlarmRecord? {
        let deadline = Date().addingTimeInterval(10)
        var record = h.daemon.floor.alarm(id)?.record
        while let r = record, !done(r), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
            record = h.daemon.floor.alarm(id)?.record
        }
        return record
    }

    @Test func aMachineNeverHeardFromSinceTheStartIsLostOnceTheTimeoutHasPassed() throws {
        let clock = ScriptedClock(at: t0)
        let h = try DaemonHarness(extra: Self.lostAlarms, clock: clock.now)
        try h.send(["machine,machine=press-01 state=\"running\" \(t0)"])
        _ = try h.waitFor("press-01's line") { $0.telemetry.accepted == 1 }
        #expect(h.daemon.floor.alarm("press-02-lost")?.record.state == .normal)
        clock.advance(seconds: 3601)
        let lost = alarm(h, "press-02-lost") { $0.active }
        #expect(lost?.state == .unacknowledged, "press-02 has not reported in the hour since the daemon started")
        #expect(lost?.activatedAt == t0 + 3601 * s)
        #expect(alarm(h, "press-01-lost") { $0.active }?.state == .unacknowledged, "press-01 went silent after its line")
        // Its first line clears it.
        try h.send(["machine,machine=press-02 state=\"idle\" \(t0 + 3601 * s)"])
        #expect(alarm(h, "press-02-lost") { !$0.active }?.state == .returnedUnacknowledged)
    }

    @Test func afterARestartAMachineNeverHeardFromCountsFromTheNewStart() throws {
        let clock = ScriptedClock(at: t0)
        var folder = ""
        do {
            let h = try DaemonHarness(extra: Self.lostAlarms, clock: clock.now)
            folder = h.handOver()
            try h.send(["machine,machine=press-01 state=\"running\" \(t0)"])
            _ = try h.waitFor("press-01's line") { $0.telemetry.accepted == 1 }
        }
        // Restarted half an hour after the first start.
        clock.set(t0 + 1800 * s)
        let h = try DaemonHarness(folder: folder, extra: Self.lostAlarms, clock: clock.now)
        clock.set(t0 + 3601 * s)
        // press-01 reported before the restart: lost an hour after its last line. press-02 was
        // judged in the same tick, half an hour into the new start: not lost yet.
        #expect(alarm(h, "press-01-lost") { $0.active }?.state == .unacknowledged)
        #expect(h.daemon.floor.alarm("press-02-lost")?.record.state == .normal)
        clock.set(t0 + 5401 * s)
        let lost = alarm(h, "press-02-lost") { $0.active }
        #expect(lost?.state == .unacknowledged, "an hour after the restart")
        #expect(lost?.activatedAt == t0 + 5401 * s)
    }
}
