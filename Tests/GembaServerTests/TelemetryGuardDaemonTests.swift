import Foundation
import GembaConsole
import GembaCore
import GembaPlantFile
import GembaServer
import GembaStore
import GembaTesting
import Testing

/// Telemetry that once stuck a machine for good (a line far ahead of the clock) or killed
/// the daemon (counters and timestamps at the ends of Int64), against a real daemon.
@Suite(.serialized)
struct TelemetryGuardDaemonTests {
    static let year: Int64 = 365 * 86_400 * Nanos.perSecond

    /// Issue 10 §3: one line dated ten years ahead is refused like any bad line (counted,
    /// listed with its reason); the machine's next line in the present is taken, before and
    /// after a restart.
    @Test func aLineTenYearsAheadIsRefusedAndTheMachineStillAcceptsData() throws {
        var folder = ""
        let now = DaemonClock.now()
        do {
            let h = try DaemonHarness()
            folder = h.handOver()
            try h.send([
                "machine,machine=press-01 state=\"running\",count_total=1i \(now - 2 * Nanos.perSecond)",
                "machine,machine=press-01 state=\"down\",reason=\"jam\" \(now + 10 * Self.year)",
                "machine,machine=press-01 state=\"idle\" \(now - Nanos.perSecond)",
            ])
            let s = try h.waitFor("three lines") { $0.telemetry.received == 3 }
            #expect(s.telemetry.accepted == 2)
            #expect(s.telemetry.rejected == 1)
            let error = try #require(s.telemetry.errors.last)
            #expect(error.line == 2)
            #expect(error.reason.hasSuffix(" is 10 y ahead of the daemon's clock (max_clock_skew 5m)"), "\(error.reason)")
            #expect(error.reason.hasPrefix("timestamp 20"))
            #expect(s.machines.first { $0.id == "press-01" }?.state == .idle)
        }
        let h2 = try DaemonHarness(folder: folder)
        try h2.send(["machine,machine=press-01 state=\"running\" \(DaemonClock.now())"])
        let s = try h2.waitFor("the line after the restart") { $0.telemetry.received == 1 }
        #expect(s.telemetry.accepted == 1)
        #expect(s.machines.first { $0.id == "press-01" }?.state == .running)
    }

    /// Issue 12: lines that killed the daemon with an arithmetic overflow are refused with
    /// their reasons; the daemon answers afterwards and takes the next sane line.
    @Test func theDaemonSurvivesCountersAndTimestampsAtTheEndsOfInt64() throws {
        let h = try DaemonHarness()
        let now = DaemonClock.now()
        try h.send([
            "machine,machine=press-01 state=\"running\",count_total=0i \(now - 3 * Nanos.perSecond)",
            "machine,machine=press-01 count_total=9223372036854775807i \(now - 2 * Nanos.perSecond)",
            "machine,machine=press-02 state=\"running\" -9223372036854775806",
            "machine,machine=press-02 state=\"down\" 9223372036854775806",
        ])
        var s = try h.waitFor("four lines") { $0.telemetry.received == 4 }
        #expect(s.telemetry.accepted == 1)
        #expect(s.telemetry.rejected == 3)
        let reasons = s.telemetry.errors.suffix(3).map(\.reason)
        #expect(reasons[0].hasPrefix("count_total jumped from 0 to 9223372036854775807 in 1 s, more than max_counter_rate 50/s allows (3000)"))
        #expect(reasons[1] == "timestamp -9223372036854775806 ns is outside the range Gemba accepts (1970-01-01T00:00:00Z to 2262-01-01T00:00:00Z)")
        #expect(reasons[2].hasPrefix("timestamp 2262-04-11T23:47:16.854Z is outside the range"))
        try h.send([
            "machine,machine=press-01 count_total=4i \(now - Nanos.perSecond)",
            "machine,machine=press-01 count_total=6i \(now)",
            "machine,machine=press-02 state=\"down\" \(now)",
        ])
        s = try h.waitFor("the sane lines after them") { $0.telemetry.received == 7 }
        #expect(s.telemetry.accepted == 4)
        let p1 = try #require(s.machines.first { $0.id == "press-01" })
        #expect(p1.countTotal == 6)
        #expect(s.machines.first { $0.id == "press-02" }?.state == .down)
        #expect(try h.status().plant.name == "Test Works")
    }

    /// A database that already holds samples ten years ahead (written by a daemon that took
    /// such lines) is repaired at start, one log line per machine, and the machine takes
    /// the present again.
    @Test func aDaemonStartedOnFutureSamplesRepairsThemAndTheMachineAcceptsDataAgain() throws {
        let folder = TemporaryFolder.make()
        let plant = try PlantConfigLoader.load(yaml: Plants.testWorks, file: "test.yaml")
        let now = DaemonClock.now()
        do {
            let store = try FloorStore(path: folder + "/gemba.db")
            try store.syncPlant(plant)
            var e = FloorEngine(plant: plant, now: now)
            try e.apply(TelemetrySample(machine: 0, timestamp: now - 120 * Nanos.perSecond, state: .running, countTotal: 5), receivedAt: now)
            try e.apply(TelemetrySample(machine: 0, timestamp: now - 60 * Nanos.perSecond, countTotal: 5), receivedAt: now)
            for k in 0..<3 {
                let t = now + 10 * Self.year + Int64(k) * Nanos.perMinute
                try e.apply(TelemetrySample(machine: 0, timestamp: t, state: k % 2 == 0 ? .down : .idle, countTotal: 6 + Int64(k)), receivedAt: now)
            }
            try store.write(e.drainChanges())
        }
        let h = try DaemonHarness(folder: folder)
        let repairs = h.daemon.repairs
        #expect(repairs.map(\.machine) == ["press-01"])
        let text = try #require(repairs.first?.description)
        #expect(text.hasPrefix("press-01: removed 2 intervals and 3 minute counts stamped after "), "\(text)")
        // Ten years of silence made the engine close the machine's running interval at its last
        // sound sample and count the rest offline: it goes on offline from there.
        #expect(text.contains("), ahead of the clock; it goes on offline since \(ISOTime.format(now - 60 * Nanos.perSecond))"), "\(text)")
        try h.send(["machine,machine=press-01 state=\"setup\",count_total=20i \(DaemonClock.now())"])
        let s = try h.waitFor("the line of the present") { $0.telemetry.received == 1 }
        #expect(s.telemetry.accepted == 1)
        let p1 = try #require(s.machines.first { $0.id == "press-01" })
        #expect(p1.state == .setup)
        #expect(p1.countTotal == 20)
        let ivs = try h.daemon.store.intervals(machine: "press-01", from: 0, to: .max)
        #expect(
            ivs.first
                == StateInterval(
                    machine: "press-01", state: .running, reason: nil, start: now - 120 * Nanos.perSecond, end: now - 60 * Nanos.perSecond))
        #expect(ivs.allSatisfy { $0.end <= DaemonClock.now() })
    }

    /// `gemba machine reset`, store and engine halves as the console service calls them: the
    /// store write (with its audit record) first, then the engine. The machine then takes a
    /// line older than its last one, and a restart keeps it reset.
    @Test func aResetMachineStartsAfreshInTheEngineAndTheStore() throws {
        var folder = ""
        let now = DaemonClock.now()
        do {
            let h = try DaemonHarness()
            folder = h.handOver()
            try h.send(["machine,machine=press-01 state=\"down\",count_total=40i \(now - 10 * Nanos.perSecond)"])
            _ = try h.waitFor("the first line") { $0.telemetry.accepted == 1 }
            let before = try #require(h.daemon.floor.live(machine: "press-01"))
            let audit = AuditRecord(
                seq: 0, at: now, user: "lead", uid: 1000, role: "supervisor", action: "reset_machine", object: "machine:press-01",
                before: "\(before.state.rawValue) since \(ISOTime.format(before.since))", after: "never reported")
            let stored = try h.daemon.store.resetMachine("press-01", audit: audit)
            #expect(stored.action == "reset_machine")
            #expect(h.daemon.floor.resetMachine("press-01", now: now)?.state == .down)
            #expect(h.daemon.floor.resetMachine("press-99", now: now) == nil)
            var s = try h.status()
            let p1 = try #require(s.machines.first { $0.id == "press-01" })
            #expect(p1.state == .offline)
            #expect(p1.countTotal == nil)
            // Older than the line before the reset: taken, as a first line is.
            try h.send(["machine,machine=press-01 state=\"idle\",count_total=3i \(now - 20 * Nanos.perSecond)"])
            s = try h.waitFor("the line after the reset") { $0.telemetry.received == 2 }
            #expect(s.telemetry.accepted == 2)
            #expect(s.machines.first { $0.id == "press-01" }?.state == .idle)
            try h.send(["machine,machine=press-01 state=\"running\",count_total=3i \(now - 15 * Nanos.perSecond)"])
            _ = try h.waitFor("one more line") { $0.telemetry.accepted == 3 }
            #expect(try h.daemon.store.verifyAudit().ok)
        }
        let h2 = try DaemonHarness(folder: folder)
        let p1 = try #require(try h2.status().machines.first { $0.id == "press-01" })
        #expect(p1.state == .running)
        #expect(p1.sinceNanos == now - 15 * Nanos.perSecond)
        #expect(try h2.daemon.store.auditRecords(object: "machine:press-01").map(\.action) == ["reset_machine"])
    }
}
