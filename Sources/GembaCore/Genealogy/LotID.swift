/// Why a lot id was refused, naming it (escaped, so that a control character in it
/// cannot garble the terminal the message is printed on) and the first thing wrong.
public struct LotIDError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The id as given.
    public var id: String
    /// Why, in words for the person.
    public var reason: String

    public init(id: String, reason: String) {
        self.id = id
        self.reason = reason
    }

    public var description: String {
        "lot id \"\(LotID.shown(id))\": \(reason)"
    }
}

/// The rule for lot ids, the same at every door (the command line, the console, the daemon):
/// a lot id is printable text without whitespace or control characters, so that it can be
/// scanned, typed, printed on a label and shown in a column the same way everywhere.
///
/// Exactly: 1 to 200 Unicode scalars (code points), none of which is
/// - whitespace: any scalar with the Unicode `White_Space` property (space, tab, line feed,
///   carriage return, U+0085, no-break space U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029,
///   U+202F, U+205F, U+3000 …);
/// - a control character: C0 (U+0000–U+001F), DEL (U+007F), C1 (U+0080–U+009F);
/// - an invisible format character (general category Cf: soft hyphen U+00AD, zero-width
///   space U+200B, joiners U+200C/U+200D, bidirectional marks and overrides, U+FEFF …);
/// - a private-use character (U+E000–U+F8FF and planes 15–16), which no font shows the same;
/// - not valid Unicode: U+FFFD (the replacement character that stands in for bytes that were not
///   UTF-8) and the noncharacters U+FDD0–U+FDEF and U+xxFFFE/U+xxFFFF of every plane.
///   (Surrogates cannot occur in a Swift string.)
///
/// Everything else printable is allowed, ASCII and beyond: `C-1001`, `B-2002-A`, `Ünïcode-1`,
/// `批次-7`. Ids are compared as given: no case folding, no Unicode normalisation.
public enum LotID {
    /// The most Unicode scalars a lot id has.
    public static let maxLength = 200

    /// Refuses a lot id that breaks the rule, with the first reason.
    public static func validate(_ id: String) throws(LotIDError) {
        func fail(_ reason: String) -> LotIDError { LotIDError(id: id, reason: reason) }
        let rule = "a lot id is printable, without whitespace or control characters"
        guard !id.isEmpty else { throw fail("it is empty; a lot id has 1 to \(maxLength) printable characters") }
        let count = id.unicodeScalars.count
        guard count <= maxLength else { throw fail("a lot id has at most \(maxLength) characters (this one has \(count))") }
        for (k, s) in id.unicodeScalars.enumerated() {
            if let what = refused(s) {
                throw fail(
                    what.hasSuffix(",") ? "character \(k + 1) is \(what) \(code(s)); \(rule)" : "character \(k + 1) is \(what) (\(code(s))); \(rule)")
            }
        }
    }

    /// Whether a lot id keeps the rule.
    public static func isValid(_ id: String) -> Bool {
        do throws(LotIDError) {
            try validate(id)
            return true
        } catch {
            return false
        }
    }

    /// What a scalar is when a lot id may not hold it, in words; nil when it may.
    static func refused(_ s: Unicode.Scalar) -> String? {
        let v = s.value
        switch v {
        case 0x20: return "a space"
        case 0x09: return "a tab"
        case 0x0A, 0x0D: return "a line break"
        case 0x00...0x1F, 0x7F, 0x80...0x9F: return "a control character"
        case 0xFFFD: return "not valid Unicode: the replacement character, which stands in for bytes that were not UTF-8,"
        case 0xFDD0...0xFDEF: return "not valid Unicode: a noncharacter,"
        default: break
        }
        if v & 0xFFFE == 0xFFFE { return "not valid Unicode: a noncharacter," }
        if s.properties.isWhitespace { return "whitespace" }
        switch s.properties.generalCategory {
        case .format: return "an invisible format character"
        case .privateUse: return "a private-use character"
        case .control: return "a control character"
        case .surrogate: return "not valid Unicode: a surrogate,"
        default: return nil
        }
    }

    static func code(_ s: Unicode.Scalar) -> String {
        let hex = String(s.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// The id for a message: at most 40 characters, anything the rule refuses written `\u{…}`.
    static func shown(_ id: String) -> String {
        var out = ""
        for (k, s) in id.unicodeScalars.enumerated() {
            if k == 40 {
                out += "…"
                break
            }
            if s == " " || refused(s) == nil { out.unicodeScalars.append(s) } else { out += "\\u{\(String(s.value, radix: 16, uppercase: true))}" }
        }
        return out
    }
}
