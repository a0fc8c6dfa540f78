import Foundation
import GRDB
import GembaCore
import GembaPlantFile
import GembaTesting
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import GembaServer
@testable import GembaStore

/// The daemon's flush takes the gate while it holds the database's writer; so nothing may
/// wait for the writer while holding the gate for reading, or the daemon stops writing.
struct FlushGateTests {
    @Test func anOEEAnswerSavesItsShiftLedgersOnlyAfterLeavingTheGate() throws {
        let folder = TemporaryFolder.make("gemba-gate")
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let plant = try PlantConfigLoader.load(yaml: Plants.testWorks, file: "test.yaml")
        let store = try FloorStore(path: folder + "/gemba.db")
        let now = DaemonClock.now()
        let floor = LiveFloor(engine: FloorEngine(plant: plant, now: now), logger: Logger(label: "test"))
        // Shift A of a day ago, wholly over and not cached: an hour running, 100 parts.
        let shift = try #require(floor.calendar.occurrences(from: now - 48 * 3600 * Nanos.perSecond, to: now).first { $0.end <= now })
        var history = EngineChanges()
        history.closedIntervals = [
            StateInterval(
                machine: "press-01", state: .running, reason: nil, start: shift.start + 3600 * Nanos.perSecond,
                end: shift.start + 7200 * Nanos.perSecond)
        ]
        history.minuteCounts = [MinuteCount(machine: "press-01", minute: Nanos.minute(shift.start + 5400 * Nanos.perSecond), total: 100, reject: 1)]
        try store.write(history)

        // Another write holds the database's writer while the answer is computed and saved.
        let phase = NIOLockedValueBox(0)
        let writer = Thread {
            try? store.pool.write { _ in
                phase.withLockedValue { $0 = 1 }
                Thread.sleep(forTimeInterval: 0.6)
                // Still holding the writer: a save that waited for it finds 2 (set after the
                // write returned, a save that got the writer at once could win the race: it did under load).
                phase.withLockedValue { $0 = 2 }
            }
        }
        writer.start()
        while phase.withLockedValue({ $0 }) == 0 { Thread.sleep(forTimeInterval: 0.005) }
        // While the answer waits to save its shift ledger, the gate must be free for the flush.
        let gateFree = NIOLockedValueBox<Bool?>(nil)
        let watcher = Thread {
            Thread.sleep(forTimeInterval: 0.3)
            gateFree.withLockedValue { $0 = floor.flushGate.isFree() }
        }
        watcher.start()
        let m = try #require(plant.machines.first { $0.id == "press-01" })
        let ledger = try OEEService(floor: floor, store: store, clock: ScriptedClock(at: now).now).machineLedger(
            m, calc: OEECalculator(calendar: floor.calendar), whole: [shift], from: shift.start, to: shift.end, now: now)
        #expect(phase.withLockedValue { $0 } == 2, "the save waited for the other write")
        #expect(gateFree.withLockedValue { $0 } == true, "the gate was held while waiting for the database's writer")
        #expect(ledger.time.production == 3600)
        #expect(ledger.counts.total == 100)
        #expect(try store.shiftLedgers(machine: "press-01", from: shift.start, to: shift.end, microStopMillis: 120_000)[shift.start] != nil, "saved")
    }
}
