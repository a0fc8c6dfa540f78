/// A table of the shift report laid out in at most 80 columns of text. Columns take the
/// width of their widest cell; when the table is too wide, running text is wrapped and ids
/// are cut with `…` first, and when it is still too wide its columns are split into several
/// tables, each repeating the first column, so that figures are never cut.
package enum ShiftReportTextTable {
    /// Spaces between columns.
    static let gap = 2

    /// The table's lines, none wider than `width`.
    package static func lines(_ table: ShiftReportTable, width: Int) -> [String] {
        let columns = table.columns
        guard !columns.isEmpty else { return [] }
        let rows: [[String]] = table.rows.map { row in
            columns.indices.map { i in
                let cell = i < row.cells.count ? row.cells[i] : ""
                guard i == 0, let level = row.level, level > 0 else { return cell }
                return String(repeating: "  ", count: min(level, 4)) + cell
            }
        }
        var natural: [Int] = []
        var least: [Int] = []
        for (i, column) in columns.enumerated() {
            let widest = rows.reduce(ShiftReportTextLayout.width(column.title)) { max($0, ShiftReportTextLayout.width($1[i])) }
            let w = column.kind == .number ? widest : min(widest, max(column.maxWidth, ShiftReportTextLayout.width(column.title)))
            natural.append(w)
            switch column.kind {
            case .number: least.append(w)
            case .label: least.append(min(w, 8))
            case .prose: least.append(min(w, 12))
            }
        }
        var out: [String] = []
        for chunk in chunks(natural: natural, least: least, width: width) {
            if !out.isEmpty { out.append("") }
            let widths = fit(chunk.map { natural[$0] }, least: chunk.map { least[$0] }, kinds: chunk.map { columns[$0].kind }, width: width)
            let header = zip(chunk, widths).map { i, w in
                ShiftReportTextLayout.pad(ShiftReportTextLayout.truncate(columns[i].title, to: w), to: w, right: columns[i].kind == .number)
            }
            out.append(join(header))
            out.append(join(widths.map { String(repeating: "-", count: $0) }))
            for row in rows {
                let cells: [[String]] = zip(chunk, widths).map { i, w in
                    columns[i].kind == .prose
                        ? ShiftReportTextLayout.wrap(row[i], to: w) : [ShiftReportTextLayout.truncate(row[i], to: w)]
                }
                let height = cells.map(\.count).max() ?? 1
                for k in 0..<height {
                    out.append(
                        join(
                            zip(chunk, widths).enumerated().map { j, pair in
                                let text = k < cells[j].count ? cells[j][k] : ""
                                return ShiftReportTextLayout.pad(text, to: pair.1, right: columns[pair.0].kind == .number)
                            }))
                }
            }
        }
        return out
    }

    static func join(_ cells: [String]) -> String {
        ShiftReportTextLayout.trimTrailing(cells.joined(separator: String(repeating: " ", count: gap)))
    }

    static func total(_ widths: [Int]) -> Int { widths.reduce(0, +) + gap * max(0, widths.count - 1) }

    /// The columns of each table the text shows: all of them when they fit at their least
    /// width, else the first column with as many of the next as fit, and so on.
    static func chunks(natural: [Int], least: [Int], width: Int) -> [[Int]] {
        if total(natural) <= width || total(least) <= width { return [Array(natural.indices)] }
        var result: [[Int]] = []
        var current = [0]
        for i in 1..<least.count {
            if current.count > 1 && total((current + [i]).map { least[$0] }) > width {
                result.append(current)
                current = [0]
            }
            current.append(i)
        }
        result.append(current)
        return result
    }

    /// The widths that fit: text columns narrowed first, widest first, down to their least
    /// width; then, only if a single column is wider than the page, any column.
    static func fit(_ natural: [Int], least: [Int], kinds: [ShiftReportColumn.Kind], width: Int) -> [Int] {
        var widths = natural
        while total(widths) > width {
            let soft = widths.indices.filter { kinds[$0] != .number && widths[$0] > least[$0] }
            let candidates = soft.isEmpty ? widths.indices.filter { widths[$0] > 1 } : soft
            guard let widest = candidates.max(by: { (widths[$0], $0) < (widths[$1], $1) }) else { break }
            widths[widest] -= 1
        }
        return widths
    }
}
