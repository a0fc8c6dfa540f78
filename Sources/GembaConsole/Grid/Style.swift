/// The colours a cell may take: the eight ANSI colours and the terminal's default.
public enum TermColor: UInt8, Sendable, Hashable, CaseIterable {
    case `default`, black, red, green, yellow, blue, magenta, cyan, white
}

/// How a cell looks. Colour is an addition: every state also reads from its
/// symbol and attributes, so a monochrome terminal (or `NO_COLOR`) loses nothing.
public struct Style: Sendable, Hashable {
    public var fg: TermColor
    public var bg: TermColor
    public var bold: Bool
    public var reverse: Bool
    public var dim: Bool
    public var underline: Bool

    public init(
        fg: TermColor = .default, bg: TermColor = .default, bold: Bool = false, reverse: Bool = false,
        dim: Bool = false, underline: Bool = false
    ) {
        self.fg = fg
        self.bg = bg
        self.bold = bold
        self.reverse = reverse
        self.dim = dim
        self.underline = underline
    }

    public static let plain = Style()
    public var withBold: Style {
        var s = self
        s.bold = true
        return s
    }
    public var withReverse: Style {
        var s = self
        s.reverse = true
        return s
    }
}

/// One cell of the screen. A wide glyph occupies two cells: the second is a continuation.
public struct Cell: Sendable, Hashable {
    public var text: Character
    public var style: Style
    public var isContinuation: Bool

    public init(_ text: Character = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.text = text
        self.style = style
        self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}

/// A rectangle of the grid, in cells.
public struct Rect: Sendable, Equatable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width <= 0 || height <= 0 }

    /// The rows below the first `n`.
    public func dropTop(_ n: Int) -> Rect { Rect(x: x, y: y + n, width: width, height: height - n) }
    public func dropBottom(_ n: Int) -> Rect { Rect(x: x, y: y, width: width, height: height - n) }
    public func inset(_ dx: Int, _ dy: Int) -> Rect { Rect(x: x + dx, y: y + dy, width: width - 2 * dx, height: height - 2 * dy) }
}
