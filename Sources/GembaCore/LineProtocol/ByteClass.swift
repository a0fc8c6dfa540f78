/// Byte classes of the InfluxDB line-protocol grammar, as a 256-entry table of bit flags
/// so that the decoder classifies a byte with one load.
@usableFromInline
enum ByteClass {
    /// May appear unescaped in a measurement name.
    @usableFromInline static let measurement: UInt8 = 1 << 0
    /// May appear unescaped in a tag key or field key.
    @usableFromInline static let key: UInt8 = 1 << 1
    /// May appear unescaped in a tag value.
    @usableFromInline static let tagValue: UInt8 = 1 << 2
    /// May appear in an unquoted field value (numbers, booleans).
    @usableFromInline static let fieldValue: UInt8 = 1 << 3
    /// A decimal digit.
    @usableFromInline static let digit: UInt8 = 1 << 4

    @usableFromInline static let table: [UInt8] = {
        var t = [UInt8](repeating: 0, count: 256)
        for b in 0..<256 {
            let c = UInt8(b)
            // Control characters and DEL are not printable; NUL is tolerated in keys,
            // as InfluxDB 3 accepts it there.
            let nonPrintable = c < 0x20 || c == 0x7F
            var flags: UInt8 = 0
            if !nonPrintable && c != UInt8(ascii: ",") && c != UInt8(ascii: " ") { flags |= measurement }
            if (!nonPrintable || c == 0) && c != UInt8(ascii: ",") && c != UInt8(ascii: " ") && c != UInt8(ascii: "=") {
                flags |= key
            }
            // Tag values take control characters (not line ends) as the reference decoder does.
            if c != UInt8(ascii: ",") && c != UInt8(ascii: " ") && c != UInt8(ascii: "=") && c != UInt8(ascii: "\n")
                && c != UInt8(ascii: "\r")
            {
                flags |= tagValue
            }
            if c != UInt8(ascii: ",") && c != UInt8(ascii: " ") && c != UInt8(ascii: "\n") && c != UInt8(ascii: "\r") {
                flags |= fieldValue
            }
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") { flags |= digit }
            t[b] = flags
        }
        return t
    }()
}
