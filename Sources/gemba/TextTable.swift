/// Rows printed as aligned columns for a person: every cell cleaned for the terminal
/// (`TerminalText`), columns padded to the widest cell in terminal cells (a wide character
/// takes two), two spaces between them, no trailing blanks.
enum TextTable {
    static func print(_ rows: [[String]], text: TerminalText = .current) {
        for line in lines(rows, text: text) { Swift.print(line) }
    }

    static func lines(_ rows: [[String]], text: TerminalText) -> [String] {
        let cells = rows.map { $0.map(text.clean) }
        guard let first = cells.first else { return [] }
        let widths = (0..<first.count).map { c in cells.map { TerminalText.width($0[c]) }.max() ?? 0 }
        return cells.map { row in
            var line = ""
            for (c, cell) in row.enumerated() {
                if c > 0 { line += "  " }
                line += cell + String(repeating: " ", count: max(0, widths[c] - TerminalText.width(cell)))
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
