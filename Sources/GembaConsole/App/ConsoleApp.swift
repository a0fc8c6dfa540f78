import Foundation
import GembaCore

/// The console's logic without a terminal: keys and server events change the
/// model; `render` draws it into a grid. The terminal backend only feeds keys in
/// and copies grids out, so everything here is tested with plain values.
public struct ConsoleApp: Sendable {
    /// What the app asks of the world outside it.
    /// What the console asks of the world after a key: quit, repaint, or one request to the
    /// daemon (a typed `ConsoleRequest`; the reply comes back as an event).
    public enum Effect: Sendable, Equatable {
        case quit
        /// Repaint every cell (Ctrl-L), for a terminal something else scribbled on.
        case fullRedraw
        case request(ConsoleRequest)

        public static func requestDetail(_ machine: String) -> Effect { .request(.machineDetail(.init(machine: machine))) }
        public static func requestOEEBoard(_ c: OEEConvention) -> Effect { .request(.oeeBoard(.init(convention: c.rawValue))) }
        public static let requestAudit = Effect.request(.audit(.init(limit: 500)))
        /// The trail and its chain's verdict, asked for together.
        public static let requestAuditAndVerdict: [Effect] = [requestAudit, .request(.auditVerify(.init()))]
        public static let requestOrders = Effect.request(.orders(.init()))
        public static let requestHolds = Effect.request(.holds(.init()))
        public static func requestCounts(order: String, index: Int) -> Effect { .request(.opCounts(.init(order: order, index: index))) }
        public static func requestTrace(lot: String, forward: Bool) -> Effect {
            .request(.trace(.init(lot: lot, direction: forward ? "forward" : "backward")))
        }
    }

    /// Ring the terminal bell when a new unacknowledged alarm arrives (`gemba console --bell`).
    public var bell = false
    /// Set when a bell is owed; the terminal backend takes it.
    public var bellPending = false

    public var model = ConsoleModel()
    public var theme: Theme
    /// The size of the last frame, which arrow keys need to know the board's columns.
    public var size: (width: Int, height: Int) = (80, 24)

    /// The smallest terminal the console draws on; below it, a message says so.
    public static let minimumSize = (width: 40, height: 10)

    public init(theme: Theme) { self.theme = theme }

    // MARK: Keys

    /// One key: what it does, then every list's selection settles. A selection the key moved
    /// is anchored on its new item; any other list follows the item it was on (a filter typed,
    /// a sort changed).
    public mutating func handle(_ key: Key) -> [Effect] {
        // Too small a terminal shows only how to quit: keys typed blind are not acted on.
        if size.width < Self.minimumSize.width || size.height < Self.minimumSize.height, size.width > 0 {
            return key == .char("q") || key == .ctrl("c") ? [.quit] : []
        }
        let before = SelectableList.allCases.map { model[keyPath: $0.state].selected }
        let effects = handleKey(key)
        for (list, was) in zip(SelectableList.allCases, before) {
            if model[keyPath: list.state].selected != was { model.anchorSelection(list) } else { model.followSelection(list) }
        }
        settleFloorScroll()
        return effects
    }

    /// Keeps the floor board's selected tile in view, scrolling as little as it can: done here,
    /// after keys and resizes, so that drawing only reads the model.
    mutating func settleFloorScroll() {
        let layout = FloorView.layout(model, width: size.width)
        model.scroll = FloorView.scroll(for: model, layout: layout, height: max(1, size.height - 2))
    }

    /// The terminal's size: what the page keys and the floor board's arrows need to know.
    public mutating func resize(width: Int, height: Int) {
        guard size != (width, height) else { return }
        size = (width, height)
        settleFloorScroll()
    }

    private mutating func handleKey(_ key: Key) -> [Effect] {
        if key == .resize { return [] }
        if model.prompt != nil { return handlePrompt(key) }
        if model.picker != nil { return handlePicker(key) }
        if model.oeeScreen.ledgerOpen {
            // Any key closes the ledger box, q included (the box says so; quitting the console
            // from it surprised people); Enter on a machine's box goes on to its intervals.
            model.oeeScreen.ledgerOpen = false
            if key == .enter, let row = model.oeeScreen.board?.rows[safe: model.oeeScreen.list.selected], row.kind == .machine,
                let index = model.order.firstIndex(of: row.id)
            {
                model.selected = index
                return showDetail(row.id, fromOEE: true)
            }
            return []
        }
        if model.showHelp {
            // The arrows and page keys scroll a long help; any other key closes it; `q` still quits.
            let body = Rect(x: 0, y: 1, width: size.width, height: size.height - 2)
            let bottom = HelpOverlay.maximumScroll(model.screen, area: body, demo: model.demo)
            switch key {
            case .up: model.helpScroll = max(0, model.helpScroll - 1)
            case .down: model.helpScroll = min(bottom, model.helpScroll + 1)
            case .pageUp: model.helpScroll = max(0, model.helpScroll - max(1, body.height - 5))
            case .pageDown: model.helpScroll = min(bottom, model.helpScroll + max(1, body.height - 5))
            case .home: model.helpScroll = 0
            case .end: model.helpScroll = bottom
            default:
                model.showHelp = false
                model.helpScroll = 0
                if key == .char("q") { return [.quit] }
            }
            return []
        }
        model.notice = nil
        guard let binding = model.screen.bindings.first(where: { $0.keys.contains(key) }) else { return [] }
        if let p = binding.requires, !model.may(p) {
            // Greyed out in the footer; the daemon would refuse it too.
            let role = model.roles.isEmpty ? "none" : model.roles.joined(separator: ", ")
            model.notice = "your role (\(role)) may not \(p.summary)"
            return []
        }
        return perform(binding.action)
    }

    /// Opens a machine's detail and asks the daemon for it; Esc goes back where it came from.
    mutating func showDetail(_ id: String, fromOEE: Bool) -> [Effect] {
        model.cameFromOEE = fromOEE
        model.screen = .detail(id)
        model.detail = nil
        model.detailStop = 0
        model.detailValuesFocused = false
        model.detailValue = 0
        return [.requestDetail(id)]
    }

    /// The keys that move a list screen's selection: up, down, Home, End and the page keys.
    static func listMove(_ action: ConsoleAction) -> ListState.Move? {
        switch action {
        case .moveUp: return .up
        case .moveDown: return .down
        case .first: return .first
        case .last: return .last
        case .pageUp: return .pageUp
        case .pageDown: return .pageDown
        default: return nil
        }
    }

    /// The list a screen's keys move; nil where they move something else (the floor
    /// board's selection, the Gantt chart, a detail).
    func listOnScreen() -> SelectableList? {
        SelectableList.allCases.first { $0.screen == model.screen }
    }

    public mutating func perform(_ action: ConsoleAction) -> [Effect] {
        if let move = Self.listMove(action), let list = listOnScreen() {
            model[keyPath: list.state].move(move, count: list.ids(model).count, page: max(1, size.height - 8))
            return []
        }
        let count = model.order.count
        switch action {
        case .quit: return [.quit]
        case .redraw: return [.fullRedraw]
        case .toggleHelp: model.showHelp.toggle()
        case .moveLeft:
            if model.screen == .queues {
                model.queuesScreen.machine = max(0, model.queuesScreen.machine - 1)
                model.queuesScreen.list.selected = 0
                return []
            }
            if model.screen == .schedule {
                model.scheduleScreen.offsetMinutes -= model.scheduleScreen.hours * 15
                return []
            }
            if count > 0 { model.selected = max(0, model.selected - 1) }
            return followSelection()
        case .moveRight:
            if model.screen == .queues {
                model.queuesScreen.machine = min(max(0, count - 1), model.queuesScreen.machine + 1)
                model.queuesScreen.list.selected = 0
                return []
            }
            if model.screen == .schedule {
                model.scheduleScreen.offsetMinutes += model.scheduleScreen.hours * 15
                return []
            }
            if count > 0 { model.selected = min(count - 1, model.selected + 1) }
            return followSelection()
        case .openDetail where model.screen == .alarms:
            guard let a = AlarmList.rows(model)[safe: model.alarmsScreen.list.selected] else { return [] }
            model.screen = .alarmDetail(a.definition)
            model.alarmsScreen.history = nil
            model.alarmsScreen.historyScroll = 0
            return [.request(.alarmHistory(.init(alarm: a.definition)))]
        case .moveUp where isMachineDetail && model.detailValuesFocused:
            model.detailValue = max(0, model.detailValue - 1)
        case .moveDown where isMachineDetail && model.detailValuesFocused:
            model.detailValue = min(max(0, detailValueNames.count - 1), model.detailValue + 1)
        case .moveUp where isMachineDetail:
            model.detailStop = max(0, model.detailStop - 1)
        case .moveDown where isMachineDetail:
            model.detailStop = min(max(0, detailStops.count - 1), model.detailStop + 1)
        case .focusValues where isMachineDetail:
            guard !detailValueNames.isEmpty || model.detailValuesFocused else {
                model.notice = "this machine has reported no process value yet"
                return []
            }
            model.detailValuesFocused.toggle()
        case .focusValues:
            return []
        case .showSPC:
            model.screen = .spc
            return requestSPC()
        case .showMaintenance:
            model.screen = .maintenance
            return [.request(.maintenance(.init()))]
        case .refresh where model.screen == .maintenance:
            return [.request(.maintenance(.init()))]
        case .maintenanceDone: askMaintenanceDone()
        case .refresh where model.screen == .spc:
            return requestSPC()
        case .measure: askMeasurement()
        case .openDetail where isMachineDetail:
            let names = detailValueNames
            guard case .detail(let id) = model.screen, let name = names[safe: model.detailValuesFocused ? model.detailValue : 0] else {
                model.notice = "this machine has reported no process value yet"
                return []
            }
            let keep = model.chartScreen.machine == id && model.chartScreen.value == name ? model.chartScreen.history : nil
            model.chartScreen.machine = id
            model.chartScreen.value = name
            model.chartScreen.history = keep
            model.chartScreen.limits = model.detail?.trends?.first { $0.name == name }?.limits ?? []
            model.screen = .chart
            return requestChart()
        case .back where model.screen == .chart:
            model.screen = .detail(model.chartScreen.machine)
            return [.requestDetail(model.chartScreen.machine)]
        case .zoomIn where model.screen == .chart:
            model.chartScreen.span = max(0, model.chartScreen.span - 1)
            return requestChart()
        case .zoomOut where model.screen == .chart:
            model.chartScreen.span = min(ChartScreenState.spans.count - 1, model.chartScreen.span + 1)
            return requestChart()
        case .refresh where model.screen == .chart:
            return requestChart()
        case .moveUp where isAlarmDetail:
            model.alarmsScreen.historyScroll = max(0, model.alarmsScreen.historyScroll - 1)
        case .moveDown where isAlarmDetail:
            model.alarmsScreen.historyScroll = min(
                max(0, (model.alarmsScreen.history?.transitions.count ?? 0) - 1), model.alarmsScreen.historyScroll + 1)
        case .openDetail where model.screen == .audit:
            model.auditScreen.expanded.toggle()
        case .showFloor where model.screen == .audit && model.auditScreen.expanded:
            // Esc leaves the record first, then the screen.
            model.auditScreen.expanded = false
        case .openDetail where model.screen == .holds:
            guard let h = model.holdsScreen.holds[safe: model.holdsScreen.list.selected], let lot = h.scope == "lot" ? h.target : h.lots.first else {
                return []
            }
            model.screen = .trace
            return [.requestTrace(lot: lot, forward: true)]
        case .moveUp where model.screen == .schedule:
            model.scheduleScreen.top = max(0, model.scheduleScreen.top - 1)
        case .moveDown where model.screen == .schedule:
            model.scheduleScreen.top = min(max(0, count - 1), model.scheduleScreen.top + 1)
        case .moveUp: model.selected = boardLayout.vertical(from: model.selected, by: -1)
        case .moveDown: model.selected = boardLayout.vertical(from: model.selected, by: 1)
        case .first: model.selected = 0
        case .last: model.selected = max(0, count - 1)
        case .pageUp, .pageDown:
            let rows = max(1, (size.height - 2) / FloorLayout.tileHeight - 1)
            for _ in 0..<rows {
                model.selected = boardLayout.vertical(from: model.selected, by: action == .pageUp ? -1 : 1)
            }
        case .openDetail:
            if model.screen == .oee {
                // A figure opens its ledger: the sums it comes from and the formulas. From a
                // machine's ledger, Enter goes on to its intervals and counts (the detail).
                model.oeeScreen.ledgerOpen = model.oeeScreen.board?.rows[safe: model.oeeScreen.list.selected] != nil
                return []
            }
            guard let id = model.selectedID else { return [] }
            return showDetail(id, fromOEE: false)
        case .back: model.screen = model.oeeScreen.board != nil && model.cameFromOEE ? .oee : .floor
        case .showFloor: model.screen = .floor
        case .showStatus: model.screen = .status
        case .showOEE:
            model.screen = .oee
            return [.requestOEEBoard(model.oeeScreen.convention)]
        case .classifyStop: startClassifying()
        case .showHandover, .writeNote, .confirmHandover: return handover(action)
        case .toggleShift where model.screen == .handover, .refresh where model.screen == .handover: return handover(action)
        case .toggleShift: model.oeeScreen.showsLast.toggle()
        case .toggleConvention:
            model.oeeScreen.convention = model.oeeScreen.convention == .iso ? .nakajima : .iso
            return [.requestOEEBoard(model.oeeScreen.convention)]
        case .nextScreen, .previousScreen:
            // Tab goes round the screens, Shift-Tab back; the audit trail only for those who may read it.
            let cycle = Screen.cycle.filter { $0 != .audit || model.may(.readAudit) }
            let here = cycle.firstIndex(of: model.screen) ?? 0
            let step = action == .nextScreen ? 1 : cycle.count - 1
            model.screen = cycle[(here + step) % cycle.count]
            switch model.screen {
            case .oee: return [.requestOEEBoard(model.oeeScreen.convention)]
            case .audit: return Effect.requestAuditAndVerdict
            case .orders: return [.requestOrders]
            case .holds: return [.requestHolds]
            case .spc: return requestSPC()
            case .maintenance: return [.request(.maintenance(.init()))]
            case .handover: return handover(.refresh)
            default: break
            }
        case .showAlarms: model.screen = .alarms
        case .showQueues:
            if model.screen == .floor, model.selectedID != nil { model.queuesScreen.machine = model.selected }
            model.screen = .queues
        case .showSchedule: model.screen = .schedule
        case .showHolds:
            model.screen = .holds
            return [.requestHolds]
        case .showTrace:
            // From the Holds screen `T` always asks for a lot, as its help says; elsewhere the
            // last trace is shown again, or the prompt when there is none.
            let fromHolds = model.screen == .holds
            model.screen = .trace
            if model.traceScreen.trace == nil || fromHolds { model.prompt = TextPrompt(.traceLot, label: "Trace lot (type or scan):") }
        case .placeHold, .containHold:
            model.prompt = TextPrompt(
                .newHold(contain: action == .containHold), label: action == .containHold ? "Hold and contain (LOT reason):" : "Hold (LOT reason):")
        case .releaseHold:
            guard let h = model.holdsScreen.holds[safe: model.holdsScreen.list.selected], h.status == "active" else {
                model.notice = "select an active hold"
                return []
            }
            model.prompt = TextPrompt(.releaseHold(id: h.id), label: "Release #\(h.id) (use_as_is|rework|scrap|return_to_vendor comment):")
        case .toggleDirection:
            guard let root = model.traceScreen.trace?.start.first else { return [] }
            return [.requestTrace(lot: root, forward: !model.traceScreen.forward)]
        case .toggleNode:
            guard let row = TraceTree.rows(model)[safe: model.traceScreen.list.selected], row.hasChildren, !row.repeated else { return [] }
            if model.traceScreen.collapsed.contains(row.lot) {
                model.traceScreen.collapsed.remove(row.lot)
            } else {
                model.traceScreen.collapsed.insert(row.lot)
            }
        case .showOrders:
            model.screen = .orders
            return [.requestOrders]
        case .newOrder:
            model.prompt = TextPrompt(.newOrder, label: "New order (id product quantity due [priority]):")
        case .reprioritise, .cancelOrder:
            guard let o = model.ordersScreen.orders[safe: model.ordersScreen.list.selected] else {
                model.notice = "no order selected"
                return []
            }
            model.prompt =
                action == .reprioritise
                ? TextPrompt(
                    .orderPriority(order: o.id), label: "Priority of \(o.id) (1 normal, higher more urgent):", text: String(o.priority),
                    offered: true)
                : TextPrompt(.orderCancel(order: o.id), label: "Reason for cancelling \(o.id) (required):")
        case .zoomIn: model.scheduleScreen.hours = max(1, model.scheduleScreen.hours / 2)
        case .zoomOut: model.scheduleScreen.hours = min(7 * 24, model.scheduleScreen.hours * 2)
        case .startOperation, .pauseOperation, .finishOperation:
            guard let m = model.queueMachineID, let op = model.queue(of: m)[safe: model.queuesScreen.list.selected] else {
                model.notice = "no operation selected"
                return []
            }
            switch action {
            case .startOperation:
                model.prompt = TextPrompt(
                    .startInputs(order: op.order, index: op.index, machine: m, scanned: []),
                    label: Self.scanLabel(order: op.order, index: op.index, scanned: []))
            case .pauseOperation:
                model.pendingChange = "\(op.order)/\(op.index + 1) paused"
                return [.request(.opPause(.init(order: op.order, index: op.index, machine: m)))]
            default: return [.requestCounts(order: op.order, index: op.index)]
            }
        case .showAudit:
            model.screen = .audit
            return Effect.requestAuditAndVerdict
        case .refresh: return model.screen == .orders ? [.requestOrders] : model.screen == .holds ? [.requestHolds] : Effect.requestAuditAndVerdict
        case .cycleSort: model.alarmsScreen.sort = model.alarmsScreen.sort.next
        case .filter where model.screen == .trace:
            model.prompt = TextPrompt(.traceLot, label: "Trace lot (type or scan):")
        case .filter:
            if model.screen == .audit {
                model.prompt = TextPrompt(.auditFilter, label: "Filter audit:", text: model.auditScreen.filter)
            } else {
                model.prompt = TextPrompt(.alarmFilter, label: "Filter alarms:", text: model.alarmsScreen.filter)
            }
        case .acknowledge, .shelve, .unshelve, .resetAlarm:
            guard let a = actedAlarm() else {
                model.notice = "no alarm selected"
                return []
            }
            switch action {
            case .acknowledge:
                model.prompt = TextPrompt(.acknowledge(alarm: a.definition), label: "Acknowledge \(a.definition); comment:")
            case .shelve:
                model.prompt = TextPrompt(
                    .shelveDuration(alarm: a.definition), label: "Shelve \(a.definition) for (30m, 2h; empty: until it clears):")
            case .unshelve: return [.request(.unshelve(.init(alarm: a.definition)))]
            default: return [.request(.reset(.init(alarm: a.definition)))]
            }
        }
        return []
    }

    /// True on a machine's detail screen.
    var isMachineDetail: Bool {
        if case .detail = model.screen { return true }
        return false
    }

    /// The stops the machine detail lists.
    var detailStops: [Stop] {
        guard case .detail(let id) = model.screen else { return [] }
        return Stop.of(model, machine: id)
    }

    /// True on the alarm detail screen.
    var isAlarmDetail: Bool {
        if case .alarmDetail = model.screen { return true }
        return false
    }

    /// The alarm an action goes to: the one the detail shows, or the list's selected one.
    func actedAlarm() -> AlarmStatus? {
        if case .alarmDetail(let id) = model.screen {
            return model.alarms?.alarms.first { $0.definition == id } ?? model.alarmsScreen.history?.alarm
        }
        return AlarmList.rows(model)[safe: model.alarmsScreen.list.selected]
    }

    /// The floor board as laid out at the last frame's width (arrow keys move on it).
    var boardLayout: FloorLayout { FloorView.layout(model, width: size.width) }
}
