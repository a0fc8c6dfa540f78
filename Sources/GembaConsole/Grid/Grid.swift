/// An off-screen screen: a width × height array of cells that views draw into.
///
/// Views never touch a terminal; `GembaTerminal` diffs one grid against the last
/// and sends only the cells that changed. Tests read `lines` to see exactly what
/// a person would see.
public struct Grid: Sendable, Equatable {
    public private(set) var width: Int
    public private(set) var height: Int
    public private(set) var cells: [Cell]
    /// Columns where changes line up from frame to frame (the digit of every
    /// tile's time in state): a hint the terminal backend may turn into tab
    /// stops, so that reaching the next one costs one byte. Sorted.
    public var tabStops: [Int] = []
    /// Where the terminal's cursor should blink (the insertion point of a prompt being
    /// typed), or nil to keep it hidden.
    public var cursor: (x: Int, y: Int)? {
        get { cursorCell.map { (x: $0 % max(1, width), y: $0 / max(1, width)) } }
        set { cursorCell = newValue.flatMap { $0.x >= 0 && $0.x < width && $0.y >= 0 && $0.y < height ? $0.y * width + $0.x : nil } }
    }
    private var cursorCell: Int?

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Fills a rectangle (clipped to the grid) with one character and style.
    public mutating func fill(_ r: Rect, _ ch: Character = " ", style: Style = .plain) {
        let x0 = max(0, r.x)
        let x1 = min(width, r.maxX)
        let y0 = max(0, r.y)
        let y1 = min(height, r.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 { for x in x0..<x1 { cells[y * width + x] = Cell(ch, style: style) } }
    }

    /// Writes text from (x, y), clipped to `maxWidth` cells and to the grid; a wide
    /// glyph that would not fit whole is replaced by a space. Returns the cells used.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let limit = min(width, x + (maxWidth ?? width))
        var cx = x
        for ch in text {
            let w = CharWidth.of(ch)
            if w == 0 {
                continue
            }
            if cx + w > limit { break }
            if cx >= 0 {
                cells[y * width + cx] = Cell(ch, style: style)
                if w == 2 && cx + 1 < width { cells[y * width + cx + 1] = Cell(" ", style: style, isContinuation: true) }
            }
            cx += w
        }
        return cx - x
    }

    /// Sets the style of every cell in a rectangle, keeping the characters.
    public mutating func restyle(_ r: Rect, _ change: (inout Style) -> Void) {
        let x0 = max(0, r.x)
        let x1 = min(width, r.maxX)
        let y0 = max(0, r.y)
        let y1 = min(height, r.maxY)
        guard x0 < x1, y0 < y1 else { return }
        for y in y0..<y1 { for x in x0..<x1 { change(&cells[y * width + x].style) } }
    }

    /// The screen as text, one string per row, trailing spaces kept.
    public var lines: [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width where !cells[y * width + x].isContinuation { s.append(cells[y * width + x].text) }
            return s
        }
    }

    /// The screen as text with trailing spaces trimmed: what tests compare.
    public var text: String {
        lines.map { line in
            var l = Substring(line)
            while l.last == " " { l.removeLast() }
            return String(l)
        }.joined(separator: "\n")
    }

    /// For terminals without UTF-8: replaces every non-ASCII character with its
    /// ASCII stand-in (arrows, dashes, dots), or `?`, so nothing prints as garbage.
    public mutating func transliterateToASCII() {
        for i in cells.indices {
            let ch = cells[i].text
            guard !ch.isASCII else { continue }
            if cells[i].isContinuation {
                cells[i].text = " "
                continue
            }
            let replacement: Character
            switch ch {
            case "←": replacement = "<"
            case "→": replacement = ">"
            case "↑": replacement = "^"
            case "↓": replacement = "v"
            case "—", "–", "─": replacement = "-"
            case "…": replacement = "~"
            case "·", "•", "●": replacement = "."
            case "│": replacement = "|"
            default: replacement = "?"
            }
            cells[i].text = replacement
        }
    }
}
