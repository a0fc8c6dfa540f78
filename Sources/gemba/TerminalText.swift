import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Text as the terminal of a scripting verb can show it. Under a UTF-8 locale (`LC_ALL`, else
/// `LC_CTYPE`, else `LANG` names a UTF-8 character set) glyphs print as they are; under any
/// other locale every non-ASCII character becomes an ASCII stand-in (`…` → `...`, `→` → `->`,
/// `✓` → `v`, `●` → `*`, `ö` → `o`, anything else `?`). In both, control characters that
/// came with the data (a terminal escape in a telemetry reason, a line break in a comment)
/// never reach the terminal: line breaks and tabs become spaces, the others `?`.
///
/// Widths are in terminal cells (`width(_:)`): 2 for East Asian wide characters and emoji,
/// 0 for combining marks, the rule of the console's `CharWidth` (which the scripting verbs
/// do not import). `columns` is how many cells a line may take, when that is known.
struct TerminalText {
    /// Whether glyphs beyond ASCII may be printed.
    var unicode: Bool
    /// The width lines are cut to (`TextTable`'s fitted column); nil: no limit.
    var columns: Int?

    /// The locale and width of this process: `COLUMNS` when set, else the width of the
    /// terminal standard output goes to; none for a pipe or a file.
    static let current = TerminalText(environment: ProcessInfo.processInfo.environment, terminalColumns: terminalColumns())

    init(unicode: Bool, columns: Int? = nil) {
        self.unicode = unicode
        self.columns = columns
    }

    /// The locale's character set as POSIX chooses it (`LC_ALL`, else `LC_CTYPE`, else `LANG`)
    /// and the width `COLUMNS` gives, else `terminalColumns`.
    init(environment: [String: String], terminalColumns: Int? = nil) {
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"].lazy.compactMap { environment[$0] }.first { !$0.isEmpty } ?? "C"
        let name = locale.lowercased()
        unicode = name.contains("utf-8") || name.contains("utf8")
        columns = environment["COLUMNS"].flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? terminalColumns
    }

    /// The width of the terminal standard output goes to, as the kernel has it; nil when it
    /// is not a terminal.
    static func terminalColumns() -> Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return nil }
        return Int(size.ws_col)
    }

    /// Marks where text was cut: `…`, or `...` without UTF-8.
    var ellipsis: String { unicode ? "…" : "..." }

    /// `s` as this terminal can show it (see the type's description).
    func clean(_ s: String) -> String {
        if s.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) { return s }
        var out = ""
        for ch in s {
            if let c = Self.control(ch) {
                out += c
            } else if unicode || ch.isASCII {
                out.append(ch)
            } else {
                out += Self.ascii(ch)
            }
        }
        return out
    }

    /// `s` (already clean) cut to `width` cells, the cut marked with the ellipsis.
    func fit(_ s: String, _ width: Int) -> String {
        guard Self.width(s) > width else { return s }
        let room = width - Self.width(ellipsis)
        guard room > 0 else { return String(ellipsis.prefix(max(0, width))) }
        var out = ""
        var used = 0
        for ch in s {
            let w = Self.width(ch)
            if used + w > room { break }
            out.append(ch)
            used += w
        }
        return out + ellipsis
    }

    /// A control character's stand-in (nil for any other character).
    static func control(_ ch: Character) -> String? {
        guard let first = ch.unicodeScalars.first, first.value < 0x20 || (0x7F..<0xA0).contains(first.value) else { return nil }
        return ch == "\n" || ch == "\r\n" || ch == "\r" || ch == "\t" ? " " : "?"
    }

    /// An ASCII stand-in for a non-ASCII character.
    static func ascii(_ ch: Character) -> String {
        switch ch {
        case "…": return "..."
        case "→": return "->"
        case "←": return "<-"
        case "↑": return "^"
        case "↓": return "v"
        case "✓", "✔": return "v"
        case "✗", "✘", "✖", "×": return "x"
        case "●", "•", "◦", "○", "◌": return "*"
        case "·": return "."
        case "—", "–", "─", "‐", "−": return "-"
        case "‘", "’", "‚": return "'"
        case "“", "”", "„": return "\""
        case "ß": return "ss"
        case "\u{A0}", "\u{202F}": return " "
        default:
            // A letter with accents: the letter (ö → o, É → E).
            let base = String(ch).decomposedStringWithCanonicalMapping.unicodeScalars
            if let first = base.first, first.isASCII, first.properties.isAlphabetic,
                base.dropFirst().allSatisfy({ $0.properties.generalCategory == .nonspacingMark })
            {
                return String(first)
            }
            return "?"
        }
    }

    /// Cells `s` takes on a terminal.
    static func width(_ s: String) -> Int { s.reduce(0) { $0 + width($1) } }

    /// Cells a character takes: by its first scalar.
    static func width(_ ch: Character) -> Int {
        guard let s = ch.unicodeScalars.first else { return 0 }
        let v = s.value
        if v < 0x300 { return v < 0x20 || (v >= 0x7F && v < 0xA0) ? 0 : 1 }
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        return wide.contains { $0.contains(v) } ? 2 : 1
    }

    /// East Asian wide and fullwidth characters and emoji: two cells.
    static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3,
        0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
    ]
}
