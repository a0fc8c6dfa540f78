import Foundation
import GembaCore
import GembaTesting
import NIOConcurrencyHelpers
import Testing

@testable import GembaServer

/// A status is one moment of the floor: a reply that counts a line also shows what the line
/// did. It once read the machines and the counters under two locks, and a batch applied in
/// between gave a reply counting seven lines with a machine still as after four (CI saw it).
struct SnapshotConsistencyTests {
    @Test func aStatusThatCountsALineShowsWhatItDidToItsMachine() throws {
        let h = try DaemonHarness()
        let start = DaemonClock.now() - 60 * Nanos.perSecond
        let lines = 4_000
        let done = NIOLockedValueBox(false)
        let floor = h.daemon.floor
        let feeder = Thread {
            for k in 0..<lines {
                var batch = IngestBatch()
                batch.samples = [TelemetrySample(machine: 0, timestamp: start + Int64(k) * 1_000_000, countTotal: Int64(k))]
                batch.sampleLines = [1]
                floor.apply(batch, connection: "test", receivedAt: DaemonClock.now())
            }
            done.withLockedValue { $0 = true }
        }
        feeder.start()
        var torn: [String] = []
        var looked = 0
        while !done.withLockedValue({ $0 }) || looked == 0 {
            let s = h.daemon.service.snapshot()
            looked += 1
            let count = s.machines.first { $0.id == "press-01" }?.countTotal
            // Line k carries count_total k: after n accepted lines the counter reads n - 1.
            let expected = s.telemetry.accepted == 0 ? nil : s.telemetry.accepted - 1
            if count != expected { torn.append("accepted \(s.telemetry.accepted), count_total \(count.map(String.init) ?? "nil")") }
        }
        #expect(torn.isEmpty, "\(torn.count) of \(looked) replies torn, the first: \(torn.prefix(3))")
    }
}
