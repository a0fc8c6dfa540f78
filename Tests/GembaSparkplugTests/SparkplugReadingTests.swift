import Foundation
import GembaCore
import SwiftProtobuf
import Testing

@testable import GembaSparkplug

/// Issue 13 (ingest rate): data messages are read straight from their bytes, everything else
/// through swift-protobuf. Wherever the fast reader answers, its reading must be the one
/// swift-protobuf gives; where it cannot be sure, it must leave the payload to swift-protobuf.
struct SparkplugReadingTests {
    typealias Metric = SparkplugB_Payload.Metric

    /// A metric of every plain kind, with or without each optional field.
    static func plainMetric(_ rng: inout SplitMix64) -> Metric {
        var m = Metric()
        if rng.next(below: 2) == 0 { m.name = ["Status/State", "Hydraulics/OilTemp", "bdSeq", "Zähler/Gut", ""][rng.next(below: 5)] }
        if rng.next(below: 2) == 0 { m.alias = rng.next() >> UInt64(rng.next(below: 64)) }
        if rng.next(below: 3) == 0 { m.timestamp = rng.next() >> UInt64(rng.next(below: 64)) }
        if rng.next(below: 2) == 0 { m.datatype = UInt32(truncatingIfNeeded: rng.next() >> UInt64(rng.next(below: 64))) }
        if rng.next(below: 5) == 0 { m.isHistorical = rng.next(below: 2) == 0 }
        if rng.next(below: 5) == 0 { m.isTransient = rng.next(below: 2) == 0 }
        if rng.next(below: 5) == 0 { m.isNull = rng.next(below: 2) == 0 }
        switch rng.next(below: 7) {
        case 0: m.intValue = UInt32(truncatingIfNeeded: rng.next())
        case 1: m.longValue = rng.next()
        case 2: m.floatValue = Float(bitPattern: UInt32(truncatingIfNeeded: rng.next()))
        case 3: m.doubleValue = Double(bitPattern: rng.next())
        case 4: m.booleanValue = rng.next(below: 2) == 0
        case 5: m.stringValue = ["running", "", "Störung ✓", "3"][rng.next(below: 4)]
        default: break
        }
        return m
    }

    static func plainPayload(_ rng: inout SplitMix64) -> SparkplugB_Payload {
        var p = SparkplugB_Payload()
        if rng.next(below: 2) == 0 { p.timestamp = rng.next() >> UInt64(rng.next(below: 64)) }
        if rng.next(below: 2) == 0 { p.seq = UInt64(rng.next(below: 300)) }
        p.metrics = (0..<rng.next(below: 12)).map { _ in plainMetric(&rng) }
        return p
    }

    /// The reading swift-protobuf gives, or nil where it refuses the bytes.
    static func reference(_ bytes: [UInt8]) -> SparkplugReading? {
        (try? SparkplugB_Payload(serializedBytes: bytes)).map(SparkplugReading.init)
    }

    @Test func plainPayloadsReadTheSameAsSwiftProtobufReadsThem() throws {
        var rng = SplitMix64(seed: 13)
        for _ in 0..<3000 {
            let bytes: [UInt8] = try Self.plainPayload(&rng).serializedBytes()
            let fast = SparkplugWireReader.read(bytes)
            #expect(fast != nil, "a plain payload is read straight from its bytes")
            #expect(fast == Self.reference(bytes))
        }
    }

    @Test func signedIntegersAndSpecialValuesSurviveTheFastReader() throws {
        var p = SparkplugB_Payload()
        var m = Metric()
        m.alias = UInt64.max
        m.datatype = SparkplugValue.DataType.int64.rawValue
        m.longValue = UInt64(bitPattern: -1)  // ten bytes of varint
        var nan = Metric()
        nan.name = "v"
        nan.doubleValue = .nan
        p.metrics = [m, nan]
        p.seq = 255
        let bytes: [UInt8] = try p.serializedBytes()
        let fast = try #require(SparkplugWireReader.read(bytes))
        #expect(fast == Self.reference(bytes))
        #expect(fast.value(fast.metrics[0], datatype: fast.metrics[0].datatype) == .integer(-1))
        #expect(fast.seq == 255 && fast.timestamp == nil)
    }

    /// Properties, data sets, bytes, metadata, uuid, body: swift-protobuf reads them, and the
    /// reading of the whole payload is what it gives.
    @Test func everyOtherShapeIsLeftToSwiftProtobuf() throws {
        var rng = SplitMix64(seed: 7)
        var odd: [SparkplugB_Payload] = []
        var p = Self.plainPayload(&rng)
        p.uuid = "u-1"
        odd.append(p)
        p = Self.plainPayload(&rng)
        p.body = Data([1, 2, 3])
        odd.append(p)
        var m = Self.plainMetric(&rng)
        m.bytesValue = Data([9])
        p = Self.plainPayload(&rng)
        p.metrics.append(m)
        odd.append(p)
        m = Self.plainMetric(&rng)
        var props = SparkplugB_Payload.PropertySet()
        props.keys = ["engUnit"]
        var v = SparkplugB_Payload.PropertyValue()
        v.stringValue = "°C"
        props.values = [v]
        m.properties = props
        p = Self.plainPayload(&rng)
        p.metrics.append(m)
        odd.append(p)
        m = Self.plainMetric(&rng)
        var set = SparkplugB_Payload.DataSet()
        set.numOfColumns = 1
        set.columns = ["a"]
        m.datasetValue = set
        p = Self.plainPayload(&rng)
        p.metrics.insert(m, at: 0)
        odd.append(p)
        m = Self.plainMetric(&rng)
        var meta = SparkplugB_Payload.MetaData()
        meta.contentType = "text/plain"
        m.metadata = meta
        p = Self.plainPayload(&rng)
        p.metrics.append(m)
        odd.append(p)
        for p in odd {
            let bytes: [UInt8] = try p.serializedBytes()
            #expect(SparkplugWireReader.read(bytes) == nil)
            #expect(try SparkplugReading.read(bytes) == SparkplugReading(p))
        }
    }

    /// Bytes off the wire: flipped, cut short, grown. Where the fast reader answers, it answers
    /// as swift-protobuf does; where swift-protobuf refuses, the fast reader never answers.
    @Test func damagedPayloadsNeverReadDifferently() throws {
        var rng = SplitMix64(seed: 2026)
        var answered = 0
        var declined = 0
        for k in 0..<20000 {
            var bytes: [UInt8] = try Self.plainPayload(&rng).serializedBytes()
            switch k % 4 {
            case 0 where !bytes.isEmpty:
                for _ in 0...rng.next(below: 3) { bytes[rng.next(below: bytes.count)] ^= UInt8(1 << rng.next(below: 8)) }
            case 1 where !bytes.isEmpty:
                bytes.removeLast(1 + rng.next(below: bytes.count))
            case 2:
                bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: rng.next(below: bytes.count + 1))
            default:
                bytes = (0..<rng.next(below: 40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            }
            let reference = Self.reference(bytes)
            if let fast = SparkplugWireReader.read(bytes) {
                answered += 1
                #expect(reference != nil, "the fast reader took bytes swift-protobuf refuses: \(bytes)")
                #expect(fast == reference, "\(bytes)")
            } else {
                declined += 1
            }
        }
        // Both halves of the rule were exercised.
        #expect(answered > 2000 && declined > 2000, "answered \(answered), declined \(declined)")
    }

    @Test func notUTF8IsNeverTakenForAName() throws {
        // Metric { name: 0xff 0xfe }
        let bytes: [UInt8] = [0x12, 0x04, 0x0a, 0x02, 0xff, 0xfe]
        #expect(SparkplugWireReader.read(bytes) == nil)
        #expect(throws: (any Error).self) { try SparkplugReading.read(bytes) }
    }
}
