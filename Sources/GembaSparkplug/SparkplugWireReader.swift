/// Reads the plain shape of a Sparkplug B payload straight from its protobuf bytes: the
/// payload's timestamp, seq and metrics, each metric with only name, alias, timestamp,
/// datatype, the historical, transient and null flags, and a scalar or string value.
///
/// It answers nil, and leaves the payload to swift-protobuf, for everything else: another
/// field (properties, metadata, data sets, templates, bytes, extensions, uuid, body, unknown
/// fields), a field twice, a second value, a wire type that is not the field's, a varint
/// beyond 64 bits, a string that is not UTF-8, a length beyond the message. So it never has
/// to decide what swift-protobuf would make of an odd message: where it answers, a test
/// finds the answer the same as swift-protobuf's.
enum SparkplugWireReader {
    static func read(_ bytes: [UInt8]) -> SparkplugReading? {
        bytes.withUnsafeBufferPointer { buffer in
            var r = Cursor(base: buffer, at: 0, end: buffer.count)
            return r.payload()
        }
    }

    private struct Cursor {
        let base: UnsafeBufferPointer<UInt8>
        var at: Int
        let end: Int

        mutating func payload() -> SparkplugReading? {
            var out = SparkplugReading()
            // A metric of a data message takes about ten bytes; growing the array would copy it.
            out.metrics.reserveCapacity((end - at) / 10)
            var seen: UInt8 = 0
            while at < end {
                guard let key = varint() else { return nil }
                switch key {
                case 1 << 3 | 0:
                    guard seen & 1 == 0, let v = varint() else { return nil }
                    seen |= 1
                    out.timestamp = v
                case 3 << 3 | 0:
                    guard seen & 2 == 0, let v = varint() else { return nil }
                    seen |= 2
                    out.seq = v
                case 2 << 3 | 2:
                    guard let length = length() else { return nil }
                    var inner = Cursor(base: base, at: at, end: at + length)
                    guard let m = inner.metric(into: &out) else { return nil }
                    out.metrics.append(m)
                    at += length
                default:
                    return nil
                }
            }
            return out
        }

        mutating func metric(into out: inout SparkplugReading) -> SparkplugReading.Metric? {
            var m = SparkplugReading.Metric()
            var seen: UInt32 = 0
            var valued = false
            while at < end {
                guard let key = varint(), key < 16 << 3 else { return nil }
                let field = Int(key >> 3)
                let wire = key & 7
                guard seen & (1 << field) == 0 else { return nil }
                seen |= 1 << field
                if field >= 10 {
                    guard !valued else { return nil }
                    valued = true
                }
                switch (field, wire) {
                case (1, 2), (15, 2):
                    guard let s = string() else { return nil }
                    let k = out.keep(s)
                    if field == 1 { m.nameIndex = k } else { m.value = .string(k) }
                case (2, 0), (3, 0), (4, 0), (5, 0), (6, 0), (7, 0), (10, 0), (11, 0), (14, 0):
                    guard let v = varint() else { return nil }
                    switch field {
                    case 2: m.alias = v
                    case 3: m.timestamp = v
                    case 4: m.datatype = UInt32(truncatingIfNeeded: v)
                    case 7: m.isNull = v != 0
                    case 10: m.value = .int(UInt32(truncatingIfNeeded: v))
                    case 11: m.value = .long(v)
                    case 14: m.value = .boolean(v != 0)
                    default: break  // is_historical, is_transient: the timestamp says when
                    }
                case (12, 5):
                    guard let v = fixed(4) else { return nil }
                    m.value = .float(Float(bitPattern: UInt32(truncatingIfNeeded: v)))
                case (13, 1):
                    guard let v = fixed(8) else { return nil }
                    m.value = .double(Double(bitPattern: v))
                default:
                    return nil
                }
            }
            return m
        }

        /// A base-128 varint of at most 64 bits.
        @inline(__always)
        mutating func varint() -> UInt64? {
            var v: UInt64 = 0
            var shift: UInt64 = 0
            while at < end {
                let b = base[at]
                at += 1
                if shift == 63 && b > 1 { return nil }
                v |= UInt64(b & 0x7f) << shift
                if b < 0x80 { return v }
                shift += 7
                if shift > 63 { return nil }
            }
            return nil
        }

        mutating func length() -> Int? {
            guard let n = varint(), n <= UInt64(end - at) else { return nil }
            return Int(n)
        }

        /// Little-endian fixed32 or fixed64.
        mutating func fixed(_ size: Int) -> UInt64? {
            guard end - at >= size else { return nil }
            var v: UInt64 = 0
            for k in 0..<size { v |= UInt64(base[at + k]) << (8 * UInt64(k)) }
            at += size
            return v
        }

        mutating func string() -> String? {
            guard let n = length() else { return nil }
            let bytes = UnsafeBufferPointer(rebasing: base[at..<at + n])
            at += n
            return String(validating: bytes, as: UTF8.self)
        }
    }
}
