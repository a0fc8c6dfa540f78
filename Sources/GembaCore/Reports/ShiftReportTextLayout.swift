/// Columns for the text form of the shift report: how wide text is on a terminal, and how
/// it is cut, wrapped and padded to stay within 80 columns. Counted per character as a
/// terminal shows it (a CJK character or an emoji takes two), not per byte.
package enum ShiftReportTextLayout {
    /// East Asian wide characters and emoji: two columns each on a terminal.
    static let wide: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3,
        0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF,
        0x20000...0x3FFFD,
    ]

    /// The columns a character takes on a terminal: 2 for East Asian wide characters and emoji, else 1.
    package static func width(_ ch: Character) -> Int {
        guard let v = ch.unicodeScalars.first?.value else { return 0 }
        if v < 0x1100 { return 1 }
        return wide.contains { $0.contains(v) } ? 2 : 1
    }

    /// The columns a text takes.
    package static func width(_ text: some StringProtocol) -> Int {
        text.reduce(0) { $0 + width($1) }
    }

    /// The text in at most `columns`, cut with `…` when longer.
    package static func truncate(_ text: String, to columns: Int) -> String {
        guard width(text) > columns else { return text }
        guard columns > 0 else { return "" }
        var out = ""
        var used = 0
        for ch in text {
            let w = width(ch)
            if used + w > columns - 1 { break }
            out.append(ch)
            used += w
        }
        return out + "…"
    }

    /// The text padded with spaces to `columns`, on the left when `right`-aligned.
    package static func pad(_ text: String, to columns: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, columns - width(text)))
        return right ? fill + text : text + fill
    }

    /// One line of text (spaces between words) wrapped into lines of at most `columns`; a word
    /// longer than a line is broken. Never empty: an empty text is one empty line.
    package static func wrap(_ text: String, to columns: Int) -> [String] {
        let columns = max(1, columns)
        var lines: [String] = []
        var current = ""
        var used = 0
        for word in text.split(separator: " ") {
            let w = width(word)
            if used > 0 && used + 1 + w <= columns {
                current += " " + word
                used += 1 + w
                continue
            }
            if used > 0 { lines.append(current) }
            current = ""
            used = 0
            for ch in word {
                let cw = width(ch)
                if used > 0 && used + cw > columns {
                    lines.append(current)
                    current = ""
                    used = 0
                }
                current.append(ch)
                used += cw
            }
        }
        if used > 0 || lines.isEmpty { lines.append(current) }
        return lines
    }

    /// The text without spaces at its end.
    package static func trimTrailing(_ text: String) -> String {
        var s = Substring(text)
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
