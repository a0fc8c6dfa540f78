/// Rows printed as aligned columns for a person: every cell cleaned for the terminal
/// (`TerminalText`), columns padded to the widest cell in terminal cells (a wide character
/// takes two), two spaces between them, no trailing blanks. With `fitting`, that column's
/// cells are cut (and the cut marked) so that lines fit the terminal's `columns`, keeping at
/// least `minimum` cells of it.
enum TextTable {
    static func print(_ rows: [[String]], text: TerminalText = .current, fitting: Int? = nil, minimum: Int = 12) {
        for line in lines(rows, text: text, fitting: fitting, minimum: minimum) { Swift.print(line) }
    }

    static func lines(_ rows: [[String]], text: TerminalText, fitting: Int? = nil, minimum: Int = 12) -> [String] {
        var cells = rows.map { $0.map(text.clean) }
        guard let first = cells.first else { return [] }
        var widths = (0..<first.count).map { c in cells.map { TerminalText.width($0[c]) }.max() ?? 0 }
        if let f = fitting, let columns = text.columns {
            let others = widths.indices.filter { $0 != f }.reduce(2 * (widths.count - 1)) { $0 + widths[$1] }
            let room = max(minimum, columns - others)
            if widths[f] > room {
                for r in cells.indices { cells[r][f] = text.fit(cells[r][f], room) }
                widths[f] = room
            }
        }
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
