import Foundation
import GembaCore
import GembaPlantFile
import Testing

/// When the floor is being backfilled: some machine's last accepted line was stamped more
/// than 60 s behind the daemon's clock when it came, and came within the last 5 s.
struct BackfillTests {
    let s = Nanos.perSecond
    let t0: Timestamp = 1_795_478_400 * Nanos.perSecond

    func machine(stamped: Timestamp, received: Timestamp) -> MachineLive {
        var m = MachineLive(id: "m1", since: stamped)
        m.lastSeen = stamped
        m.lastReceived = received
        return m
    }

    @Test func aLineMoreThanAMinuteBehindThatCameInTheLastSecondsIsBackfill() {
        #expect(Backfill.isBackfilling([machine(stamped: t0 - 61 * s, received: t0)], now: t0 + 5 * s))
        #expect(!Backfill.isBackfilling([machine(stamped: t0 - 60 * s, received: t0)], now: t0), "a minute behind is still live")
        #expect(!Backfill.isBackfilling([machine(stamped: t0 - 61 * s, received: t0)], now: t0 + 5 * s + 1), "it came more than 5 s ago")
        #expect(!Backfill.isBackfilling([MachineLive(id: "m1", since: t0)], now: t0), "never reported")
        let live = machine(stamped: t0, received: t0)
        #expect(Backfill.isBackfilling([live, machine(stamped: t0 - 3600 * s, received: t0)], now: t0), "one machine backfilling is enough")
    }

    /// Tryout: a Sparkplug session that reports by exception is heard alive every tick; the
    /// floor said "backfilling" a minute after its last data and for good, because being heard
    /// counted as a line received. It keeps the machine out of comm loss, and nothing more.
    @Test func aSessionHeardAliveIsNotBackfillAndNotCommLoss() throws {
        let plant = try PlantConfigLoader.load(
            yaml: """
                plant: Quiet Works
                comm_loss_timeout: 60s
                lines:
                  - { id: L1, name: Line, machines: [{ id: m1, name: M1, ideal_cycle_time: 1 }] }
                """, file: "plant.yaml")
        var engine = FloorEngine(plant: plant, now: t0)
        try engine.apply(TelemetrySample(machine: 0, timestamp: t0, state: .running), receivedAt: t0)
        for k in 1...10 {
            let now = t0 + Int64(k) * 30 * s
            engine.heard(machine: 0, at: now)
            engine.checkCommLoss(now: now)
            #expect(!Backfill.isBackfilling(engine.machines, now: now), "heard at \(k * 30) s")
        }
        #expect(engine.machines[0].state == .running, "heard alive: not offline")
        // Not heard any more: silence from the last time it was.
        engine.checkCommLoss(now: t0 + 300 * s + 61 * s)
        #expect(engine.machines[0].state == .offline)
    }

    /// The stats of a daemon before `backfilling` still decode (as not backfilling); ours write it.
    @Test func olderStatsWithoutTheKeyStillDecode() throws {
        let older = #"{"received":3,"accepted":2,"rejected":1,"ignored":0,"errors":[],"connections":1}"#
        let stats = try JSONDecoder().decode(TelemetryStats.self, from: Data(older.utf8))
        #expect(stats.accepted == 2)
        #expect(stats.backfilling == false)
        var now = TelemetryStats()
        now.backfilling = true
        #expect(String(decoding: try JSONEncoder().encode(now), as: UTF8.self).contains(#""backfilling":true"#))
    }
}
