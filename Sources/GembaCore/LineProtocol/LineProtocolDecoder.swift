/// Decodes InfluxDB line protocol, one line at a time, from a byte buffer, without
/// allocating on the hot path.
///
/// It follows the grammar of InfluxData's reference decoder (line-protocol v2):
/// escapes per token, `i`/`u` integers, floats, quoted strings (which may span
/// lines), every boolean spelling, comments, `\r\n`, an optional timestamp scaled
/// by the configured precision. Token positions are kept as byte ranges into the
/// caller's buffer; `point(in:)` materialises the unescaped strings when needed.
/// A decoder is reused line after line: it keeps its arrays' capacity.
public struct LineProtocolDecoder: Sendable {
    /// A byte range of the buffer, and whether it holds escapes to undo.
    public struct Token: Sendable, Equatable {
        public var start: Int
        public var end: Int
        public var escaped: Bool
        public var isEmpty: Bool { start == end }
    }

    /// A field value as decoded; strings stay tokens until materialised.
    public enum RawValue: Sendable, Equatable {
        case float(Double)
        case int(Int64)
        case uint(UInt64)
        case bool(Bool)
        case string(Token)
    }

    /// The outcome of decoding one line; `next` is where the following line starts.
    public enum Step: Sendable, Equatable {
        /// A point was decoded; read it through the decoder's properties.
        case point(next: Int)
        /// A blank line or a comment.
        case empty(next: Int)
        /// The line is malformed; `next` skips past it.
        case error(LineProtocolError, next: Int)
        /// The buffer ended before the line did (and the caller said more may come).
        case incomplete
    }

    public var precision: TimestampPrecision
    /// The measurement of the last decoded point.
    public private(set) var measurement = Token(start: 0, end: 0, escaped: false)
    public private(set) var tags: [(key: Token, value: Token)] = []
    public private(set) var fields: [(key: Token, value: RawValue)] = []
    /// In nanoseconds, scaled by `precision`.
    public private(set) var timestamp: Int64?
    /// Where the timestamp of the last decoded point starts in the buffer, when it has one.
    public private(set) var timestampOffset: Int?
    /// True when a token of the last line holds bytes ≥ 0x80 (so materialising must validate UTF-8).
    private var sawHighBytes = false

    public init(precision: TimestampPrecision = .nanoseconds) {
        self.precision = precision
        tags.reserveCapacity(8)
        fields.reserveCapacity(8)
    }

    struct Failure: Error {
        var offset: Int
        var reason: String
    }

    /// Decodes the line that starts at `start`.
    ///
    /// - Parameters:
    ///   - isFinal: true when no more bytes will follow the buffer, so its end ends the line.
    ///   - lineNumber: the number of the line at `start`, for error messages.
    public mutating func decodeLine(
        _ buf: UnsafeBufferPointer<UInt8>, from start: Int, isFinal: Bool, lineNumber: Int = 1
    ) -> Step {
        tags.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
        timestamp = nil
        timestampOffset = nil
        sawHighBytes = false
        let end = buf.count
        var i = start
        // Leading spaces, then a blank line or a comment.
        while i < end && buf[i] == UInt8(ascii: " ") { i += 1 }
        if i == end {
            return isFinal ? .empty(next: end) : .incomplete
        }
        let first = buf[i]
        if first == UInt8(ascii: "\n") { return .empty(next: i + 1) }
        if first == UInt8(ascii: "\r") && i + 1 < end && buf[i + 1] == UInt8(ascii: "\n") { return .empty(next: i + 2) }
        if first == UInt8(ascii: "#") {
            guard let nl = Self.findNewline(buf, from: i) else { return isFinal ? .empty(next: end) : .incomplete }
            var k = i + 1
            while k < nl {
                let c = buf[k]
                if (c < 0x20 && !(c == UInt8(ascii: "\r") && k + 1 == nl)) || c == 0x7F {
                    let column = Self.column(of: k, in: buf, lineStart: start)
                    let error = LineProtocolError(
                        line: lineNumber, column: column, reason: "invalid character \(Self.show(c)) in comment line")
                    return .error(error, next: nl + 1)
                }
                k += 1
            }
            return .empty(next: nl + 1)
        }
        do throws(Failure) {
            let next = try decodePoint(buf, at: i, isFinal: isFinal)
            guard let next else { return .incomplete }
            if sawHighBytes { try validateUTF8(buf) }
            return .point(next: next)
        } catch {
            let failure = error
            // Resynchronise at the next newline: a bad line never takes the next one with it.
            let next: Int
            if let nl = Self.findNewline(buf, from: min(failure.offset, end)) {
                next = nl + 1
            } else if isFinal {
                next = end
            } else {
                return .incomplete
            }
            let column = Self.column(of: failure.offset, in: buf, lineStart: start)
            return .error(LineProtocolError(line: lineNumber, column: column, reason: failure.reason), next: next)
        }
    }

    private static func column(of offset: Int, in buf: UnsafeBufferPointer<UInt8>, lineStart: Int) -> Int {
        var lineBegin = lineStart
        var k = lineStart
        while k < offset && k < buf.count {
            if buf[k] == UInt8(ascii: "\n") { lineBegin = k + 1 }
            k += 1
        }
        return offset - lineBegin + 1
    }

    @inline(__always)
    static func findNewline(_ buf: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var k = from
        let end = buf.count
        while k < end {
            if buf[k] == UInt8(ascii: "\n") { return k }
            k += 1
        }
        return nil
    }

    /// Returns the start of the next line, or nil when the buffer ended too soon.
    private mutating func decodePoint(
        _ buf: UnsafeBufferPointer<UInt8>, at begin: Int, isFinal: Bool
    ) throws(Failure)
        -> Int?
    {
        let end = buf.count
        let table = ByteClass.table
        var i = begin
        var high: UInt8 = 0

        // Measurement.
        if table[Int(buf[i])] & ByteClass.measurement == 0 && buf[i] != UInt8(ascii: "\\") {
            throw Failure(offset: i, reason: "invalid character \(Self.show(buf[i])) at start of measurement name")
        }
        let m = scanToken(buf, &i, ByteClass.measurement, escapes: Self.isMeasurementEscape, high: &high)
        measurement = m
        try Self.checkLength(m)

        // Tags.
        while i < end && buf[i] == UInt8(ascii: ",") {
            i += 1
            if i == end || Self.isEOL(buf, i) {
                throw Failure(offset: i, reason: "expected tag key after comma; got end of line")
            }
            if buf[i] == UInt8(ascii: " ") {
                throw Failure(offset: i, reason: "expected tag key after comma; got white space")
            }
            let key = scanToken(buf, &i, ByteClass.key, escapes: Self.isKeyEscape, high: &high)
            if key.isEmpty {
                throw Failure(offset: i, reason: "expected tag key or field but found \(Self.showAt(buf, i))")
            }
            guard i < end && buf[i] == UInt8(ascii: "=") else {
                throw Failure(offset: i, reason: "expected '=' after tag key, but got \(Self.showAt(buf, i))")
            }
            i += 1
            let value = scanToken(buf, &i, ByteClass.tagValue, escapes: Self.isKeyEscape, high: &high)
            if value.isEmpty {
                throw Failure(offset: i, reason: "expected tag value after tag key, but none found")
            }
            try Self.checkLength(key)
            try Self.checkLength(value)
            for existing in tags where Self.tokensEqual(buf, existing.key, key) {
                throw Failure(offset: key.start, reason: "duplicate tag key")
            }
            tags.append((key, value))
        }
        if i == end || Self.isEOL(buf, i) {
            throw Failure(
                offset: i,
                reason: tags.isEmpty && i == end ? "no fields: a line needs a space and at least one field" : "expected field key but none found")
        }
        guard buf[i] == UInt8(ascii: " ") else {
            throw Failure(offset: i, reason: "expected tag key or field but found \(Self.showAt(buf, i))")
        }
        while i < end && buf[i] == UInt8(ascii: " ") { i += 1 }

        // Fields.
        var firstField = true
        while true {
            if !firstField { i += 1 }  // the comma
            firstField = false
            if i == end || Self.isEOL(buf, i) {
                throw Failure(offset: i, reason: "expected field key but none found")
            }
            if table[Int(buf[i])] & ByteClass.key == 0 && buf[i] != UInt8(ascii: "\\") {
                throw Failure(offset: i, reason: "invalid character \(Self.show(buf[i])) found at start of field key")
            }
            let key = scanToken(buf, &i, ByteClass.key, escapes: Self.isKeyEscape, high: &high)
            guard i < end && buf[i] == UInt8(ascii: "=") else {
                throw Failure(offset: i, reason: "want '=' after field key, found \(Self.showAt(buf, i))")
            }
            i += 1
            guard i < end else { throw Failure(offset: i, reason: "expected field value, found end of input") }
            let valueStart = i
            let value: RawValue
            if buf[i] == UInt8(ascii: "\"") {
                // Quoted string: runs to the next unescaped quote, newlines included.
                i += 1
                let s = i
                var escaped = false
                while true {
                    if i == end {
                        if !isFinal { return nil }
                        throw Failure(offset: valueStart, reason: "expected closing quote for string field value, found end of input")
                    }
                    let c = buf[i]
                    if c == UInt8(ascii: "\"") { break }
                    if c == UInt8(ascii: "\\") && i + 1 < end
                        && (buf[i + 1] == UInt8(ascii: "\"") || buf[i + 1] == UInt8(ascii: "\\"))
                    {
                        escaped = true
                        i += 2
                        continue
                    }
                    high |= c
                    i += 1
                }
                value = .string(Token(start: s, end: i, escaped: escaped))
                i += 1
            } else {
                while i < end && table[Int(buf[i])] & ByteClass.fieldValue != 0 { i += 1 }
                value = try Self.parseScalar(buf, valueStart, i)
            }
            try Self.checkLength(key)
            if case .string(let t) = value { try Self.checkLength(t) }
            fields.append((key, value))
            if i < end && buf[i] == UInt8(ascii: ",") { continue }
            break
        }
        if i < end && !Self.isEOL(buf, i) && buf[i] != UInt8(ascii: " ") {
            throw Failure(offset: i, reason: "unexpected character \(Self.show(buf[i])) after field")
        }

        // Timestamp.
        while i < end && buf[i] == UInt8(ascii: " ") { i += 1 }
        if i < end && !Self.isEOL(buf, i) {
            let ts = i
            var negative = false
            if buf[i] == UInt8(ascii: "-") {
                negative = true
                i += 1
            }
            var value: Int64 = 0
            var digits = 0
            var overflow = false
            while i < end && table[Int(buf[i])] & ByteClass.digit != 0 {
                let d = Int64(buf[i] &- UInt8(ascii: "0"))
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
                if o1 || o2 { overflow = true }
                value = s
                digits += 1
                i += 1
            }
            if i < end && !Self.isEOL(buf, i) && buf[i] != UInt8(ascii: " ") {
                throw Failure(offset: ts, reason: "invalid timestamp")
            }
            if digits == 0 { throw Failure(offset: ts, reason: "invalid timestamp: no digits") }
            if overflow { throw Failure(offset: ts, reason: "invalid timestamp: out of range") }
            let (scaled, o) = value.multipliedReportingOverflow(by: precision.nanosecondsPerUnit)
            if o { throw Failure(offset: ts, reason: "invalid timestamp: out of range at this precision") }
            timestamp = scaled
            timestampOffset = ts
            while i < end && buf[i] == UInt8(ascii: " ") { i += 1 }
            if i < end && !Self.isEOL(buf, i) {
                throw Failure(offset: i, reason: "unexpected text after timestamp")
            }
        }
        sawHighBytes = high >= 0x80
        if i == end { return isFinal ? end : nil }
        // At EOL: "\n" or "\r\n".
        if buf[i] == UInt8(ascii: "\r") {
            i += 1
            if i == end { return isFinal ? end : nil }
        }
        return i + 1
    }

    /// The longest name or string value taken, in bytes (InfluxDB 3's limit).
    public static let maximumTokenLength = 65_536

    @inline(__always)
    private static func checkLength(_ t: Token) throws(Failure) {
        if t.end - t.start > maximumTokenLength {
            throw Failure(offset: t.start, reason: "token longer than \(maximumTokenLength) bytes")
        }
    }

    /// Scans a token of the given class, taking a backslash and the byte after it
    /// together when that byte is one the token escapes.
    @inline(__always)
    private func scanToken(
        _ buf: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ cls: UInt8, escapes: (UInt8) -> Bool, high: inout UInt8
    ) -> Token {
        let table = ByteClass.table
        let end = buf.count
        let s = i
        var escaped = false
        while i < end {
            let c = buf[i]
            if c == UInt8(ascii: "\\") && i + 1 < end && escapes(buf[i + 1]) {
                escaped = true
                i += 2
                continue
            }
            if table[Int(c)] & cls == 0 { break }
            high |= c
            i += 1
        }
        return Token(start: s, end: i, escaped: escaped)
    }

    // A backslash escapes only these bytes; before anything else (a backslash
    // included) it is a literal backslash, as in the reference decoder.
    @inline(__always) static func isMeasurementEscape(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: ",")
    }
    @inline(__always) static func isKeyEscape(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: ",") || c == UInt8(ascii: "=")
    }

    @inline(__always)
    static func isEOL(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        let c = buf[i]
        if c == UInt8(ascii: "\n") { return true }
        return c == UInt8(ascii: "\r") && (i + 1 == buf.count || buf[i + 1] == UInt8(ascii: "\n"))
    }

    private static func tokensEqual(_ buf: UnsafeBufferPointer<UInt8>, _ a: Token, _ b: Token) -> Bool {
        if !a.escaped && !b.escaped {
            guard a.end - a.start == b.end - b.start else { return false }
            for k in 0..<(a.end - a.start) where buf[a.start + k] != buf[b.start + k] { return false }
            return true
        }
        return unescape(buf, a, isKey: true) == unescape(buf, b, isKey: true)
    }

    static func show(_ c: UInt8) -> String {
        switch c {
        case UInt8(ascii: "\n"): return "newline"
        case UInt8(ascii: "\t"): return "'\\t'"
        case 0x20..<0x7F: return "'\(Character(Unicode.Scalar(c)))'"
        default:
            let hex = String(c, radix: 16)
            return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
        }
    }

    static func showAt(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> String {
        if i >= buf.count { return "end of input" }
        if buf[i] == UInt8(ascii: " ") { return "white space" }
        return show(buf[i])
    }

}

extension LineProtocolDecoder {
    /// Decodes a whole document (a file, a test input): every point, or the first error.
    public static func decodeAll(
        _ bytes: [UInt8], precision: TimestampPrecision = .nanoseconds, defaultTimestamp: Int64? = nil
    ) -> Result<[LineProtocolPoint], LineProtocolError> {
        var decoder = LineProtocolDecoder(precision: precision)
        // A default time is a time of the feed's precision, like any other.
        let unit = precision.nanosecondsPerUnit
        let defaultTimestamp = defaultTimestamp.map { $0 / unit * unit }
        return bytes.withUnsafeBufferPointer { buf in
            var points: [LineProtocolPoint] = []
            var pos = 0
            var line = 1
            while pos < buf.count {
                let step = decoder.decodeLine(buf, from: pos, isFinal: true, lineNumber: line)
                let next: Int
                switch step {
                case .point(let n):
                    points.append(decoder.point(in: buf, defaultTimestamp: defaultTimestamp))
                    next = n
                case .empty(let n): next = n
                case .error(let e, _): return .failure(e)
                case .incomplete: return .failure(LineProtocolError(line: line, column: 1, reason: "incomplete line"))
                }
                for k in pos..<next where buf[k] == UInt8(ascii: "\n") { line += 1 }
                pos = next
            }
            return .success(points)
        }
    }
}
