/// Unquoted field values of line protocol: booleans, `i` and `u` integers with
/// range checks, and decimal floats, parsed straight from the buffer.
extension LineProtocolDecoder {
    /// Parses an unquoted field value: boolean, `i` integer, `u` unsigned, or float.
    static func parseScalar(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) throws(Failure) -> RawValue {
        guard e > s else { throw Failure(offset: s, reason: "field value has unrecognized type") }
        let c = buf[s]
        switch c {
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            if let b = parseBool(buf, s, e) { return .bool(b) }
            throw Failure(offset: s, reason: "invalid boolean value")
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."), UInt8(ascii: "0")...UInt8(ascii: "9"):
            break
        default:
            throw Failure(offset: s, reason: "field value has unrecognized type")
        }
        let last = buf[e - 1]
        if last == UInt8(ascii: "i") {
            guard let v = parseInt(buf, s, e - 1) else {
                throw Failure(
                    offset: s, reason: isIntegerSyntax(buf, s, e - 1, signed: true) ? "integer value out of range" : "invalid integer value syntax")
            }
            return .int(v)
        }
        if last == UInt8(ascii: "u") {
            guard let v = parseUInt(buf, s, e - 1) else {
                throw Failure(
                    offset: s,
                    reason: isIntegerSyntax(buf, s, e - 1, signed: false)
                        ? "unsigned integer value out of range" : "invalid unsigned integer value syntax")
            }
            return .uint(v)
        }
        guard let v = parseFloat(buf, s, e) else {
            throw Failure(offset: s, reason: "invalid float value syntax")
        }
        guard v.isFinite else { throw Failure(offset: s, reason: "float value out of range") }
        return .float(v)
    }

    static func parseBool(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool? {
        let n = e - s
        func eq(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == n else { return false }
            return word.withUTF8Buffer { w in
                for k in 0..<n where w[k] != buf[s + k] { return false }
                return true
            }
        }
        if n == 1 {
            switch buf[s] {
            case UInt8(ascii: "t"), UInt8(ascii: "T"): return true
            case UInt8(ascii: "f"), UInt8(ascii: "F"): return false
            default: return nil
            }
        }
        if eq("true") || eq("True") || eq("TRUE") { return true }
        if eq("false") || eq("False") || eq("FALSE") { return false }
        return nil
    }

    static func isIntegerSyntax(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, signed: Bool) -> Bool {
        var k = s
        if signed && k < e && (buf[k] == UInt8(ascii: "-") || buf[k] == UInt8(ascii: "+")) { k += 1 }
        guard k < e else { return false }
        while k < e {
            guard buf[k] >= UInt8(ascii: "0") && buf[k] <= UInt8(ascii: "9") else { return false }
            k += 1
        }
        return true
    }

    @inline(__always)
    static func parseInt(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int64? {
        var k = s
        var negative = false
        if k < e && (buf[k] == UInt8(ascii: "-") || buf[k] == UInt8(ascii: "+")) {
            negative = buf[k] == UInt8(ascii: "-")
            k += 1
        }
        guard k < e else { return nil }
        var v: Int64 = 0
        while k < e {
            let d = buf[k] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (r, o2) = negative ? m.subtractingReportingOverflow(Int64(d)) : m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            v = r
            k += 1
        }
        return v
    }

    @inline(__always)
    static func parseUInt(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> UInt64? {
        guard e > s else { return nil }
        var v: UInt64 = 0
        var k = s
        while k < e {
            let d = buf[k] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (r, o2) = m.addingReportingOverflow(UInt64(d))
            if o1 || o2 { return nil }
            v = r
            k += 1
        }
        return v
    }

    static let exactPowers: [Double] = (0...22).map { p in
        var v = 1.0
        for _ in 0..<p { v *= 10 }
        return v
    }

    /// Decimal floats only: `[+-]?(digits[.digits?]|.digits)([eE][+-]?digits)?`.
    /// Up to 15 significant digits with a small exponent is computed exactly in
    /// one multiplication or division (Clinger's fast path); anything else goes to
    /// the standard library's correctly rounded conversion.
    @inline(__always)
    static func parseFloat(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Double? {
        var k = s
        var negative = false
        if buf[k] == UInt8(ascii: "-") || buf[k] == UInt8(ascii: "+") {
            negative = buf[k] == UInt8(ascii: "-")
            k += 1
        }
        var mantissa: UInt64 = 0
        var significant = 0
        var intDigits = 0
        var fracDigits = 0
        var droppedExponent = 0
        while k < e, buf[k] &- UInt8(ascii: "0") < 10 {
            if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(buf[k] &- UInt8(ascii: "0"))
                if mantissa != 0 { significant += 1 }
            } else {
                droppedExponent += 1
            }
            intDigits += 1
            k += 1
        }
        if k < e && buf[k] == UInt8(ascii: ".") {
            k += 1
            while k < e, buf[k] &- UInt8(ascii: "0") < 10 {
                if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(buf[k] &- UInt8(ascii: "0"))
                    if mantissa != 0 { significant += 1 }
                    droppedExponent -= 1
                }
                fracDigits += 1
                k += 1
            }
        }
        guard intDigits + fracDigits > 0 else { return nil }
        var exponent = 0
        if k < e && (buf[k] == UInt8(ascii: "e") || buf[k] == UInt8(ascii: "E")) {
            k += 1
            var expNegative = false
            if k < e && (buf[k] == UInt8(ascii: "-") || buf[k] == UInt8(ascii: "+")) {
                expNegative = buf[k] == UInt8(ascii: "-")
                k += 1
            }
            guard k < e else { return nil }
            while k < e, buf[k] &- UInt8(ascii: "0") < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(buf[k] &- UInt8(ascii: "0")) }
                k += 1
            }
            if expNegative { exponent = -exponent }
        }
        guard k == e else { return nil }
        let totalExponent = exponent + droppedExponent
        if significant <= 15 && abs(totalExponent) <= 22 && mantissa < (1 << 53) {
            var v = Double(mantissa)
            if totalExponent >= 0 { v *= exactPowers[totalExponent] } else { v /= exactPowers[-totalExponent] }
            return negative ? -v : v
        }
        // Rare: long mantissas or big exponents. The standard library rounds correctly.
        let text = String(decoding: UnsafeBufferPointer(rebasing: buf[s..<e]), as: UTF8.self)
        return Double(text)
    }

}
