/// Plant and user text made safe for each form of the report. Notes, names, reasons and
/// messages come from people and machines: a note may hold `<script>`, a reason a `|`, a
/// message an escape sequence. `clean` keeps only what prints (no control, bidi-override or
/// non-characters: no ANSI codes in the text form, nothing XML refuses in the HTML form),
/// `html` makes text inert in an element or an attribute, `markdown` keeps it from turning
/// into markup or breaking a table.
package enum ShiftReportEscaping {
    /// Text with line breaks as `\n` when `keepLineBreaks` (a note), as a space otherwise, tabs
    /// as a space, and control, bidi-control and non-characters removed.
    package static func clean(_ text: String, keepLineBreaks: Bool = false) -> String {
        var out = String.UnicodeScalarView()
        var previousCR = false
        var escape = Escape.none
        for s in text.unicodeScalars {
            let v = s.value
            defer { previousCR = v == 0x0D }
            // A terminal's escape sequence goes whole, not just its ESC: `ESC [ 31 m`, `ESC ] … BEL`.
            switch escape {
            case .start:
                escape = v == 0x5B ? .csi : v == 0x5D ? .osc : .none
                continue
            case .csi:
                if (0x40...0x7E).contains(v) || v < 0x20 { escape = .none }
                continue
            case .osc:
                if v == 0x07 { escape = .none } else if v == 0x1B { escape = .start }
                continue
            case .none:
                if v == 0x1B {
                    escape = .start
                    continue
                }
            }
            if v == 0x0A && previousCR { continue }
            if v == 0x0A || v == 0x0D || v == 0x85 || v == 0x2028 || v == 0x2029 {
                out.append(keepLineBreaks ? "\n" : " ")
            } else if v == 0x09 {
                out.append(" ")
            } else if !isDropped(v) {
                out.append(s)
            }
        }
        return String(out)
    }

    /// Where `clean` is in a terminal escape sequence.
    enum Escape { case none, start, csi, osc }

    /// Control characters, bidi embeddings, overrides and isolates, and non-characters.
    static func isDropped(_ v: UInt32) -> Bool {
        v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
            || v == 0x200E || v == 0x200F || v == 0x061C || (0xFDD0...0xFDEF).contains(v) || v & 0xFFFE == 0xFFFE
    }

    /// Cleaned text for an HTML element or a quoted attribute: `& < > " '` as references.
    package static func html(_ text: String, keepLineBreaks: Bool = false) -> String {
        var out = ""
        for ch in clean(text, keepLineBreaks: keepLineBreaks) {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// Cleaned text for Markdown, one line: every character that could start markup, a link,
    /// an HTML tag, an entity or a table cell is backslash-escaped (CommonMark allows it before
    /// any ASCII punctuation), so `|` cannot split a table row and `<script>` stays text.
    package static func markdown(_ text: String) -> String {
        var out = ""
        for ch in clean(text) {
            if "\\`*_[]<>|~#&!".contains(ch) { out.append("\\") }
            out.append(ch)
        }
        return out
    }

    /// A line of a note for a Markdown block quote: `markdown`, and a line that would start a
    /// list, a heading underline or a numbered item has that character escaped too; leading
    /// spaces are dropped (four of them would make the line code).
    package static func markdownLine(_ line: String) -> String {
        var escaped = markdown(String(line.drop { $0 == " " }))
        if let first = escaped.first, "-+=".contains(first) {
            escaped.insert("\\", at: escaped.startIndex)
        } else if let end = escaped.firstIndex(where: { !$0.isASCII || !$0.isNumber }), end != escaped.startIndex,
            escaped[end] == "." || escaped[end] == ")"
        {
            escaped.insert("\\", at: end)
        }
        return escaped
    }
}
