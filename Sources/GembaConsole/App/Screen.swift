import GembaCore

/// The console's screens. Each has one table of key bindings, which the footer,
/// the help overlay and the key handler all read, so they cannot disagree.
public enum Screen: Sendable, Equatable {
    case floor
    case detail(String)
    case oee
    case alarms
    /// One alarm whole: its condition, value and every transition (Enter or i on an alarm).
    case alarmDetail(String)
    /// One process value over time (Enter on a value of the machine detail).
    case chart
    /// Quality characteristics under SPC and the selected one's control chart (`c`).
    case spc
    /// Maintenance plans: what is due and overdue, and a plan recorded done (`m`).
    case maintenance
    /// Handover notes: those the last shift left (read and confirmed by the incoming lead), and this shift's (`N`).
    case handover
    case audit
    case queues
    case schedule
    case orders
    case holds
    case trace
    case status

    public var title: String {
        switch self {
        case .floor: return "Floor"
        case .detail: return "Machine"
        case .oee: return "OEE"
        case .alarms: return "Alarms"
        case .alarmDetail: return "Alarm"
        case .chart: return "Chart"
        case .spc: return "SPC"
        case .maintenance: return "Maintenance"
        case .handover: return "Handover"
        case .audit: return "Audit"
        case .queues: return "Queues"
        case .schedule: return "Schedule"
        case .orders: return "Orders"
        case .holds: return "Holds"
        case .trace: return "Trace"
        case .status: return "Status"
        }
    }

    /// The screens Tab goes round, in order (Shift-Tab back).
    static let cycle: [Screen] = [
        .floor, .oee, .alarms, .spc, .maintenance, .handover, .audit, .queues, .schedule, .orders, .holds, .trace, .status,
    ]

    /// The keys that go to a screen from every screen (`a` on the Alarms screen acknowledges:
    /// it is there already). No screen gives `o`, `w`, `t` or `s` another meaning; `m` measures on the SPC screen.
    static let jumps: [KeyBinding] = [
        KeyBinding([.char("a")], footer: nil, help: "The alarm list", .showAlarms),
        KeyBinding([.char("w")], footer: nil, help: "Work queues", .showQueues),
        KeyBinding([.char("o")], footer: nil, help: "OEE", .showOEE),
        KeyBinding([.char("t")], footer: nil, help: "The audit trail", .showAudit, requires: .readAudit),
        KeyBinding([.char("s")], footer: nil, help: "Ingest status, errors and consoles", .showStatus),
        KeyBinding([.char("m")], footer: nil, help: "Maintenance plans: due and overdue", .showMaintenance),
    ]

    /// The keys of this screen, then the screen keys it does not use for something else: one
    /// table that the footer, the help and the key handling read.
    public var bindings: [KeyBinding] {
        let own = ownBindings
        return own + Self.jumps.filter { jump in !own.contains { $0.keys.contains(where: jump.keys.contains) } }
    }

    private var ownBindings: [KeyBinding] {
        let common: [KeyBinding] = [
            KeyBinding([.char("?")], footer: "help", help: "Show or hide this help", .toggleHelp),
            KeyBinding([.char("q")], footer: "quit", help: "Quit the console (the daemon keeps running)", .quit),
            KeyBinding([.ctrl("l")], footer: nil, help: "Redraw the whole screen", .redraw),
            KeyBinding([.tab], footer: nil, help: "Next screen", .nextScreen),
            KeyBinding([.backTab], footer: nil, help: "Previous screen", .previousScreen),
        ]
        // Long lists page and jump like any list.
        let list: [KeyBinding] = [
            KeyBinding([.pageUp], footer: nil, help: "Up a page", .pageUp),
            KeyBinding([.pageDown], footer: nil, help: "Down a page", .pageDown),
            KeyBinding([.home], footer: nil, help: "First row", .first),
            KeyBinding([.end], footer: nil, help: "Last row", .last),
        ]
        switch self {
        case .floor:
            return [
                KeyBinding([.left, .char("h")], footer: nil, help: "Select the machine to the left", .moveLeft),
                KeyBinding([.right, .char("l")], footer: nil, help: "Select the machine to the right", .moveRight),
                KeyBinding([.up, .char("k")], footer: nil, help: "Select the machine above", .moveUp),
                KeyBinding([.down, .char("j")], footer: "move", help: "Select the machine below", .moveDown, footerKeys: "←↑↓→"),
                KeyBinding([.pageUp], footer: nil, help: "Scroll up a page", .pageUp),
                KeyBinding([.pageDown], footer: nil, help: "Scroll down a page", .pageDown),
                KeyBinding([.home], footer: nil, help: "First machine", .first),
                KeyBinding([.end], footer: nil, help: "Last machine", .last),
                KeyBinding([.enter], footer: "detail", help: "Open the selected machine's detail", .openDetail),
                KeyBinding([.char("a")], footer: "alarms", help: "The alarm list: acknowledge, shelve, KPIs", .showAlarms),
                KeyBinding([.char("w")], footer: "queues", help: "Work queues: each machine's operations in schedule order", .showQueues),
                KeyBinding([.char("o")], footer: "OEE", help: "OEE by line and machine, losses, Pareto", .showOEE),
                KeyBinding([.char("c")], footer: nil, help: "SPC: characteristics, control charts, rule violations, Cpk", .showSPC),
                KeyBinding([.char("m")], footer: nil, help: "Maintenance: plans due and overdue, record one done", .showMaintenance),
                KeyBinding(
                    [.char("n")], footer: nil, help: "Write a handover note for the next shift, line by line", .writeNote,
                    requires: .writeHandover),
                KeyBinding([.char("N")], footer: nil, help: "Handover notes: the last shift's (confirm them) and this one's", .showHandover),
                KeyBinding([.char("t")], footer: "audit", help: "The audit trail: who changed what, newest first", .showAudit, requires: .readAudit),
                KeyBinding([.char("s")], footer: "status", help: "Ingest status, errors and consoles", .showStatus),
            ] + common
        case .alarms:
            return [
                KeyBinding([.up, .char("k")], footer: nil, help: "Select the alarm above", .moveUp),
                KeyBinding([.down, .char("j")], footer: "select", help: "Select the alarm below", .moveDown, footerKeys: "↑↓"),
                KeyBinding(
                    [.enter, .char("i")], footer: "detail", help: "The selected alarm whole: condition, value, every transition", .openDetail),
                KeyBinding(
                    [.char("a")], footer: "ack", help: "Acknowledge the selected alarm (with a comment)", .acknowledge, requires: .acknowledgeAlarm),
                KeyBinding(
                    [.char("z")], footer: "shelve", help: "Shelve (snooze) the selected alarm: a duration (empty: until it clears) and a reason",
                    .shelve,
                    requires: .shelveAlarm),
                KeyBinding([.char("u")], footer: "unshelve", help: "Put the selected shelved alarm back", .unshelve, requires: .shelveAlarm),
                KeyBinding(
                    [.char("r")], footer: "reset", help: "Reset the selected latched alarm (once acknowledged)", .resetAlarm, requires: .resetAlarm),
                KeyBinding([.char("/")], footer: "filter", help: "Filter by id, machine, message, state or priority", .filter),
                KeyBinding([.char("S")], footer: "sort", help: "Sort by priority, by time, by machine", .cycleSort),
                KeyBinding([.escape, .backspace, .char("f")], footer: "floor", help: "Back to the floor", .showFloor),
            ] + list + common
        case .queues:
            return [
                KeyBinding([.left, .char("h")], footer: nil, help: "Previous machine", .moveLeft),
                KeyBinding([.right, .char("l")], footer: "machine", help: "Next machine", .moveRight, footerKeys: "←→"),
                KeyBinding([.up, .char("k")], footer: nil, help: "Select the operation above", .moveUp),
                KeyBinding([.down, .char("j")], footer: "select", help: "Select the operation below", .moveDown, footerKeys: "↑↓"),
                KeyBinding(
                    [.enter], footer: "start", help: "Start the selected operation on this machine (scan its input lots)", .startOperation,
                    requires: .runOperations),
                KeyBinding([.char("p")], footer: "pause", help: "Pause the running operation", .pauseOperation, requires: .runOperations),
                KeyBinding(
                    [.char("f")], footer: "finish", help: "Finish it: good and scrap (the machine's counts are offered)", .finishOperation,
                    requires: .runOperations),
                KeyBinding([.char("g")], footer: "gantt", help: "The schedule as a Gantt chart", .showSchedule),
                KeyBinding([.char("O")], footer: nil, help: "Work orders", .showOrders),
                KeyBinding([.char("H")], footer: nil, help: "Quality holds", .showHolds),
                KeyBinding([.char("T")], footer: nil, help: "Trace a lot", .showTrace),
                KeyBinding([.escape, .backspace], footer: "floor", help: "Back to the floor", .showFloor),
            ] + list + common
        case .spc:
            return [
                KeyBinding([.up, .char("k")], footer: nil, help: "Select the characteristic above", .moveUp),
                KeyBinding([.down, .char("j")], footer: "select", help: "Select the characteristic below", .moveDown, footerKeys: "↑↓"),
                KeyBinding(
                    [.char("m")], footer: "measure", help: "Enter a measured subgroup of the selected characteristic (type or let a gauge type it)",
                    .measure, requires: .recordMeasurement),
                KeyBinding([.char("r")], footer: "refresh", help: "Read the charts again", .refresh),
                KeyBinding([.escape, .backspace, .char("f")], footer: "floor", help: "Back to the floor", .showFloor),
            ] + common
        case .maintenance:
            return [
                KeyBinding([.up, .char("k")], footer: nil, help: "Select the plan above", .moveUp),
                KeyBinding([.down, .char("j")], footer: "select", help: "Select the plan below", .moveDown, footerKeys: "↑↓"),
                KeyBinding(
                    [.char("d")], footer: "done", help: "Record the selected plan done (with a comment): its meter starts again",
                    .maintenanceDone, requires: .recordMaintenance),
                KeyBinding([.char("r")], footer: "refresh", help: "Read the plans again", .refresh),
                KeyBinding([.escape, .backspace, .char("f")], footer: "floor", help: "Back to the floor", .showFloor),
            ] + list + common
        case .chart:
            return [
                KeyBinding([.char("+"), .char("=")], footer: "zoom", help: "A shorter span (1 h, 8 h, 24 h, 7 d, 30 d)", .zoomIn, footerKeys: "+-"),
                KeyBinding([.char("-")], footer: nil, help: "A longer span", .zoomOut),
                KeyBinding([.char("r")], footer: "refresh", help: "Read the history again", .refresh),
                KeyBinding([.escape, .backspace, .char("b")], footer: "back", help: "Back to the machine", .back),
            ] + common
        case .schedule:
            return [
                KeyBinding([.left, .char("h")], footer: nil, help: "Earlier", .moveLeft),
                KeyBinding([.right, .char("l")], footer: "scroll", help: "Later", .moveRight, footerKeys: "←→"),
                KeyBinding([.up, .char("k")], footer: nil, help: "Machines above", .moveUp),
                KeyBinding([.down, .char("j")], footer: nil, help: "Machines below", .moveDown),
                KeyBinding([.char("+"), .char("=")], footer: "zoom", help: "Zoom in (fewer hours)", .zoomIn, footerKeys: "+-"),
                KeyBinding([.char("-")], footer: nil, help: "Zoom out (more hours)", .zoomOut),
                KeyBinding([.char("w")], footer: "queues", help: "Work queues", .showQueues),
                KeyBinding([.escape, .backspace, .char("f")], footer: "floor", help: "Back to the floor", .showFloor),
            ] + common
        case .orders:
            return [
                KeyBinding([.up, .char("k")], footer: nil, help: "Select the order above", .moveUp),
                KeyBinding([.down, .char("j")], footer: "select", help: "Select the order below", .moveDown, footerKeys: "↑↓"),
                KeyBinding([.char("n")], footer: "new", help: "A new order: id product quantity due [priority]", .newOrder, requires: .manageOrders),
                KeyBinding([.char("p")], footer: "priority", help: "Change the selected order's priority", .reprioritise, requires: .manageOrders),
                KeyBinding([.char("x")], footer: "cancel", help: "Cancel the selected order (with a reason)", .cancelOrder, requires: .manageOrders),
                KeyBinding([.char("r")], footer: nil, help: "Read the orders again", .refresh),
                KeyBinding([.char("w")], footer: "queues", help: "Work queues", .showQueues),
                KeyBinding([.escape, .backspace, .char("f")], footer: "floor", help: "Back to the floor", .showFloor),
            ] + list + common
        case .holds:
            return [
                KeyBinding([.up, .char("k")], footer: nil, help: "Select the hold above", .moveUp),
                KeyBinding([.down, .char("j")], footer: "select", help: "Select the hold below", .moveDown, footerKeys: "↑↓"),
                KeyBinding([.char("n")], footer: "hold", help: "Hold a lot: LOT reason", .placeHold, requires: .placeHold),
                KeyBinding(
                    [.char("c")], footer: "contain", help: "Hold a lot and everything made from it: LOT reason", .containHold, requires: .placeHold),
                KeyBinding(
                    [.char("r")], footer: "release",
                    help: "Release the selected hold: disposition (use_as_is, rework, scrap, return_to_vendor) and comment", .releaseHold,
                    requires: .releaseHold),
                KeyBinding([.enter], footer: "trace", help: "Trace the selected hold's lot forward", .openDetail),
                KeyBinding([.char("T")], footer: nil, help: "Trace a lot: type or scan its id", .showTrace),
                KeyBinding([.escape, .backspace, .char("f")], footer: "floor", help: "Back to the floor", .showFloor),
            ] + list + common
        case .trace:
            return [
                KeyBinding([.up, .char("k")], footer: nil, help: "Select the row above", .moveUp),
                KeyBinding([.down, .char("j")], footer: "select", help: "Select the row below", .moveDown, footerKeys: "↑↓"),
                KeyBinding([.enter, .char(" ")], footer: "fold", help: "Fold or unfold the selected lot", .toggleNode),
                KeyBinding([.char("/")], footer: "lot", help: "Trace a lot: type or scan its id", .filter),
                KeyBinding([.char("d")], footer: "direction", help: "Where used (forward) / where from (backward)", .toggleDirection),
                KeyBinding([.char("H")], footer: "holds", help: "Quality holds", .showHolds),
                KeyBinding([.escape, .backspace, .char("f")], footer: "floor", help: "Back to the floor", .showFloor),
            ] + list + common
        case .audit:
            return [
                KeyBinding([.up, .char("k")], footer: nil, help: "Select the record above", .moveUp),
                KeyBinding([.down, .char("j")], footer: "select", help: "Select the record below", .moveDown, footerKeys: "↑↓"),
                KeyBinding(
                    [.enter, .char("i")], footer: "record", help: "The selected record whole, over the screen (Enter again: the list)", .openDetail),
                KeyBinding([.char("/")], footer: "filter", help: "Filter by user, action, object or comment", .filter),
                KeyBinding([.char("r")], footer: "refresh", help: "Read the trail again", .refresh),
                KeyBinding([.escape, .backspace, .char("f")], footer: "floor", help: "Back to the floor", .showFloor),
            ] + list + common
        case .detail:
            return [
                KeyBinding([.escape, .backspace, .char("b")], footer: "back", help: "Back to the floor", .back),
                KeyBinding([.left, .char("h")], footer: nil, help: "Previous machine", .moveLeft),
                KeyBinding([.right, .char("l")], footer: "prev/next", help: "Next machine", .moveRight, footerKeys: "←→"),
                KeyBinding([.up, .char("k")], footer: nil, help: "Select the stop (or, after v, the value) above", .moveUp),
                KeyBinding(
                    [.down, .char("j")], footer: "select", help: "Select the stop (or, after v, the value) below", .moveDown, footerKeys: "↑↓"),
                KeyBinding([.char("v")], footer: "values", help: "Move the selection between the stops and the process values", .focusValues),
                KeyBinding([.enter], footer: "chart", help: "Chart the selected process value over time", .openDetail),
                KeyBinding(
                    [.char("r")], footer: "reason", help: "Book the selected stop's reason, or correct it (type to filter, Enter, then y)",
                    .classifyStop),
                KeyBinding([.char("s")], footer: "status", help: "Ingest status, errors and consoles", .showStatus),
            ] + common
        case .oee:
            return [
                KeyBinding([.up, .char("k")], footer: nil, help: "Select the row above", .moveUp),
                KeyBinding([.down, .char("j")], footer: "select", help: "Select the row below", .moveDown, footerKeys: "↑↓"),
                KeyBinding(
                    [.enter], footer: "ledger",
                    help: "What the figure is made of: its time and counts, the formulas; Enter again on a machine's: its intervals", .openDetail),
                KeyBinding([.char("l")], footer: "last shift", help: "Show the last shift / the current shift (every panel)", .toggleShift),
                KeyBinding([.char("c")], footer: "convention", help: "Switch between the ISO and Nakajima conventions", .toggleConvention),
                KeyBinding([.escape, .backspace, .char("f")], footer: "floor", help: "Back to the floor", .showFloor),
            ] + list + common
        case .alarmDetail:
            return [
                KeyBinding([.up, .char("k")], footer: nil, help: "Scroll the transitions up", .moveUp),
                KeyBinding([.down, .char("j")], footer: "scroll", help: "Scroll the transitions down", .moveDown, footerKeys: "↑↓"),
                KeyBinding([.char("a")], footer: "ack", help: "Acknowledge this alarm (with a comment)", .acknowledge, requires: .acknowledgeAlarm),
                KeyBinding(
                    [.char("z")], footer: "shelve", help: "Shelve (snooze) this alarm: a duration (empty: until it clears) and a reason", .shelve,
                    requires: .shelveAlarm),
                KeyBinding([.char("u")], footer: "unshelve", help: "Put this shelved alarm back", .unshelve, requires: .shelveAlarm),
                KeyBinding([.char("r")], footer: "reset", help: "Reset this latched alarm (once acknowledged)", .resetAlarm, requires: .resetAlarm),
                KeyBinding([.escape, .backspace], footer: "alarms", help: "Back to the alarm list", .showAlarms),
            ] + common
        case .status:
            return [
                KeyBinding([.escape, .backspace, .char("f")], footer: "floor", help: "Back to the floor", .showFloor)
            ] + common
        case .handover:
            return [
                KeyBinding([.up, .char("k")], footer: nil, help: "Scroll up", .moveUp),
                KeyBinding([.down, .char("j")], footer: "scroll", help: "Scroll down", .moveDown, footerKeys: "↑↓"),
                KeyBinding(
                    [.char("c")], footer: "confirm read", help: "Confirm having read the last shift's notes (recorded with your name)",
                    .confirmHandover, requires: .writeHandover),
                KeyBinding([.char("n")], footer: "note", help: "Write a note for the next shift", .writeNote, requires: .writeHandover),
                KeyBinding([.char("l")], footer: "last/this shift", help: "Show the last shift's notes / this shift's", .toggleShift),
                KeyBinding([.char("r")], footer: nil, help: "Read the notes again", .refresh),
                KeyBinding([.escape, .backspace, .char("f")], footer: "floor", help: "Back to the floor", .showFloor),
            ] + list + common
        }
    }

    public func action(for key: Key) -> ConsoleAction? {
        bindings.first { $0.keys.contains(key) }?.action
    }
}
