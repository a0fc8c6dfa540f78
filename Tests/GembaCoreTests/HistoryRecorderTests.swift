import Testing

@testable import GembaCore

/// Process-value history as the engine keeps it: exact minute aggregates, at most one raw
/// sample per second, and minutes handed over when they close (or when their feed fell silent).
@Suite struct HistoryRecorderTests {
    static let s = Nanos.perSecond
    static let minute0: Int64 = 29_400_000  // 2025-11-24T16:00:00Z in minutes
    static func at(_ seconds: Double) -> Timestamp { Nanos.start(ofMinute: minute0) + Nanos.from(seconds: seconds) }

    @Test func aMinuteAddsUpItsSamplesAndClosesWhenTheNextBegins() {
        var h = HistoryRecorder(machineIDs: ["m1"])
        for (t, v) in [(0.5, 70.0), (0.9, 72.0), (10.0, 68.0), (59.9, 71.0)] {
            h.record(machine: 0, place: 0, name: "oil", value: v, at: Self.at(t))
        }
        #expect(h.drain(now: Self.at(59.95)).isEmpty)
        h.record(machine: 0, place: 0, name: "oil", value: 90, at: Self.at(60))
        let closed = h.drain(now: Self.at(60.01))
        #expect(closed.count == 1)
        let m = closed[0]
        #expect(m.minute == Self.minute0)
        #expect(m.aggregate == HistoryAggregate(count: 4, min: 68, max: 72, sum: 281, last: 71, lastAt: Self.at(59.9)))
        #expect(m.aggregate.mean == 70.25)
        // The last of each second: 0.5 s gave way to 0.9 s.
        #expect(m.raw.map(\.value) == [72, 68, 71])
        #expect(h.pending(machine: "m1", name: "oil").map(\.aggregate.count) == [1])
    }

    @Test func aSilentFeedsMinuteIsHandedOverOnceItEndedAndAFedOneIsNot() {
        var h = HistoryRecorder(machineIDs: ["m1", "m2"])
        h.record(machine: 0, place: 0, name: "oil", value: 1, at: Self.at(30))
        // A backfilling feed: its minute is long over, but it is being fed.
        h.record(machine: 1, place: 0, name: "rpm", value: 5, at: Self.at(-3600))
        #expect(h.drain(now: Self.at(61)).isEmpty)  // both fed since the last drain
        h.record(machine: 1, place: 0, name: "rpm", value: 6, at: Self.at(-3599))
        let next = h.drain(now: Self.at(61.1))
        #expect(next.map(\.name) == ["oil"])
        #expect(h.pending(machine: "m2", name: "rpm").map(\.aggregate.count) == [2])
        // Stopping: every open minute goes, as a part.
        #expect(h.drain(now: nil).map(\.name) == ["rpm"])
        #expect(h.drain(now: nil).isEmpty)
    }

    @Test func rawSamplesPackToTenBytesAndBack() {
        let samples = [HistoryRawSample(at: Self.at(0), value: -1.5), HistoryRawSample(at: Self.at(59.999), value: .greatestFiniteMagnitude)]
        let bytes = HistoryRawPacking.pack(samples, minute: Self.minute0)
        #expect(bytes.count == 20)
        #expect(HistoryRawPacking.unpack(bytes, minute: Self.minute0) == samples)
        // A truncated blob loses only the sample it cut.
        #expect(HistoryRawPacking.unpack(bytes.prefix(15), minute: Self.minute0) == [samples[0]])
    }

    @Test func anHoursMinutesPackTo39BytesEachAndBack() {
        let hour = Self.minute0 / 60
        let minutes = [
            (place: 59, aggregate: HistoryAggregate(count: 3, min: -1, max: 2.5, sum: 4, last: 2.5, lastAt: Self.at(59 * 60 + 59.999))),
            (place: 0, aggregate: HistoryAggregate(count: 1, min: 7, max: 7, sum: 7, last: 7, lastAt: Self.at(0.25))),
        ]
        let bytes = HistoryMinutePacking.pack(minutes, hour: hour)
        #expect(bytes.count == 78)
        let back = HistoryMinutePacking.unpack(bytes, hour: hour)
        // In the order of the hour, each to the millisecond.
        #expect(back.map(\.place) == [0, 59])
        #expect(back.map(\.aggregate) == [minutes[1].aggregate, minutes[0].aggregate])
        #expect(HistoryMinutePacking.unpack(Array(bytes.prefix(50)), hour: hour).map(\.place) == [0])
    }

    @Test func stepsAreAlignedToTheEpochAndTakeSpansInAnyOrder() {
        var b = HistoryBuckets(step: 5 * 60 * Self.s)
        let start = Nanos.start(ofMinute: Self.minute0)
        b.add(HistoryAggregate(1, at: start), start: start)
        b.add(HistoryAggregate(3, at: start + 4 * 60 * Self.s), start: start + 4 * 60 * Self.s)
        b.add(HistoryAggregate(10, at: start + 12 * 60 * Self.s), start: start + 12 * 60 * Self.s)
        // A held minute older than the last stored one lands in its own step.
        b.add(HistoryAggregate(7, at: start + 6 * 60 * Self.s), start: start + 6 * 60 * Self.s)
        b.add(HistoryAggregate(2, at: start + 60 * Self.s), start: start + 60 * Self.s)
        #expect(b.points.map(\.t) == [start, start + 5 * 60 * Self.s, start + 10 * 60 * Self.s])
        #expect(b.points.map(\.aggregate.count) == [3, 1, 1])
        #expect(b.points[0].aggregate.last == 3)
        #expect(b.points[0].aggregate.mean == 2)
        #expect(HistoryBuckets(step: 60 * Self.s).start(of: -1) == -60 * Self.s)
    }

    @Test func theEngineKeepsEveryValuesHistoryAndAResetClosesIt() throws {
        let plant = PlantConfig(
            plant: "T", lines: [LineConfig(id: "L", name: "L", machines: [MachineConfig(id: "m1", name: "M", lineID: "L", idealCycleTime: 1)])])
        var e = FloorEngine(plant: plant, now: Self.at(0))
        for k in 0..<120 {
            let t = Self.at(Double(k))
            try e.apply(
                TelemetrySample(
                    machine: 0, timestamp: t,
                    processValues: [ProcessValue(name: "oil", value: Double(k), at: t), ProcessValue(name: "rpm", value: 1000, at: t)]),
                receivedAt: t)
        }
        let first = e.drainChanges(now: Self.at(119.5)).history
        #expect(first.map(\.name) == ["oil", "rpm"])
        #expect(first[0].aggregate == HistoryAggregate(count: 60, min: 0, max: 59, sum: 1770, last: 59, lastAt: Self.at(59)))
        #expect(e.pendingHistory(machine: "m1", name: "oil").map(\.aggregate.count) == [60])
        e.resetMachine("m1", now: Self.at(120))
        #expect(e.drainChanges(now: Self.at(120.1)).history.map(\.aggregate.count) == [60, 60])
        #expect(e.pendingHistory(machine: "m1", name: "oil").isEmpty)
    }
}
