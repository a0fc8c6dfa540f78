import Foundation
import GembaClient
import GembaCore
import GembaServer
import GembaStore
import GembaTesting
import Logging
import Testing

/// A database that cannot be written (a full disk): the daemon raises `store-unwritable`, keeps
/// what it accepted, and at stop, after `stop_grace`, writes it to a spill file that the next
/// start replays; nothing accepted is lost.
@Suite(.serialized)
struct UnwritableStoreTests {
    /// Triggers that refuse every write the flusher makes, as a full disk would.
    static let full = """
        CREATE TRIGGER full_counts BEFORE INSERT ON minute_count BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;
        CREATE TRIGGER full_live BEFORE INSERT ON machine_live BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;
        CREATE TRIGGER full_intervals BEFORE INSERT ON state_interval BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END;
        """
    static let space = "DROP TRIGGER full_counts; DROP TRIGGER full_live; DROP TRIGGER full_intervals;"

    @Test func whatCannotBeWrittenAtStopGoesToASpillFileThatTheNextStartReplays() throws {
        let folder: String
        let now = DaemonClock.now()
        do {
            let h = try DaemonHarness(extra: "stop_grace: 1s")
            folder = h.handOver()
            try h.send(["machine,machine=press-01 state=\"running\",count_total=100i \(now)"])
            _ = try h.waitFor("the first line") { $0.telemetry.accepted == 1 }
            Thread.sleep(forTimeInterval: 0.2)
            try h.daemon.store.unsafeExecuteForTests(Self.full)
            try h.send([
                "machine,machine=press-01 state=\"down\",reason=\"jam\",count_total=150i \(now + 1_000_000_000)",
                "machine,machine=press-01 state=\"running\",count_total=180i \(now + 2_000_000_000)",
            ])
            let s = try h.waitFor("the store-unwritable alarm") {
                $0.alarms?.alarms.first { $0.definition == "store-unwritable" }?.active == true
            }
            #expect(s.alarms?.alarms.first { $0.definition == "store-unwritable" }?.priority == .critical)
            #expect(s.machines.first { $0.id == "press-01" }?.countTotal == 180, "accepted and shown, though not written")
            guard case .spilled(let path, let batches) = h.daemon.stop() else {
                Issue.record("the backlog was not spilled")
                return
            }
            #expect(path == folder + "/gemba.db.spill" && batches >= 1)
            #expect(FileManager.default.fileExists(atPath: path))
        }
        // Space comes back; the next start writes the spill first.
        try FloorStore(path: folder + "/gemba.db").unsafeExecuteForTests(Self.space)
        let h2 = try DaemonHarness(folder: folder)
        #expect(!FileManager.default.fileExists(atPath: folder + "/gemba.db.spill"), "replayed and set aside")
        let live = try h2.daemon.store.loadLive().first { $0.id == "press-01" }
        #expect(live?.countTotal == 180, "the counter as last accepted")
        let stops = try h2.daemon.store.intervals(machine: "press-01", from: now, to: now + 10_000_000_000)
        #expect(stops.contains { $0.state == .down && $0.reason == "jam" }, "the stop that could not be written is there")
    }

    /// A stop on a disk too full for a byte of the spill file leaves an empty one at worst:
    /// the next start removes it and says so, instead of claiming to have replayed it.
    @Test func anEmptySpillFileIsRemovedAtStart() throws {
        let folder: String
        do {
            let h = try DaemonHarness()
            folder = h.handOver()
        }
        FileManager.default.createFile(atPath: folder + "/gemba.db.spill", contents: Data())
        let log = CapturedLog()
        let h2 = try DaemonHarness(folder: folder, logger: log.logger)
        #expect(!FileManager.default.fileExists(atPath: folder + "/gemba.db.spill"))
        #expect(!log.lines(.notice, containing: "removed an empty spill file").isEmpty)
        #expect(log.lines(.trace, containing: "replayed what the last stop").isEmpty)
        _ = h2
    }

    @Test func theAlarmClearsAndTheBacklogIsWrittenWhenSpaceReturns() throws {
        let h = try DaemonHarness()
        let now = DaemonClock.now()
        try h.send(["machine,machine=press-01 state=\"running\",count_total=1i \(now)"])
        _ = try h.waitFor("the first line") { $0.telemetry.accepted == 1 }
        Thread.sleep(forTimeInterval: 0.2)
        try h.daemon.store.unsafeExecuteForTests(Self.full)
        try h.send(["machine,machine=press-01 count_total=9i \(now + 1_000_000_000)"])
        _ = try h.waitFor("the alarm") { $0.alarms?.alarms.first { $0.definition == "store-unwritable" }?.active == true }
        try h.daemon.store.unsafeExecuteForTests(Self.space)
        _ = try h.waitFor("the alarm cleared") { $0.alarms?.alarms.first { $0.definition == "store-unwritable" }?.active == false }
        Thread.sleep(forTimeInterval: 0.2)
        #expect(try h.daemon.store.loadLive().first { $0.id == "press-01" }?.countTotal == 9)
    }

    /// A full disk fails every flush (40 a second): the log says so once, then once a minute
    /// with the count, not 40 lines a second.
    @Test func theLogSaysItOnceThenOnceAMinuteWithACount() throws {
        let log = CapturedLog()
        let clock = ScriptedClock(at: DaemonClock.now())
        let h = try DaemonHarness(clock: clock.now, logger: log.logger)
        try h.send(["machine,machine=press-01 state=\"running\",count_total=1i \(clock.now())"])
        _ = try h.waitFor("the first line") { $0.telemetry.accepted == 1 }
        Thread.sleep(forTimeInterval: 0.2)
        try h.daemon.store.unsafeExecuteForTests(Self.full)
        try h.send(["machine,machine=press-01 count_total=9i \(clock.now())"])
        _ = try h.waitFor("the alarm") { $0.alarms?.alarms.first { $0.definition == "store-unwritable" }?.active == true }
        Thread.sleep(forTimeInterval: 0.5)  // about 25 more failed flushes
        let cannot = { log.lines(.error, containing: "cannot write to the database") }
        #expect(cannot().count == 1, "\(cannot())")
        clock.advance(seconds: 61)
        let deadline = Date().addingTimeInterval(5)
        while cannot().count < 2 && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        #expect(cannot().count == 2)
        #expect(cannot().last?.hasPrefix("still cannot write to the database (") == true, "\(cannot())")
        try h.daemon.store.unsafeExecuteForTests(Self.space)
    }
}
