import GembaCore

/// The glyphs and colours of the console, chosen once at start: UTF-8 box drawing
/// and symbols where the locale is UTF-8, ASCII otherwise; colour unless the
/// terminal has none or `NO_COLOR` is set. Every state has a symbol and a word, so
/// it reads without colour.
public struct Theme: Sendable, Equatable {
    public var unicode: Bool
    public var color: Bool

    public init(unicode: Bool, color: Bool) {
        self.unicode = unicode
        self.color = color
    }

    public static let ascii = Theme(unicode: false, color: false)
    public static let full = Theme(unicode: true, color: true)

    public func symbol(_ s: MachineState) -> String {
        switch s {
        case .running: return unicode ? "▶" : ">"
        case .idle: return unicode ? "◦" : "-"
        case .starved: return unicode ? "◌" : "o"
        case .blocked: return unicode ? "▣" : "#"
        case .setup: return unicode ? "↻" : "~"
        case .down: return unicode ? "✖" : "X"
        case .plannedStop: return unicode ? "‖" : "="
        case .offline: return "?"
        }
    }

    /// The word a tile shows for a state.
    public func label(_ s: MachineState) -> String {
        switch s {
        case .running: return "RUNNING"
        case .idle: return "IDLE"
        case .starved: return "STARVED"
        case .blocked: return "BLOCKED"
        case .setup: return "SETUP"
        case .down: return "DOWN"
        case .plannedStop: return "PLANNED STOP"
        case .offline: return "OFFLINE"
        }
    }

    public func stateColor(_ s: MachineState) -> TermColor {
        switch s {
        case .running: return .green
        case .idle: return .yellow
        case .starved: return .cyan
        case .blocked: return .magenta
        case .setup: return .blue
        case .down: return .red
        case .plannedStop: return .white
        case .offline: return .black
        }
    }

    /// The style of a tile's name row. As high-performance HMI practice (ISA-101)
    /// has it, colour is kept for what is abnormal: a stopped machine's whole row
    /// turns red (reverse without colour); a silent one is dimmed; every other
    /// state keeps a calm row and shows its colour in the symbol and the word.
    public func stateBanner(_ s: MachineState) -> Style {
        switch s {
        case .down: return color ? Style(fg: .white, bg: .red, bold: true) : Style(bold: true, reverse: true)
        case .offline: return Style(dim: true)
        default: return Style(bold: true)
        }
    }

    /// The style of the state symbol at the start of a tile.
    public func stateSymbol(_ s: MachineState) -> Style {
        if s == .down || s == .offline { return stateBanner(s) }
        return color ? Style(fg: stateColor(s), bold: true) : Style(bold: true)
    }

    public func stateText(_ s: MachineState) -> Style {
        color ? Style(fg: s == .offline ? .default : stateColor(s), bold: true, dim: s == .offline) : Style(bold: s == .down)
    }

    public var header: Style { color ? Style(fg: .white, bg: .blue, bold: true) : Style(reverse: true) }
    public var footer: Style { color ? Style(fg: .black, bg: .cyan) : Style(reverse: true) }
    public var footerKey: Style { color ? Style(fg: .black, bg: .cyan, bold: true) : Style(bold: true, reverse: true) }
    public var title: Style { Style(bold: true, underline: !color) }
    public var dimmed: Style { Style(dim: true) }
    public var warning: Style { color ? Style(fg: .red, bold: true) : Style(bold: true) }
    public var selection: Style { Style(reverse: true) }
    /// The two columns before every row of a list: the selected row's mark, readable without
    /// colour or reverse video (which unacknowledged alarms use too).
    public func mark(_ selected: Bool) -> String { selected ? (unicode ? "▸ " : "> ") : "  " }

    // Box drawing.
    public var horizontal: String { unicode ? "─" : "-" }
    public var vertical: String { unicode ? "│" : "|" }
    public var topLeft: String { unicode ? "┌" : "+" }
    public var topRight: String { unicode ? "┐" : "+" }
    public var bottomLeft: String { unicode ? "└" : "+" }
    public var bottomRight: String { unicode ? "┘" : "+" }
    public var separator: String { unicode ? "│" : "|" }
    public var bullet: String { unicode ? "●" : "*" }
    public var ellipsis: String { unicode ? "…" : "~" }
    public var fullBlock: String { unicode ? "█" : "#" }
}

/// Alarm priorities and states on screen (ISA-101: colour means alarm, and only alarm).
extension Theme {
    public func priorityColor(_ p: AlarmPriority) -> TermColor {
        switch p {
        case .critical: return .red
        case .high: return .red
        case .medium: return .yellow
        case .low: return .cyan
        }
    }

    /// The priority badge: solid for critical, coloured text for the rest; without colour, bold for the top two.
    public func priorityStyle(_ p: AlarmPriority) -> Style {
        guard color else { return Style(bold: p <= .high) }
        if p == .critical { return Style(fg: .white, bg: .red, bold: true) }
        return Style(fg: priorityColor(p), bold: p <= .high)
    }

    /// An alarm row: unacknowledged ones stand out (reverse and bold) until acknowledged;
    /// hidden ones (shelved, suppressed, out of service) are dim.
    public func alarmRowStyle(_ a: AlarmStatus) -> Style {
        if !a.state.isAnnunciated { return Style(dim: true) }
        if !a.acknowledged { return color ? Style(fg: priorityColor(a.priority), bold: true, reverse: true) : Style(bold: true, reverse: true) }
        return .plain
    }

    /// The short priority word of lists and the header.
    public func priorityWord(_ p: AlarmPriority) -> String {
        switch p {
        case .critical: return "CRIT"
        case .high: return "HIGH"
        case .medium: return "MED"
        case .low: return "LOW"
        }
    }
}
