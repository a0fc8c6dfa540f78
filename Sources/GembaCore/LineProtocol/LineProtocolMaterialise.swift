/// Turning the decoder's byte ranges into Swift values: escapes undone, UTF-8 checked.
extension LineProtocolDecoder {
    func validateUTF8(_ buf: UnsafeBufferPointer<UInt8>) throws(Failure) {
        func check(_ t: Token) throws(Failure) {
            let slice = UnsafeBufferPointer(rebasing: buf[t.start..<t.end])
            if String(validating: slice, as: UTF8.self) == nil {
                throw Failure(offset: t.start, reason: "invalid UTF-8 sequence in token")
            }
        }
        try check(measurement)
        for t in tags {
            try check(t.key)
            try check(t.value)
        }
        for f in fields {
            try check(f.key)
            if case .string(let t) = f.value { try check(t) }
        }
    }

    /// Undoes the escapes of a token: a backslash before one of the bytes the
    /// token escapes stands for that byte; any other backslash is literal.
    static func unescape(_ buf: UnsafeBufferPointer<UInt8>, _ t: Token, escapes: (UInt8) -> Bool) -> String {
        let slice = UnsafeBufferPointer(rebasing: buf[t.start..<t.end])
        guard t.escaped else { return String(decoding: slice, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(slice.count)
        var k = 0
        while k < slice.count {
            let c = slice[k]
            if c == UInt8(ascii: "\\") && k + 1 < slice.count && escapes(slice[k + 1]) {
                out.append(slice[k + 1])
                k += 2
                continue
            }
            out.append(c)
            k += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unescape(_ buf: UnsafeBufferPointer<UInt8>, _ t: Token, isKey: Bool) -> String {
        unescape(buf, t, escapes: isKey ? isKeyEscape : isMeasurementEscape)
    }

    /// String field values escape only the quote and the backslash.
    static func unescapeString(_ buf: UnsafeBufferPointer<UInt8>, _ t: Token) -> String {
        unescape(buf, t, escapes: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") })
    }

    /// The text of a token (tag key or value, field key) with its escapes undone.
    public func string(_ t: Token, in buf: UnsafeBufferPointer<UInt8>) -> String {
        Self.unescape(buf, t, isKey: true)
    }

    /// True when the token's bytes are exactly `text` (fast compare without a String).
    @inline(__always)
    public func token(_ t: Token, in buf: UnsafeBufferPointer<UInt8>, equals text: StaticString) -> Bool {
        guard !t.escaped, t.end - t.start == text.utf8CodeUnitCount else { return false }
        return text.withUTF8Buffer { w in
            for k in 0..<w.count where w[k] != buf[t.start + k] { return false }
            return true
        }
    }

    /// The last decoded point as values; `defaultTimestamp` fills in a missing timestamp when given.
    public func point(in buf: UnsafeBufferPointer<UInt8>, defaultTimestamp: Int64? = nil) -> LineProtocolPoint {
        LineProtocolPoint(
            measurement: Self.unescape(buf, measurement, isKey: false),
            tags: tags.map { (Self.unescape(buf, $0.key, isKey: true), Self.unescape(buf, $0.value, isKey: true)) },
            fields: fields.map { (Self.unescape(buf, $0.key, isKey: true), value($0.value, in: buf)) },
            timestamp: timestamp ?? defaultTimestamp
        )
    }

    public func value(_ v: RawValue, in buf: UnsafeBufferPointer<UInt8>) -> FieldValue {
        switch v {
        case .float(let d): return .float(d)
        case .int(let n): return .int(n)
        case .uint(let n): return .uint(n)
        case .bool(let b): return .bool(b)
        case .string(let t): return .string(Self.unescapeString(buf, t))
        }
    }
}
