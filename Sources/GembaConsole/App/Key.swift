import GembaCore

/// A key as the console understands it, independent of the terminal library.
public enum Key: Sendable, Hashable {
    case char(Character)
    case up, down, left, right
    case enter, escape, tab, backTab, backspace, delete
    case pageUp, pageDown, home, end
    case ctrl(Character)
    case resize

    /// How the help overlay and footer name a key.
    public var name: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .backspace: return "Bksp"
        case .delete: return "Del"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .ctrl(let c): return "^" + String(c).uppercased()
        case .resize: return "resize"
        }
    }
}

/// What a key asks the console to do.
public enum ConsoleAction: Sendable, Hashable {
    case moveLeft, moveRight, moveUp, moveDown, pageUp, pageDown, first, last
    case openDetail, back, showFloor, showStatus, showOEE, toggleConvention, toggleShift, classifyStop, nextScreen, previousScreen, toggleHelp, quit,
        redraw
    case showAlarms, showAudit, acknowledge, shelve, unshelve, resetAlarm, filter, cycleSort, refresh
    case showQueues, showSchedule, startOperation, pauseOperation, finishOperation, zoomIn, zoomOut
    /// On the machine detail: ↑↓ move among the process values instead of the stops (and back).
    case focusValues
    /// The SPC screen, and a measured subgroup typed on it.
    case showSPC, measure
    /// The Maintenance screen, and a plan recorded done on it.
    case showMaintenance, maintenanceDone
    /// The Handover screen, a note for the next shift, and the notes of the last one confirmed read.
    case showHandover, writeNote, confirmHandover
    case showOrders, newOrder, reprioritise, cancelOrder
    case showHolds, showTrace, placeHold, containHold, releaseHold, toggleDirection, toggleNode
}

/// One key binding: the keys, a short label for the footer (nil: help only), and the help text.
public struct KeyBinding: Sendable, Equatable {
    public var keys: [Key]
    public var footer: String?
    public var help: String
    public var action: ConsoleAction
    /// How the footer names the keys, when not by the first key's name.
    public var footerKeys: String?
    /// The permission the action needs: without it the footer greys the key out (the daemon decides anyway).
    public var requires: Permission?

    public init(_ keys: [Key], footer: String?, help: String, _ action: ConsoleAction, footerKeys: String? = nil, requires: Permission? = nil) {
        self.requires = requires
        self.keys = keys
        self.footer = footer
        self.help = help
        self.action = action
        self.footerKeys = footerKeys
    }

    /// The keys as the help overlay lists them.
    public var keyNames: String { keys.map(\.name).joined(separator: " ") }
}
