import Foundation
import GembaCore
import GembaPlantFile
import Testing

/// Live OEE books each closed interval into sums as it closes instead of keeping the shift's
/// intervals; what it answers must be what the calculator answers from every interval.
struct ShiftBookingTests {
    /// The example plant, with machines that may stay silent for an hour without going offline
    /// (so that intervals of every state cross breaks and the shift change).
    let plant = try! PlantConfigLoader.load(
        yaml: PlantConfigLoaderTests.example.replacingOccurrences(of: "comm_loss_timeout: 30s", with: "comm_loss_timeout: 2h"), file: "t")
    let base: Timestamp = 1_764_050_400 * Nanos.perSecond  // 2025-11-25T06:00:00Z, start of shift A (breaks 09:00, 11:30)

    /// A deterministic generator, so a failure replays.
    struct Lcg {
        var x: UInt64
        mutating func next(_ n: Int) -> Int {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((x >> 33) % UInt64(n))
        }
    }

    func expectSame(_ a: OEECalculator.Ledger, _ b: OEECalculator.Ledger, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let pairs: [(String, Double, Double)] = [
            ("planned_operation", a.time.plannedOperation, b.time.plannedOperation), ("planned_down", a.time.plannedDown, b.time.plannedDown),
            ("planned_busy", a.time.plannedBusy, b.time.plannedBusy), ("production", a.time.production, b.time.production),
            ("setup", a.time.setup, b.time.setup), ("delay", a.time.delay, b.time.delay), ("idle", a.time.idle, b.time.idle),
            ("offline", a.time.offline, b.time.offline), ("micro_stops", a.time.microStops, b.time.microStops),
            ("net_production", a.time.netProduction, b.time.netProduction),
        ]
        for (name, x, y) in pairs {
            #expect(abs(x - y) < 1e-6, "\(what): \(name) booked \(x), from every interval \(y)", sourceLocation: sourceLocation)
        }
        #expect(a.counts == b.counts, "\(what): counts", sourceLocation: sourceLocation)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8])
    func bookingAnswersWhatEveryIntervalWould(seed: UInt64) throws {
        var rng = Lcg(x: seed)
        var e = FloorEngine(plant: plant, now: base)
        let calc = OEECalculator(calendar: e.calendar, microStopThreshold: plant.microStopThreshold)
        let states: [MachineState] = [.running, .down, .idle, .setup, .starved, .plannedStop, .running, .running]
        var all: [StateInterval] = []
        var t = base + Int64(rng.next(300)) * Nanos.perSecond
        var total: Int64 = 0
        // Through shift A's two breaks, into shift B (14:00), with stops short and long.
        let stop = base + 9 * 3600 * Nanos.perSecond
        while t < stop {
            let state = states[rng.next(states.count)]
            total += Int64(rng.next(5))
            try e.apply(TelemetrySample(machine: 0, timestamp: t, state: state, countTotal: total), receivedAt: t)
            all += e.drainChanges().closedIntervals
            let step = rng.next(10) == 0 ? 600 + rng.next(3000) : 1 + rng.next(200)
            t += Int64(step) * Nanos.perSecond
            do {
                // Asked at a moment between lines, as the board's refresh is.
                let now = t - Nanos.perSecond / 2
                let shift = try #require(e.calendar.shift(at: now))
                let m = e.machines[0]
                let open = StateInterval(machine: m.id, state: m.state, reason: m.reason, start: m.since, end: now)
                let counts = [MinuteCount(machine: m.id, minute: Nanos.minute(shift.start), total: m.shiftTotal, reject: m.shiftReject)]
                let expected = calc.ledger(
                    machine: plant.machines[0], intervals: all + [open], counts: m.shiftStart == shift.start ? counts : [], from: shift.start,
                    to: shift.end, asOf: now, shifts: [shift])
                expectSame(e.shiftLedger(machine: 0, shift: shift, now: now), expected, "seed \(seed) at \(ISOTime.format(now))")
            }
        }
        // Booked into a fixed size: the shift's thousands of intervals are not kept.
        let booking = try #require(e.shiftBookings[0])
        #expect(booking.shift.name == "B")
        #expect(MemoryLayout<ShiftBooking>.size < 512)

        // A restart books the shift's intervals from the store and answers the same.
        let now = t
        let shift = try #require(e.calendar.shift(at: now))
        var restarted = FloorEngine(plant: plant, restoring: e.machines, now: now)
        restarted.restoreShiftIntervals(all.filter { $0.end > shift.start })
        expectSame(
            restarted.shiftLedger(machine: 0, shift: shift, now: now), e.shiftLedger(machine: 0, shift: shift, now: now),
            "seed \(seed) after a restart")
    }
}
