/// A row of cells whose heights follow a series: eight block heights (`▁`…`█`), or in ASCII
/// `.:-=+*#@` rising (ever denser); a step without samples is a space. Scaled to the series' own range, or to
/// `range` (so that limits and values share one scale).
enum Sparkline {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let ascii: [Character] = [".", ":", "-", "=", "+", "*", "#", "@"]

    static func text(_ values: [Double?], unicode: Bool, range: ClosedRange<Double>? = nil) -> String {
        let levels = unicode ? blocks : ascii
        let known = values.compactMap { $0 }
        guard let lo = range?.lowerBound ?? known.min(), let hi = range?.upperBound ?? known.max() else {
            return String(repeating: " ", count: values.count)
        }
        return String(
            values.map { v -> Character in
                guard let v else { return " " }
                guard hi > lo else { return levels[levels.count / 2] }
                let k = Int(((v - lo) / (hi - lo) * Double(levels.count - 1)).rounded())
                return levels[min(max(k, 0), levels.count - 1)]
            })
    }

    /// The last `width` steps of `values`, each the mean of as many steps as it covers, so a
    /// trend longer than the room still spans the whole time.
    static func fit(_ values: [Double?], width: Int) -> [Double?] {
        guard width > 0 else { return [] }
        guard values.count > width else { return values }
        return (0..<width).map { k in
            let a = k * values.count / width
            let b = max(a + 1, (k + 1) * values.count / width)
            let known = values[a..<b].compactMap { $0 }
            return known.isEmpty ? nil : known.reduce(0, +) / Double(known.count)
        }
    }
}

/// A plot area of `width` × `height` cells: in Unicode each cell holds 2 × 4 braille dots, so a
/// line gets twice the columns and four times the rows a character grid has; in ASCII one
/// mark per cell.
struct DotCanvas {
    let width: Int
    let height: Int
    let unicode: Bool
    private var dots: [[UInt8]]
    /// Characters set over the dots (limit lines, marks), by cell.
    private var overlay: [[Character?]]

    init(width: Int, height: Int, unicode: Bool) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.unicode = unicode
        dots = Array(repeating: Array(repeating: 0, count: self.width), count: self.height)
        overlay = Array(repeating: Array(repeating: nil, count: self.width), count: self.height)
    }

    /// Dots across and down.
    var dotsWide: Int { unicode ? width * 2 : width }
    var dotsHigh: Int { unicode ? height * 4 : height }

    /// Sets the dot at (x, y), y counted from the top; outside the canvas: nothing.
    mutating func set(x: Int, y: Int) {
        guard x >= 0, y >= 0, x < dotsWide, y < dotsHigh else { return }
        if unicode {
            // Braille dot bits by (column, row) within the cell.
            let bits: [[UInt8]] = [[0x01, 0x08], [0x02, 0x10], [0x04, 0x20], [0x40, 0x80]]
            dots[y / 4][x / 2] |= bits[y % 4][x % 2]
        } else {
            dots[y][x] = 1
        }
    }

    /// A vertical run of dots in column x from y0 to y1 (joins a line's steps).
    mutating func run(x: Int, from y0: Int, to y1: Int) {
        for y in min(y0, y1)...max(y0, y1) { set(x: x, y: y) }
    }

    /// A character across the whole row `row` where no dot is (a limit line).
    mutating func rule(row: Int, _ c: Character) {
        guard row >= 0, row < height else { return }
        for x in 0..<width where dots[row][x] == 0 { overlay[row][x] = c }
    }

    /// A character in one cell, over whatever is there (a marked point).
    mutating func mark(x: Int, row: Int, _ c: Character) {
        guard row >= 0, row < height, x >= 0, x < width else { return }
        overlay[row][x] = c
    }

    /// The rows, top first.
    var lines: [String] {
        (0..<height).map { r in
            String(
                (0..<width).map { x -> Character in
                    if let c = overlay[r][x] { return c }
                    let d = dots[r][x]
                    if d == 0 { return " " }
                    if !unicode { return "*" }
                    return Character(Unicode.Scalar(0x2800 + UInt32(d))!)
                })
        }
    }
}
