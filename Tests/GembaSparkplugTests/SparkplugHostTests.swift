import Foundation
import GembaCore
import GembaPlantFile
import SwiftProtobuf
import Testing

@testable import GembaSparkplug

/// Issue 13: Gemba as a Sparkplug B host application. Births define metrics and aliases;
/// data by alias or name updates them; a sequence gap or an alias never born asks for a
/// rebirth and is counted; deaths put the machines offline at once (the bdSeq checked);
/// metrics carry their own timestamps; nothing a node sends can trap the host.
struct SparkplugHostTests {
    static let plant = """
        plant: Plant 1
        mqtt: { broker: "mqtt://127.0.0.1:1883" }
        lines:
          - id: L1
            name: Stamping
            machines:
              - id: press-01
                ideal_cycle_time: 2.0
                sparkplug: { group: Plant1, edge_node: Line1, device: Press01 }
                metrics: { state: "Status/State", reason: "Status/Reason", count_total: "Counters/Total", count_reject: "Counters/Reject" }
                state_map: { 1: running, 2: idle, 3: down }
              - id: press-02
                ideal_cycle_time: 2.0
                sparkplug: { group: Plant1, edge_node: Line1, device: Press02 }
              - id: cell-01
                ideal_cycle_time: 2.0
                sparkplug: { group: Plant1, edge_node: Cell1 }
              - { id: manual-01, ideal_cycle_time: 2.0 }
        """
    static let line1 = SparkplugNode(group: "Plant1", edgeNode: "Line1")
    static let t0: UInt64 = 1_764_000_000_000
    /// The daemon's clock in these tests: a minute after the payloads' time.
    static let now = Int64(t0) * 1_000_000 + 60 * Nanos.perSecond

    static func host() throws -> SparkplugHost {
        SparkplugHost(plant: try PlantConfigLoader.load(yaml: plant, file: "plant.yaml"))
    }

    static func metric(
        _ name: String?, alias: UInt64? = nil, _ type: SparkplugValue.DataType, _ value: Any?, at: UInt64? = nil
    )
        -> SparkplugB_Payload.Metric
    {
        var m = SparkplugB_Payload.Metric()
        if let name { m.name = name }
        if let alias { m.alias = alias }
        m.datatype = type.rawValue
        if let at { m.timestamp = at }
        switch value {
        case let v as UInt32: m.intValue = v
        case let v as UInt64: m.longValue = v
        case let v as Float: m.floatValue = v
        case let v as Double: m.doubleValue = v
        case let v as Bool: m.booleanValue = v
        case let v as String: m.stringValue = v
        default: m.isNull = true
        }
        return m
    }

    static func payload(seq: UInt64?, at: UInt64 = t0, _ metrics: [SparkplugB_Payload.Metric]) -> [UInt8] {
        var p = SparkplugB_Payload()
        p.timestamp = at
        if let seq { p.seq = seq }
        p.metrics = metrics
        return (try? p.serializedBytes()) ?? []
    }

    static let nbirth = payload(seq: 0, [metric("bdSeq", .int64, UInt64(7)), metric("Node Control/Rebirth", .boolean, false)])
    static let dbirth = payload(
        seq: 1,
        [
            metric("Status/State", alias: 1, .int32, UInt32(1)), metric("Counters/Total", alias: 2, .uInt32, UInt32(100)),
            metric("Hydraulics/OilTemp", alias: 3, .float, Float(41.5)), metric("Status/Reason", alias: 4, .string, ""),
            metric("Serial", alias: 5, .string, "SN-1"),
        ])

    @Test func birthsDefineAliasesAndDataByAliasUpdatesTheMachine() throws {
        var h = try Self.host()
        #expect(h.nodes == [SparkplugNode(group: "Plant1", edgeNode: "Cell1"), Self.line1])
        var out = h.receive(topic: "spBv1.0/Plant1/NBIRTH/Line1", payload: Self.nbirth, at: Self.now + 5)
        #expect(out.samples.isEmpty && out.refusals.isEmpty)
        out = h.receive(topic: "spBv1.0/Plant1/DBIRTH/Line1/Press01", payload: Self.dbirth, at: Self.now + 5)
        #expect(out.refusals.isEmpty)
        let birth = try #require(out.samples.first)
        #expect(out.samples.count == 1)
        #expect(birth.machine == 0)
        #expect(birth.timestamp == Int64(Self.t0) * 1_000_000)
        #expect(birth.state == .running)
        #expect(birth.countTotal == 100)
        #expect(birth.reason == nil)
        #expect(birth.processValues.map(\.name) == ["Hydraulics/OilTemp"])
        #expect(birth.processValues.first?.value == 41.5)
        #expect(out.ignored == 1, "the text metric Serial is not a process value")
        #expect(h.liveMachines == [0])

        // By alias only, each metric at its own time: two samples in time order.
        out = h.receive(
            topic: "spBv1.0/Plant1/DDATA/Line1/Press01",
            payload: Self.payload(
                seq: 2,
                [
                    Self.metric(nil, alias: 1, .int32, UInt32(3), at: Self.t0 + 2000), Self.metric(nil, alias: 4, .string, "jam", at: Self.t0 + 2000),
                    Self.metric(nil, alias: 2, .uInt32, UInt32(104), at: Self.t0 + 1000),
                ]),
            at: Self.now + 6)
        #expect(out.refusals.isEmpty)
        #expect(out.samples.map(\.timestamp) == [Int64(Self.t0 + 1000) * 1_000_000, Int64(Self.t0 + 2000) * 1_000_000])
        #expect(out.samples[0].countTotal == 104)
        #expect(out.samples[1].state == .down)
        #expect(out.samples[1].reason == "jam")
        #expect(h.stats.accepted == 3)
        #expect(h.stats.rejected == 0)
    }

    /// An edge node that stamps each metric as it reads it puts a stop's reason a millisecond
    /// after its state: the reason still belongs to that stop (CI found the daemon test losing it).
    @Test func aReasonStampedApartFromItsStateInOnePayloadBelongsToIt() throws {
        var h = try Self.host()
        _ = h.receive(topic: "spBv1.0/Plant1/NBIRTH/Line1", payload: Self.nbirth, at: Self.now)
        _ = h.receive(topic: "spBv1.0/Plant1/DBIRTH/Line1/Press01", payload: Self.dbirth, at: Self.now)
        let out = h.receive(
            topic: "spBv1.0/Plant1/DDATA/Line1/Press01",
            payload: Self.payload(
                seq: 2,
                [
                    Self.metric(nil, alias: 1, .int32, UInt32(3), at: Self.t0 + 2000), Self.metric(nil, alias: 4, .string, "jam", at: Self.t0 + 2001),
                    Self.metric(nil, alias: 2, .uInt32, UInt32(104), at: Self.t0 + 2001),
                ]),
            at: Self.now)
        #expect(out.refusals.isEmpty)
        let stop = try #require(out.samples.first { $0.state != nil })
        #expect(stop.state == .down)
        #expect(stop.reason == "jam", "\(out.samples)")
        #expect(out.samples.count == 2, "the count keeps its own time")
    }

    /// A backfill: one payload of many stamped metrics, out of order, two per timestamp. Each
    /// timestamp is one sample, in time order, whether the host finds it by looking through the
    /// few or by its index of the many.
    @Test func aBackfillOfManyTimestampsIsOneSamplePerTimestampInTimeOrder() throws {
        for count in [3, 16, 17, 40] {
            var h = try Self.host()
            _ = h.receive(topic: "spBv1.0/Plant1/NBIRTH/Line1", payload: Self.nbirth, at: Self.now)
            _ = h.receive(topic: "spBv1.0/Plant1/DBIRTH/Line1/Press01", payload: Self.dbirth, at: Self.now)
            let order = (0..<count).map { ($0 * 7) % count }
            let metrics =
                order.map { k in Self.metric(nil, alias: 3, .float, Float(k), at: Self.t0 - 50_000 + UInt64(k) * 1000) }
                + order.reversed().map { k in Self.metric(nil, alias: 2, .uInt32, UInt32(200 + k), at: Self.t0 - 50_000 + UInt64(k) * 1000) }
            let out = h.receive(topic: "spBv1.0/Plant1/DDATA/Line1/Press01", payload: Self.payload(seq: 2, metrics), at: Self.now)
            #expect(out.refusals.isEmpty)
            #expect(out.samples.count == count, "\(count) timestamps")
            #expect(out.samples.map(\.timestamp) == (0..<count).map { Int64(Self.t0 - 50_000 + UInt64($0) * 1000) * Nanos.perMillisecond })
            #expect(out.samples.map { $0.processValues.map(\.value) } == (0..<count).map { [Double($0)] })
            #expect(out.samples.map(\.countTotal) == (0..<count).map { Int64(200 + $0) })
            // Each sample names the first metric of its timestamp in the payload (1-based).
            #expect(out.sampleMetrics == (0..<count).map { k in order.firstIndex(of: k)! + 1 })
        }
    }

    /// Tryout: a birth without bdSeq, a birth at seq 5, a message without seq (a zero-length
    /// payload among them) were taken as if they were sound, and a zero-length DBIRTH wiped
    /// the device's aliases. Each is refused, saying what Sparkplug 3.0 asks instead.
    @Test func birthsCarryTheirBdSeqAndEveryMessageButADeathItsSeq() throws {
        var h = try Self.host()
        var out = h.receive(topic: "spBv1.0/Plant1/NBIRTH/Line1", payload: Self.payload(seq: 0, []), at: Self.now)
        #expect(out.refusals.map(\.reason) == ["NBIRTH without a bdSeq metric (a Sparkplug 3.0 birth carries one, for its death); not taken"])
        out = h.receive(topic: "spBv1.0/Plant1/NBIRTH/Line1", payload: Self.payload(seq: 5, [Self.metric("bdSeq", .int64, UInt64(7))]), at: Self.now)
        #expect(out.refusals.map(\.reason) == ["NBIRTH with seq 5 (a node's birth starts its seq at 0); not taken"])
        #expect(h.liveMachines.isEmpty)
        _ = h.receive(topic: "spBv1.0/Plant1/NBIRTH/Line1", payload: Self.nbirth, at: Self.now)
        _ = h.receive(topic: "spBv1.0/Plant1/DBIRTH/Line1/Press01", payload: Self.dbirth, at: Self.now)
        for bytes in [[UInt8](), Self.payload(seq: nil, [Self.metric(nil, alias: 2, .uInt32, UInt32(150))])] {
            out = h.receive(topic: "spBv1.0/Plant1/DBIRTH/Line1/Press01", payload: bytes, at: Self.now)
            #expect(out.refusals.map(\.reason) == ["DBIRTH without a seq (Sparkplug 3.0 numbers every message but NDEATH); not taken"])
            out = h.receive(topic: "spBv1.0/Plant1/DDATA/Line1/Press01", payload: bytes, at: Self.now)
            #expect(out.refusals.map(\.reason) == ["DDATA without a seq (Sparkplug 3.0 numbers every message but NDEATH); not taken"])
            #expect(out.samples.isEmpty)
        }
        // The birth's aliases are still there.
        out = h.receive(
            topic: "spBv1.0/Plant1/DDATA/Line1/Press01", payload: Self.payload(seq: 2, [Self.metric(nil, alias: 2, .uInt32, UInt32(150))]),
            at: Self.now)
        #expect(out.refusals.isEmpty && out.samples.first?.countTotal == 150)
        // A repeat and a number beyond 255 are said as what they are.
        out = h.receive(topic: "spBv1.0/Plant1/DDATA/Line1/Press01", payload: Self.payload(seq: 2, []), at: Self.now + 10 * Nanos.perSecond)
        #expect(out.refusals.map(\.reason) == ["seq 2 again (a message repeated, or two nodes publish as this one); rebirth requested"])
        out = h.receive(topic: "spBv1.0/Plant1/DDATA/Line1/Press01", payload: Self.payload(seq: 256, []), at: Self.now + 20 * Nanos.perSecond)
        #expect(out.refusals.map(\.reason) == ["seq 256 is beyond 0 to 255; rebirth requested"])
    }

    /// Tryout: after a DDEATH, the device's DDATA put the machine back to running with no new
    /// DBIRTH. A device that died is not read until it is born again.
    @Test func aDeviceThatDiedIsNotReadUntilItIsBornAgain() throws {
        var h = try Self.host()
        _ = h.receive(topic: "spBv1.0/Plant1/NBIRTH/Line1", payload: Self.nbirth, at: Self.now)
        _ = h.receive(topic: "spBv1.0/Plant1/DBIRTH/Line1/Press01", payload: Self.dbirth, at: Self.now)
        var out = h.receive(topic: "spBv1.0/Plant1/DDEATH/Line1/Press01", payload: Self.payload(seq: 2, []), at: Self.now)
        #expect(out.offline == [0])
        out = h.receive(
            topic: "spBv1.0/Plant1/DDATA/Line1/Press01", payload: Self.payload(seq: 3, [Self.metric(nil, alias: 1, .int32, UInt32(1))]), at: Self.now)
        #expect(out.samples.isEmpty)
        #expect(out.refusals.map(\.reason) == ["DDATA of Press01, which is not born (a DDEATH since its DBIRTH); not taken; rebirth requested"])
        #expect(out.rebirth == Self.line1)
    }

    /// Tryout: a data message's own data type overrode the birth's (an Int8 taken as 200), a
    /// number beyond its type's width was cut or kept, and bytes, a DateTime or a UUID were
    /// refused where the docs say they are ignored. The birth says what a metric is.
    @Test func theBirthSaysWhatAMetricIsAndNumbersFitTheirType() throws {
        var h = try Self.host()
        _ = h.receive(topic: "spBv1.0/Plant1/NBIRTH/Line1", payload: Self.nbirth, at: Self.now)
        let types: [(String, SparkplugValue.DataType)] = [
            ("I8", .int8), ("I16", .int16), ("I32", .int32), ("U8", .uInt8), ("U16", .uInt16), ("U32", .uInt32), ("Id", .uuid), ("At", .dateTime),
        ]
        var birth = types.enumerated().map { k, t in Self.metric(t.0, alias: UInt64(10 + k), t.1, UInt32(0)) }
        var blob = SparkplugB_Payload.Metric()
        blob.name = "Blob"
        blob.alias = 30
        blob.datatype = 17
        blob.bytesValue = Data([1, 2])
        birth.append(blob)
        var out = h.receive(topic: "spBv1.0/Plant1/DBIRTH/Line1/Press02", payload: Self.payload(seq: 1, birth), at: Self.now)
        #expect(out.refusals.isEmpty, "\(out.refusals)")
        func data(_ seq: UInt64, _ m: SparkplugB_Payload.Metric) -> SparkplugHost.Outcome {
            h.receive(topic: "spBv1.0/Plant1/DDATA/Line1/Press02", payload: Self.payload(seq: seq, [m]), at: Self.now)
        }
        func taken(_ out: SparkplugHost.Outcome) -> Double? { out.samples.first?.processValues.first?.value }
        out = data(2, Self.metric(nil, alias: 10, .int32, UInt32(200)))
        #expect(out.refusals.map(\.reason) == ["I8: data type 3 where its birth said 1; rebirth requested"])
        var m = Self.metric(nil, alias: 10, .int8, UInt32(256))
        m.clearDatatype()
        #expect(data(3, m).refusals.map(\.reason) == ["I8: 256 is beyond an Int8 (-128 to 127)"])
        m.intValue = 0xFF
        #expect(taken(data(4, m)) == -1, "8-bit two's complement")
        m.intValue = 0xFFFF_FFFF
        #expect(taken(data(5, m)) == -1, "32-bit two's complement")
        m = Self.metric(nil, alias: 11, .int16, UInt32(0x12345))
        #expect(data(6, m).refusals.map(\.reason) == ["I16: 74565 is beyond an Int16 (-32768 to 32767)"])
        m = Self.metric(nil, alias: 12, .int32, UInt64(1 << 40 + 3))
        #expect(data(7, m).refusals.map(\.reason) == ["I32: 1099511627779 is beyond an Int32"])
        m = Self.metric(nil, alias: 13, .uInt8, UInt32(300))
        #expect(data(8, m).refusals.map(\.reason) == ["U8: 300 is beyond a UInt8 (0 to 255)"])
        m = Self.metric(nil, alias: 14, .uInt16, UInt32(70000))
        #expect(data(9, m).refusals.map(\.reason) == ["U16: 70000 is beyond a UInt16 (0 to 65535)"])
        m = Self.metric(nil, alias: 15, .uInt32, UInt32.max)
        #expect(taken(data(10, m)) == Double(UInt32.max))
        // Not the machine's, not an error: a UUID, a DateTime, bytes.
        for (seq, metric) in [
            (11, Self.metric(nil, alias: 16, .uuid, "c0ffee")), (12, Self.metric(nil, alias: 17, .dateTime, UInt64(1_700_000_000_000))), (13, blob),
        ] {
            var metric = metric
            metric.clearName()
            out = data(UInt64(seq), metric)
            #expect(out.refusals.isEmpty && out.ignored == 1, "\(metric)")
        }
    }

    /// Tryout: data naming a metric its birth never named (`Foo/Bar`) became a process value,
    /// with no data type to read it by. Data names only what the birth named; anything else
    /// asks for a rebirth, as an alias never born does.
    @Test func dataNamesOnlyWhatItsBirthNamed() throws {
        var h = try Self.host()
        _ = h.receive(topic: "spBv1.0/Plant1/NBIRTH/Line1", payload: Self.nbirth, at: Self.now)
        _ = h.receive(topic: "spBv1.0/Plant1/DBIRTH/Line1/Press01", payload: Self.dbirth, at: Self.now)
        let out = h.receive(
            topic: "spBv1.0/Plant1/DDATA/Line1/Press01",
            payload: Self.payload(seq: 2, [Self.metric("Foo/Bar", .double, 1.0), Self.metric("Hydraulics/OilTemp", .float, Float(44))]), at: Self.now)
        #expect(out.refusals.map(\.reason) == ["Foo/Bar was never born; rebirth requested"])
        #expect(out.rebirth == Self.line1)
        #expect(out.samples.first?.processValues.map(\.name) == ["Hydraulics/OilTemp"], "what was born is still taken")
    }

    /// Tryout: a birth's metric with an alias and no name was reported as "never born", an
    /// alias born twice was taken silently, and 100,000 never-born aliases in one message made
    /// 100,000 errors that pushed every earlier one out of the status.
    @Test func aBirthNamesItsAliasesOnceAndAFloodOfRefusalsIsCounted() throws {
        var h = try Self.host()
        _ = h.receive(topic: "spBv1.0/Plant1/NBIRTH/Line1", payload: Self.nbirth, at: Self.now)
        var out = h.receive(
            topic: "spBv1.0/Plant1/DBIRTH/Line1/Press02",
            payload: Self.payload(
                seq: 1,
                [
                    Self.metric(nil, alias: 3, .double, 1.0), Self.metric("Dup/A", alias: 50, .double, 1.0),
                    Self.metric("Dup/B", alias: 50, .double, 2.0),
                ]), at: Self.now)
        #expect(
            out.refusals.map(\.reason) == [
                "alias 3 has no name: a birth names every metric; not taken", "alias 50 is born twice (Dup/A, Dup/B): data by it is read as Dup/A",
            ])
        out = h.receive(
            topic: "spBv1.0/Plant1/DDATA/Line1/Press02", payload: Self.payload(seq: 2, [Self.metric(nil, alias: 50, .double, 5.0)]), at: Self.now)
        #expect(out.samples.first?.processValues.map(\.name) == ["Dup/A"])
        out = h.receive(
            topic: "spBv1.0/Plant1/DDATA/Line1/Press02",
            payload: Self.payload(seq: 3, (0..<1000).map { Self.metric(nil, alias: UInt64(1000 + $0), .double, 1.0) }), at: Self.now)
        #expect(out.refusals.count == 10)
        #expect(out.refusals.last?.reason == "and 991 more metrics of this message refused")
        #expect(out.refusals.first?.reason == "alias 1000 was never born; rebirth requested")
    }

    @Test func aSequenceGapAndAnAliasNeverBornAskForARebirth() throws {
        var h = try Self.host()
        _ = h.receive(topic: "spBv1.0/Plant1/NBIRTH/Line1", payload: Self.nbirth, at: Self.now)
        _ = h.receive(topic: "spBv1.0/Plant1/DBIRTH/Line1/Press01", payload: Self.dbirth, at: Self.now)
        var out = h.receive(
            topic: "spBv1.0/Plant1/DDATA/Line1/Press01", payload: Self.payload(seq: 5, [Self.metric(nil, alias: 2, .uInt32, UInt32(101))]),
            at: Self.now + 1)
        #expect(out.rebirth == Self.line1)
        #expect(out.samples.first?.countTotal == 101, "what came is still taken")
        #expect(out.refusals.map(\.reason) == ["seq 5 where 2 was next: messages were lost; rebirth requested"])
        #expect(h.stats.seqGaps == 1)
        #expect(h.stats.rebirthsRequested == 1)

        // An alias never born, a second later: no second request within the rebirth interval.
        out = h.receive(
            topic: "spBv1.0/Plant1/DDATA/Line1/Press01", payload: Self.payload(seq: 6, [Self.metric(nil, alias: 99, .uInt32, UInt32(1))]),
            at: Self.now + Nanos.perSecond)
        // Said as it is: no request went out (tryout: it said "rebirth requested" regardless).
        #expect(out.refusals.map(\.reason) == ["alias 99 was never born; rebirth already requested (at most every 5 s)"])
        #expect(out.refusals.first?.metric == 1)
        #expect(out.rebirth == nil)
        out = h.receive(
            topic: "spBv1.0/Plant1/DDATA/Line1/Press01", payload: Self.payload(seq: 7, [Self.metric(nil, alias: 99, .uInt32, UInt32(1))]),
            at: Self.now + 10 * Nanos.perSecond)
        #expect(out.rebirth == Self.line1)
        #expect(h.stats.rebirthsRequested == 2)
        #expect(h.stats.rejected == 3)
    }

    @Test func dataBeforeAnyBirthIsRefusedAndAsksForOne() throws {
        var h = try Self.host()
        let out = h.receive(
            topic: "spBv1.0/Plant1/DDATA/Line1/Press01", payload: Self.payload(seq: 3, [Self.metric("Counters/Total", .uInt32, UInt32(1))]),
            at: Self.now)
        #expect(out.samples.isEmpty)
        #expect(out.rebirth == Self.line1)
        #expect(out.refusals.map(\.reason) == ["DDATA before the node's NBIRTH; rebirth requested"])
    }

    @Test func deathsTakeMachinesOfflineAtOnceWhenTheBdSeqIsTheBirths() throws {
        var h = try Self.host()
        _ = h.receive(topic: "spBv1.0/Plant1/NBIRTH/Line1", payload: Self.nbirth, at: Self.now)
        _ = h.receive(topic: "spBv1.0/Plant1/DBIRTH/Line1/Press01", payload: Self.dbirth, at: Self.now)
        _ = h.receive(topic: "spBv1.0/Plant1/DBIRTH/Line1/Press02", payload: Self.payload(seq: 2, []), at: Self.now)
        #expect(h.liveMachines == [0, 1])
        var out = h.receive(topic: "spBv1.0/Plant1/DDEATH/Line1/Press02", payload: Self.payload(seq: 3, []), at: Self.now)
        #expect(out.offline == [1])
        #expect(h.liveMachines == [0])
        // An older session's death (another bdSeq) changes nothing.
        out = h.receive(
            topic: "spBv1.0/Plant1/NDEATH/Line1", payload: Self.payload(seq: nil, [Self.metric("bdSeq", .int64, UInt64(6))]), at: Self.now)
        #expect(out.offline.isEmpty)
        #expect(out.refusals.first?.reason.hasPrefix("NDEATH with bdSeq 6 is not the death of the session born with bdSeq 7") == true)
        out = h.receive(
            topic: "spBv1.0/Plant1/NDEATH/Line1", payload: Self.payload(seq: nil, [Self.metric("bdSeq", .int64, UInt64(7))]), at: Self.now)
        #expect(out.offline == [0, 1])
        #expect(h.liveMachines.isEmpty)
    }

    @Test func aNodeItselfCanBeAMachineAndNumbersAreReadByTheirWidth() throws {
        var h = try Self.host()
        let out = h.receive(
            topic: "spBv1.0/Plant1/NBIRTH/Cell1",
            payload: Self.payload(
                seq: 0,
                [
                    Self.metric("bdSeq", .int64, UInt64(0)), Self.metric("state", .string, "setup"),
                    Self.metric("temp", .int8, UInt32(0xFE)), Self.metric("offset", .int64, UInt64(bitPattern: -5)),
                    Self.metric("door", .boolean, true), Self.metric("count_total", .uInt64, UInt64(12)),
                ]),
            at: Self.now)
        #expect(out.refusals.isEmpty)
        let s = try #require(out.samples.first)
        #expect(s.machine == 2)
        #expect(s.state == .setup)
        #expect(s.countTotal == 12)
        #expect(s.processValues.map(\.name) == ["temp", "offset", "door"])
        #expect(s.processValues.map(\.value) == [-2, -5, 1])
    }

    @Test func badValuesAreRefusedWithTheMetricAndTheReason() throws {
        var h = try Self.host()
        _ = h.receive(topic: "spBv1.0/Plant1/NBIRTH/Line1", payload: Self.nbirth, at: Self.now)
        let out = h.receive(
            topic: "spBv1.0/Plant1/DBIRTH/Line1/Press01",
            payload: Self.payload(
                seq: 1,
                [
                    Self.metric("Status/State", .int32, UInt32(9)), Self.metric("Counters/Total", .int32, UInt32(bitPattern: -3)),
                    Self.metric("Counters/Reject", .uInt64, UInt64.max), Self.metric("Status/Reason", .double, 2.0),
                    Self.metric("Hydraulics/OilTemp", .double, 50.0, at: UInt64.max),
                ]),
            at: Self.now)
        #expect(
            out.refusals.map(\.reason) == [
                "Status/State: code 9 is not in state_map of press-01",
                "Counters/Total: -3 is not a count (a whole number from 0)",
                "Counters/Reject: 18446744073709551615 is beyond what Gemba counts (a whole number up to 9223372036854775807)",
                "Status/Reason: 2.0 is not a reason (a text)",
                "Hydraulics/OilTemp: timestamp 18446744073709551615 ms is beyond what Gemba reads",
            ])
        #expect(out.refusals.map(\.metric) == [1, 2, 3, 4, 5])
        #expect(h.stats.rejected == 1)
    }

    @Test func garbageAndOtherNodesNeverTrapTheHost() throws {
        var h = try Self.host()
        var out = h.receive(topic: "spBv1.0/Plant1/NBIRTH/Line1", payload: [0xFF, 0xFF, 0xFF, 0x0F, 0x12], at: Self.now)
        #expect(out.refusals.first?.reason.hasPrefix("payload is not a Sparkplug B payload") == true)
        out = h.receive(topic: "spBv1.0/Plant1/NBIRTH/Line1", payload: [UInt8](repeating: 0, count: SparkplugHost.maximumPayload + 1), at: Self.now)
        #expect(out.refusals.first?.reason == "payload of 1048577 bytes is larger than 1048576 bytes; not read")
        // Not ours, not Sparkplug, or a command: not even counted.
        for topic in [
            "spBv1.0/Other/NBIRTH/Line1", "spBv1.0/STATE/host", "plant/press-01", "spBv1.0/Plant1/NCMD/Line1", "spBv1.0/Plant1/DDATA/Line1",
        ] {
            out = h.receive(topic: topic, payload: Self.nbirth, at: Self.now)
            #expect(out.samples.isEmpty && out.refusals.isEmpty, "\(topic)")
        }
        #expect(h.stats.received == 2)
        // Random bytes as every kind of message: refused or taken, never a trap.
        var rng = SystemRandomNumberGenerator()
        for k in 0..<2000 {
            let kind = ["NBIRTH", "NDATA", "NDEATH", "DBIRTH/Line1/Press01", "DDATA/Line1/Press01", "DDEATH/Line1/Press01"][k % 6]
            let topic = "spBv1.0/Plant1/" + (kind.contains("/") ? kind : kind + "/Line1")
            let bytes = (0..<Int.random(in: 0..<64, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            _ = h.receive(topic: topic, payload: bytes, at: Self.now + Int64(k))
        }
    }

    /// Tryout: a metric stamped in 2100 was taken and held the machine's later samples back
    /// for good; a death without a bdSeq took a live node's machines offline; NaN, a text where
    /// a number was born and a UInt64 beyond Int64 vanished without a word.
    @Test func whatWouldFoolTheHostIsRefusedWithItsReason() throws {
        var h = try Self.host()
        let now = Self.now
        _ = h.receive(topic: "spBv1.0/Plant1/NBIRTH/Line1", payload: Self.nbirth, at: now)
        var out = h.receive(
            topic: "spBv1.0/Plant1/DBIRTH/Line1/Press01",
            payload: Self.payload(
                seq: 1,
                [
                    Self.metric("Status/State", .int32, UInt32(1), at: 4_102_444_800_000),
                    Self.metric("Hydraulics/OilTemp", .double, Double.nan), Self.metric("Hydraulics/Pressure", .double, "high"),
                    Self.metric("Big", .uInt64, UInt64.max), Self.metric("Serial", .string, "SN-1"),
                ]),
            at: now)
        #expect(
            out.refusals.map(\.reason) == [
                "Status/State: timestamp 2100-01-01T00:00:00Z is 74 y ahead of the daemon's clock (max_clock_skew 5m)",
                "Hydraulics/OilTemp: nan is not a value Gemba keeps (a finite number)",
                "Hydraulics/Pressure: \"high\" is not a number (its data type is 10)",
                "Big: 18446744073709551615 is beyond what Gemba counts (a whole number up to 9223372036854775807)",
            ])
        #expect(out.samples.allSatisfy { $0.state == nil && $0.processValues.isEmpty })
        #expect(out.ignored == 1, "a text metric is neither kept nor an error")
        out = h.receive(topic: "spBv1.0/Plant1/NDEATH/Line1", payload: Self.payload(seq: nil, []), at: now)
        #expect(out.offline.isEmpty)
        #expect(
            out.refusals.first?.reason.hasPrefix(
                "NDEATH without a bdSeq (or one that is not a whole number) is not the death of the session born with bdSeq 7") == true)
        #expect(h.liveMachines == [0])
    }
}
