import GembaConsole

/// The escape sequences a frame needs, taken from the terminal's terminfo entry
/// (or given directly in tests).
public struct TerminalCapabilities: Sendable {
    /// Move the cursor to (row, column), both from 0.
    public var moveTo: @Sendable (Int, Int) -> String
    public var clearScreen: String
    public var resetAttributes: String
    public var bold: String
    public var reverse: String
    public var dim: String
    public var underline: String
    public var foreground: @Sendable (Int) -> String
    public var background: @Sendable (Int) -> String
    public var colors: Bool
    /// Move the cursor right by n cells on its row, when the terminal can (shorter than a jump).
    public var moveRight: (@Sendable (Int) -> String)?
    /// True when the terminal takes ECMA-48 SGR, so a whole style fits in one `ESC[…m`.
    public var combinedSGR: Bool
    /// Tab (`ht`), set a tab stop at the cursor (`hts`), clear all stops (`tbc`); nil where the terminal lacks one.
    public var tab: String?
    public var setTabStop: String?
    public var clearTabStops: String?
    /// Show (`cnorm`) and hide (`civis`) the cursor; nil where the terminal cannot.
    public var showCursor: String?
    public var hideCursor: String?

    public init(
        moveTo: @escaping @Sendable (Int, Int) -> String, clearScreen: String, resetAttributes: String, bold: String,
        reverse: String, dim: String, underline: String, foreground: @escaping @Sendable (Int) -> String,
        background: @escaping @Sendable (Int) -> String, colors: Bool,
        moveRight: (@Sendable (Int) -> String)? = nil, combinedSGR: Bool = false, tab: String? = nil,
        setTabStop: String? = nil, clearTabStops: String? = nil, showCursor: String? = nil, hideCursor: String? = nil
    ) {
        self.showCursor = showCursor
        self.hideCursor = hideCursor
        self.tab = tab
        self.setTabStop = setTabStop
        self.clearTabStops = clearTabStops
        self.moveRight = moveRight
        self.combinedSGR = combinedSGR
        self.moveTo = moveTo
        self.clearScreen = clearScreen
        self.resetAttributes = resetAttributes
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
        self.underline = underline
        self.foreground = foreground
        self.background = background
        self.colors = colors
    }

    /// ECMA-48 sequences, as xterm and every modern terminal take them (for tests).
    public static let ansi = TerminalCapabilities(
        moveTo: { "\u{1B}[\($0 + 1);\($1 + 1)H" }, clearScreen: "\u{1B}[H\u{1B}[2J", resetAttributes: "\u{1B}[0m",
        bold: "\u{1B}[1m", reverse: "\u{1B}[7m", dim: "\u{1B}[2m", underline: "\u{1B}[4m",
        foreground: { "\u{1B}[3\($0)m" }, background: { "\u{1B}[4\($0)m" }, colors: true,
        moveRight: { "\u{1B}[\($0)C" }, combinedSGR: true, tab: "\t", setTabStop: "\u{1B}H", clearTabStops: "\u{1B}[3g",
        showCursor: "\u{1B}[?25h", hideCursor: "\u{1B}[?25l")

    var tabsUsable: Bool { tab != nil && setTabStop != nil && clearTabStops != nil }
}

/// Turns the difference between two grids into the bytes that update a terminal:
/// only changed cells, in row order; a short gap on a row is bridged by
/// rewriting the cells between instead of moving the cursor; the style changes
/// only when it differs. One frame is one buffer, written with one `write()`,
/// so that a frame reaches an SSH session as one packet, not dozens.
public struct FrameEncoder: Sendable {
    public let capabilities: TerminalCapabilities
    private var cursor: (x: Int, y: Int)?
    private var style: Style?
    /// The tab stops this encoder set on the terminal; nil while unknown.
    private var stops: [Int]?
    /// Whether the terminal shows its cursor; nil while unknown. It starts hidden.
    private var cursorShown: Bool? = false

    /// The longest run of unchanged cells rewritten rather than jumped over.
    static let bridge = 4

    public init(capabilities: TerminalCapabilities) { self.capabilities = capabilities }

    /// Forgets where the cursor is and which style is set (after anything else wrote to the terminal).
    public mutating func reset() {
        cursor = nil
        style = nil
        stops = nil
        cursorShown = nil
    }

    /// Sets the terminal's tab stops to `columns` (the default is every 8 columns).
    public mutating func setTabStops(_ columns: [Int], out: inout [UInt8]) {
        guard capabilities.tabsUsable, let set = capabilities.setTabStop, let clear = capabilities.clearTabStops else { return }
        out += Array(clear.utf8)
        for c in columns {
            out += Array(capabilities.moveTo(0, c).utf8)
            out += Array(set.utf8)
        }
        if let last = columns.last { cursor = (last, 0) }
        stops = columns
    }

    /// The bytes that give the terminal back its default tab stops, every 8 columns.
    public mutating func restoreDefaultTabStops(width: Int) -> [UInt8] {
        var out: [UInt8] = []
        guard stops != nil else { return out }
        setTabStops(Array(stride(from: 8, to: max(8, width), by: 8)), out: &out)
        stops = nil
        return out
    }

    /// The bytes that turn `previous` (nil: an unknown screen) into `next`.
    /// The bottom-right cell is never written: on terminals with automatic
    /// margins that would scroll the screen.
    public mutating func encode(from previous: Grid?, to next: Grid) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(previous == nil ? next.width * next.height * 2 : 256)
        let full = previous == nil || previous?.width != next.width || previous?.height != next.height
        if full {
            out += Array(capabilities.clearScreen.utf8)
            out += Array(capabilities.resetAttributes.utf8)
            cursor = (0, 0)
            style = .plain
        }
        if capabilities.tabsUsable && !next.tabStops.isEmpty && stops != next.tabStops {
            setTabStops(next.tabStops, out: &out)
        }
        let lastIndex = next.width * next.height - 1
        for y in 0..<next.height {
            var x = 0
            while x < next.width {
                let cell = next[x, y]
                let changed: Bool
                if full {
                    // The screen was just cleared: blank default cells are already right.
                    changed = !(cell.text == " " && cell.style == .plain)
                } else if let p = previous {
                    changed = p[x, y] != cell
                } else {
                    changed = true
                }
                if !changed || cell.isContinuation || y * next.width + x == lastIndex {
                    x += 1
                    continue
                }
                moveCursor(to: x, y, in: next, out: &out)
                setStyle(cell.style, out: &out)
                out += Array(String(cell.text).utf8)
                let w = max(1, CharWidth.of(cell.text))
                cursor = (x + w, y)
                x += w
            }
        }
        placeCursor(next, out: &out)
        return out
    }

    /// Leaves the cursor where the grid asks for it (a prompt's insertion point) and shown,
    /// or hidden when the grid asks for none; sends nothing when that is already so.
    private mutating func placeCursor(_ grid: Grid, out: inout [UInt8]) {
        if let c = grid.cursor {
            if cursor.map({ $0 != c }) ?? true {
                out += Array(capabilities.moveTo(c.y, c.x).utf8)
                cursor = c
            }
            if cursorShown != true, let show = capabilities.showCursor {
                out += Array(show.utf8)
                cursorShown = true
            }
        } else if cursorShown != false, let hide = capabilities.hideCursor {
            out += Array(hide.utf8)
            cursorShown = false
        }
    }

    private mutating func moveCursor(to x: Int, _ y: Int, in grid: Grid, out: inout [UInt8]) {
        if let c = cursor, c.y == y, c.x == x { return }
        if let c = cursor, c.y == y, x > c.x, x - c.x <= Self.bridge, let s = style {
            // Rewriting a few unchanged cells in the current style is shorter than a jump.
            var ok = true
            for k in c.x..<x where grid[k, y].style != s || grid[k, y].isContinuation || CharWidth.of(grid[k, y].text) != 1 {
                ok = false
                break
            }
            if ok {
                for k in c.x..<x { out += Array(String(grid[k, y].text).utf8) }
                cursor = (x, y)
                return
            }
        }
        if let c = cursor, c.y == y, x > c.x, let tab = capabilities.tab, let stops, !stops.isEmpty {
            // Tabs reach a stop in one byte each; use them when they land exactly.
            var p = c.x
            var n = 0
            while p < x && n < 3, let next = stops.first(where: { $0 > p }) {
                p = next
                n += 1
            }
            if p == x {
                for _ in 0..<n { out += Array(tab.utf8) }
                cursor = (x, y)
                return
            }
        }
        let jump = capabilities.moveTo(y, x)
        if let c = cursor, c.y == y, x > c.x, let right = capabilities.moveRight?(x - c.x), right.utf8.count < jump.utf8.count {
            out += Array(right.utf8)
        } else {
            out += Array(jump.utf8)
        }
        cursor = (x, y)
    }

    private mutating func setStyle(_ s: Style, out: inout [UInt8]) {
        if style == s { return }
        style = s
        if capabilities.combinedSGR {
            // One sequence for the whole style: ESC[0;1;7;32;44m.
            var codes = ["0"]
            if s.bold { codes.append("1") }
            if s.dim { codes.append("2") }
            if s.underline { codes.append("4") }
            if s.reverse { codes.append("7") }
            if capabilities.colors {
                if s.fg != .default { codes.append("3\(Int(s.fg.rawValue) - 1)") }
                if s.bg != .default { codes.append("4\(Int(s.bg.rawValue) - 1)") }
            }
            out += Array("\u{1B}[\(codes.joined(separator: ";"))m".utf8)
            return
        }
        out += Array(capabilities.resetAttributes.utf8)
        if s.bold { out += Array(capabilities.bold.utf8) }
        if s.reverse { out += Array(capabilities.reverse.utf8) }
        if s.dim { out += Array(capabilities.dim.utf8) }
        if s.underline { out += Array(capabilities.underline.utf8) }
        if capabilities.colors {
            if s.fg != .default { out += Array(capabilities.foreground(Int(s.fg.rawValue) - 1).utf8) }
            if s.bg != .default { out += Array(capabilities.background(Int(s.bg.rawValue) - 1).utf8) }
        }
    }
}
