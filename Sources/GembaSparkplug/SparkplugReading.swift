import SwiftProtobuf

/// A Sparkplug B payload as the host and the enterprise board read it: the payload's
/// timestamp and sequence number, and of each metric what Gemba uses.
///
/// Why not the generated `SparkplugB_Payload`: decoding a data message into it costs more
/// than everything else the host does with it (each metric is a message with its own
/// storage). `read(_:)` reads the plain shape of a data message straight from the bytes
/// (`SparkplugWireReader`) and hands every other payload to swift-protobuf, which stays the
/// reference: a test decodes the same bytes both ways and finds the same reading.
package struct SparkplugReading: Sendable {
    package var timestamp: UInt64?
    package var seq: UInt64?
    package var metrics: [Metric] = []
    /// The names and text values of the metrics, which refer to them by their place here: a
    /// metric holds no reference of its own, so a payload of them is copied as plain memory.
    package var texts: [String] = []

    /// One metric: its name or alias, its own timestamp and data type, and its value.
    package struct Metric: Sendable, Equatable {
        /// The name's place in `texts`; -1: no name.
        package var nameIndex: Int32 = -1
        package var alias: UInt64?
        package var timestamp: UInt64?
        package var datatype: UInt32?
        package var isNull = false
        package var value: Value = .none

        package init(alias: UInt64? = nil, timestamp: UInt64? = nil, datatype: UInt32? = nil) {
            self.alias = alias
            self.timestamp = timestamp
            self.datatype = datatype
        }
    }

    /// The metric's `value` oneof as it travelled; the kinds Gemba does not read are named only.
    package enum Value: Sendable, Equatable {
        case none
        case int(UInt32)
        case long(UInt64)
        case float(Float)
        case double(Double)
        case boolean(Bool)
        /// The text's place in `texts`.
        case string(Int32)
        case bytes, dataset, template, `extension`

        /// Equal as bits: a NaN that travelled is the same NaN.
        package static func == (a: Value, b: Value) -> Bool {
            switch (a, b) {
            case (.none, .none), (.bytes, .bytes), (.dataset, .dataset), (.template, .template), (.extension, .extension): return true
            case (.int(let x), .int(let y)): return x == y
            case (.long(let x), .long(let y)): return x == y
            case (.float(let x), .float(let y)): return x.bitPattern == y.bitPattern
            case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern
            case (.boolean(let x), .boolean(let y)): return x == y
            case (.string(let x), .string(let y)): return x == y
            default: return false
            }
        }
    }

    package init(timestamp: UInt64? = nil, seq: UInt64? = nil) {
        self.timestamp = timestamp
        self.seq = seq
    }

    /// Reads a payload: the plain shape of a data message straight from the bytes, anything
    /// else (properties, data sets, templates, extensions, unknown fields, a malformed
    /// message) through swift-protobuf, whose error is thrown.
    package static func read(_ bytes: [UInt8]) throws -> SparkplugReading {
        if let plain = SparkplugWireReader.read(bytes) { return plain }
        return SparkplugReading(try SparkplugB_Payload(serializedBytes: bytes))
    }

    /// The reading of a payload swift-protobuf decoded.
    package init(_ p: SparkplugB_Payload) {
        self.timestamp = p.hasTimestamp ? p.timestamp : nil
        self.seq = p.hasSeq ? p.seq : nil
        self.metrics.reserveCapacity(p.metrics.count)
        for m in p.metrics {
            var r = Metric(
                alias: m.hasAlias ? m.alias : nil, timestamp: m.hasTimestamp ? m.timestamp : nil, datatype: m.hasDatatype ? m.datatype : nil)
            if m.hasName { r.nameIndex = keep(m.name) }
            r.isNull = m.isNull
            switch m.value {
            case .intValue(let v)?: r.value = .int(v)
            case .longValue(let v)?: r.value = .long(v)
            case .floatValue(let v)?: r.value = .float(v)
            case .doubleValue(let v)?: r.value = .double(v)
            case .booleanValue(let v)?: r.value = .boolean(v)
            case .stringValue(let v)?: r.value = .string(keep(v))
            case .bytesValue?: r.value = .bytes
            case .datasetValue?: r.value = .dataset
            case .templateValue?: r.value = .template
            case .extensionValue?: r.value = .extension
            case nil: r.value = .none
            }
            metrics.append(r)
        }
    }

    /// Keeps a name or text value; its place in `texts`.
    mutating func keep(_ text: String) -> Int32 {
        texts.append(text)
        return Int32(texts.count - 1)
    }

    /// A metric's name, if it has one.
    @inline(__always)
    package func name(_ m: Metric) -> String? { m.nameIndex >= 0 ? texts[Int(m.nameIndex)] : nil }

    /// A metric's value as Gemba reads it, by its data type (signed integers travel as two's
    /// complement of their width in `int_value`/`long_value`).
    package func value(_ metric: Metric, datatype: UInt32?) -> SparkplugValue {
        if metric.isNull { return .null }
        let type = datatype.flatMap(SparkplugValue.DataType.init(rawValue:))
        switch metric.value {
        case .int(let v):
            // Signed types travel as two's complement of their width, or of 32 bits (both are
            // in the field); anything else is beyond the type.
            switch type {
            case .int8?:
                if v <= 0xFF { return .integer(Int64(Int8(truncatingIfNeeded: v))) }
                if v >= 0xFFFF_FF80 { return .integer(Int64(Int32(bitPattern: v))) }
                return .beyond("\(v) is beyond an Int8 (-128 to 127)")
            case .int16?:
                if v <= 0xFFFF { return .integer(Int64(Int16(truncatingIfNeeded: v))) }
                if v >= 0xFFFF_8000 { return .integer(Int64(Int32(bitPattern: v))) }
                return .beyond("\(v) is beyond an Int16 (-32768 to 32767)")
            case .int32?: return .integer(Int64(Int32(bitPattern: v)))
            case .uInt8?: return v <= UInt32(UInt8.max) ? .integer(Int64(v)) : .beyond("\(v) is beyond a UInt8 (0 to 255)")
            case .uInt16?: return v <= UInt32(UInt16.max) ? .integer(Int64(v)) : .beyond("\(v) is beyond a UInt16 (0 to 65535)")
            default: return .integer(Int64(v))
            }
        case .long(let v):
            let signed = Int64(bitPattern: v)
            switch type {
            case .int64?: return .integer(signed)
            case .int8?: return Int8(exactly: signed) != nil ? .integer(signed) : .beyond("\(signed) is beyond an Int8 (-128 to 127)")
            case .int16?: return Int16(exactly: signed) != nil ? .integer(signed) : .beyond("\(signed) is beyond an Int16 (-32768 to 32767)")
            case .int32?: return Int32(exactly: signed) != nil ? .integer(signed) : .beyond("\(signed) is beyond an Int32")
            case .uInt8?: return v <= UInt64(UInt8.max) ? .integer(signed) : .beyond("\(v) is beyond a UInt8 (0 to 255)")
            case .uInt16?: return v <= UInt64(UInt16.max) ? .integer(signed) : .beyond("\(v) is beyond a UInt16 (0 to 65535)")
            case .uInt32?: return v <= UInt64(UInt32.max) ? .integer(signed) : .beyond("\(v) is beyond a UInt32")
            case .dateTime?: return .unreadable("a DateTime")
            default:
                return v <= UInt64(Int64.max)
                    ? .integer(signed) : .beyond("\(v) is beyond what Gemba counts (a whole number up to \(Int64.max))")
            }
        case .float(let v): return .real(Double(v))
        case .double(let v): return .real(v)
        case .boolean(let v): return .boolean(v)
        case .string(let k): return .text(texts[Int(k)])
        case .bytes: return .unreadable("bytes")
        case .dataset: return .unreadable("a data set")
        case .template: return .unreadable("a template")
        case .extension: return .unreadable("an extension value")
        case .none: return .null
        }
    }

    /// The `bdSeq` metric of a birth or death, as a whole number.
    package var bdSeq: Int64? {
        guard let m = metrics.first(where: { name($0) == "bdSeq" }) else { return nil }
        if case .integer(let v) = value(m, datatype: m.datatype ?? SparkplugValue.DataType.int64.rawValue) { return v }
        return nil
    }
}

extension SparkplugReading: Equatable {
    /// The same payload, whatever order its texts were kept in.
    package static func == (a: SparkplugReading, b: SparkplugReading) -> Bool {
        guard a.timestamp == b.timestamp, a.seq == b.seq, a.metrics.count == b.metrics.count else { return false }
        for (x, y) in zip(a.metrics, b.metrics) {
            guard x.alias == y.alias, x.timestamp == y.timestamp, x.datatype == y.datatype, x.isNull == y.isNull, a.name(x) == b.name(y)
            else { return false }
            switch (x.value, y.value) {
            case (.string(let i), .string(let j)): guard a.texts[Int(i)] == b.texts[Int(j)] else { return false }
            default: guard x.value == y.value else { return false }
            }
        }
        return true
    }
}
