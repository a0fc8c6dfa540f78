import GembaCore

/// What the console knows: the daemon's latest floor view and the person's place
/// in the screens. Changed only by server events and keys; views read it.
public struct ConsoleModel: Sendable, Equatable {
    public enum Connection: Sendable, Equatable {
        case connecting
        case connected
        case disconnected(String)
    }

    public var plant: PlantSummary?
    public var machines: [String: MachineStatus] = [:]
    /// Machine ids in plant order (line by line).
    public var order: [String] = []
    public var shift: ShiftSummary?
    public var telemetry = TelemetryStats()
    public var consoles: [ConsoleInfo] = []
    /// The daemon: version, start, database and runtime directory (nil from older daemons).
    public var daemon: DaemonInfo?
    public var connection: Connection = .connecting
    public var user = ""
    public var server = ""

    public var screen: Screen = .floor
    public var showHelp = false
    /// How far the help box is scrolled (when its keys outgrow the screen).
    public var helpScroll = 0
    /// The console runs inside `gemba demo`: quitting ends the demo.
    public var demo = false
    public var selected = 0
    /// First visible row of the floor board.
    public var scroll = 0
    public var detail: MachineDetail?
    /// The downtime-reason picker, while an operator books a reason for a stop.
    public var picker: ReasonPicker?
    /// True when the detail view was opened from the OEE screen (Esc goes back there).
    public var cameFromOEE = false
    /// A one-line message for the person (an error reply, a lost connection).
    public var notice: String?

    /// The alarm list and KPIs, as the daemon last pushed them.
    public var alarms: AlarmBoard?
    /// One state per screen (`ScreenStates.swift`).
    public var alarmsScreen = AlarmsScreenState()
    public var auditScreen = AuditScreenState()
    public var oeeScreen = OEEScreenState()
    public var holdsScreen = HoldsScreenState()
    public var traceScreen = TraceScreenState()
    public var ordersScreen = OrdersScreenState()
    public var queuesScreen = QueuesScreenState()
    public var scheduleScreen = ScheduleScreenState()
    /// Occurrences the console has seen, so that only new ones ring the bell.
    public var seenOccurrences: Set<Int64> = []
    /// The roles the daemon gave this user and what they allow.
    public var roles: [String] = []
    public var permissions: Set<String>?
    /// A line of text being typed (a comment, a duration, a filter).
    public var prompt: TextPrompt?
    /// What the last order or operation request was, to word its reply ("WO-2/1 started").
    public var pendingChange: String?
    /// The stop selected on the machine detail (newest first; see `Stop.of`).
    public var detailStop = 0
    /// On the machine detail: ↑↓ move among the process values (`v`), and the selected one
    /// (by name order, as the detail lists them).
    public var detailValuesFocused = false
    public var detailValue = 0
    public var chartScreen = ChartScreenState()
    public var spcScreen = SPCScreenState()
    public var maintenanceScreen = MaintenanceScreenState()
    public var handoverScreen = HandoverScreenState()
    /// Lots scanned at an operation's start whose check the daemon has not answered yet.
    public var scansBeingChecked: [String] = []
    /// A shelve reason typed before the daemon refused the shelve: offered again.
    public var shelveReasonKept: String?
    /// The schedule in force, as the daemon pushed it.
    public var schedule: PlantSchedule?
    /// A line terminal's own machine (`gemba console --station ID`).
    public var station: String?
    /// The daemon's MQTT broker connection (nil when the plant uses no broker).
    public var mqtt: MQTTStatus?

    public init() {}

    /// True unless the daemon said this user may not (an old daemon says nothing: the daemon decides).
    public func may(_ p: Permission) -> Bool { permissions?.contains(p.rawValue) ?? true }

    public var selectedID: String? { order.indices.contains(selected) ? order[selected] : nil }

    /// Applies a snapshot: the whole floor.
    public mutating func apply(_ s: FloorSnapshot) {
        plant = s.plant
        shift = s.shift
        telemetry = s.telemetry
        consoles = s.consoles
        if let d = s.daemon { daemon = d }
        mqtt = s.mqtt
        machines = Dictionary(s.machines.map { ($0.id, $0) }, uniquingKeysWith: { _, b in b })
        if let a = s.alarms { apply(alarms: a) }
        if let p = s.schedule { schedule = p }
        order = s.plant.lines.flatMap(\.machines)
        if let st = station, let k = order.firstIndex(of: st) { queuesScreen.machine = k }
        selected = min(selected, max(0, order.count - 1))
        connection = .connected
    }

    /// Applies a delta: only what changed.
    public mutating func apply(_ d: FloorDelta) {
        if d.shift != nil || shift != nil { shift = d.shift }
        for m in d.machines { machines[m.id] = m }
        if let t = d.telemetry { telemetry = t }
        if let c = d.consoles { consoles = c }
        if let info = d.daemon { daemon = info }
        if let m = d.mqtt { mqtt = m }
        if let a = d.alarms { apply(alarms: a) }
        if let p = d.schedule { schedule = p }
        if let p = d.plant {
            plant = p
            order = p.lines.flatMap(\.machines)
            selected = min(selected, max(0, order.count - 1))
        }
        if case .detail(let id) = screen, let m = machines[id], let old = detail?.machine, old.id == id {
            // The open interval closed: it joins the timeline without asking the daemon again.
            if m.sinceNanos > old.sinceNanos {
                detail?.intervals.append(
                    IntervalRecord(StateInterval(machine: id, state: old.state, reason: old.reason, start: old.sinceNanos, end: m.sinceNanos)))
            }
            detail?.machine = m
        }
    }

    /// A new alarm board; returns true when it brings an unacknowledged occurrence not seen before.
    @discardableResult
    public mutating func apply(alarms board: AlarmBoard) -> Bool {
        let first = alarms == nil
        alarms = board
        var fresh = false
        for a in board.alarms where a.state == .unacknowledged {
            if let id = a.id, seenOccurrences.insert(id).inserted, !first { fresh = true }
        }
        followSelection(.alarms)
        return fresh
    }

    /// The audit records the filter lets through.
    public var visibleAudit: [AuditEntry] {
        let f = auditScreen.filter.lowercased()
        guard !f.isEmpty else { return auditScreen.records }
        return auditScreen.records.filter { r in
            [r.user, r.role, r.action, r.object, r.outcome, r.comment ?? "", r.before ?? "", r.after ?? ""]
                .contains { $0.lowercased().contains(f) }
        }
    }
}

extension ConsoleModel {
    /// The Queues screen's machine id.
    public var queueMachineID: String? { order[safe: queuesScreen.machine] }

    /// The operations planned on a machine, in schedule order.
    public func queue(of machine: String) -> [PlannedOperation] {
        (schedule?.operations ?? []).filter { $0.machine == machine }.sorted { $0.startNanos < $1.startNanos }
    }
}

/// How the Alarms screen orders its list (during a flood it groups by machine, first-out first).
public enum AlarmSort: String, Sendable, Equatable, CaseIterable {
    case priority, time, machine

    public var next: AlarmSort {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// The Alarms screen's rows: the annunciated alarms and the hidden ones (shelved,
/// suppressed, out of service) after them, filtered and sorted, one order for the
/// view and for the keys.
public enum AlarmList {
    public static func rows(_ model: ConsoleModel) -> [AlarmStatus] {
        guard let board = model.alarms else { return [] }
        let f = model.alarmsScreen.filter.lowercased()
        // Normal ones are not listed, nor those suppressed by design while their condition is clear.
        var list = board.alarms.filter { $0.state != .normal && !($0.state == .suppressed && !$0.active) }
        if !f.isEmpty {
            list = list.filter { a in
                [a.definition, a.machine ?? "", a.message, a.state.rawValue, a.state.label.lowercased(), a.priority.rawValue]
                    .contains { $0.lowercased().contains(f) }
            }
        }
        func shown(_ a: AlarmStatus) -> Int { a.state.isAnnunciated ? 0 : 1 }
        func time(_ a: AlarmStatus) -> String { a.activatedAt ?? a.since }
        if board.kpis.flood {
            // Grouped by machine; machines by their first alarm (first-out on top), alarms in activation order.
            var firstOut: [String: String] = [:]
            for a in list where a.state.isAnnunciated {
                let m = a.machine ?? ""
                if firstOut[m].map({ time(a) < $0 }) ?? true { firstOut[m] = time(a) }
            }
            return list.sorted { a, b in
                if shown(a) != shown(b) { return shown(a) < shown(b) }
                let ma = a.machine ?? ""
                let mb = b.machine ?? ""
                if ma != mb { return (firstOut[ma] ?? "~", ma) < (firstOut[mb] ?? "~", mb) }
                return time(a) < time(b)
            }
        }
        return list.sorted { a, b in
            if shown(a) != shown(b) { return shown(a) < shown(b) }
            switch model.alarmsScreen.sort {
            case .priority:
                if a.priority != b.priority { return a.priority < b.priority }
                if a.acknowledged != b.acknowledged { return !a.acknowledged }
                return time(a) > time(b)
            case .time:
                return time(a) > time(b)
            case .machine:
                if (a.machine ?? "") != (b.machine ?? "") { return (a.machine ?? "") < (b.machine ?? "") }
                return a.priority < b.priority
            }
        }
    }
}

/// A line of text the person is typing, and what it is for.
public struct TextPrompt: Sendable, Equatable {
    /// What the typed line is for.
    public enum Purpose: Sendable, Equatable {
        case acknowledge(alarm: String)
        case shelveDuration(alarm: String)
        case shelveReason(alarm: String, duration: String)
        case alarmFilter
        case auditFilter
        /// Good and scrap quantities for finishing an operation.
        case finish(order: String, index: Int, quantity: Int?)
        /// A finish with less good than the order asks for: `y` confirms it as partial.
        case finishPartial(order: String, index: Int, good: Int, scrap: Int, quantity: Int)
        /// A new order: `id product quantity due [priority]`.
        case newOrder
        case orderPriority(order: String)
        case orderCancel(order: String)
        /// `LOT reason…` for a new hold (with `contain`: on its forward closure).
        case newHold(contain: Bool)
        /// `disposition comment…` for releasing a hold.
        case releaseHold(id: Int64)
        /// A lot id to trace (typed or scanned).
        case traceLot
        /// Input lots scanned one by one before an operation starts (Enter on an empty line starts it).
        case startInputs(order: String, index: Int, machine: String, scanned: [String])
        /// The words for a stop booked as `other`.
        case otherReason(machine: String, start: Timestamp)
        /// A measured subgroup of a characteristic (typed, or by a gauge that types).
        case measure(characteristic: String)
        /// The comment of a maintenance plan recorded done.
        case maintenanceDone(machine: String, plan: String)
        /// A handover note, line by line (Enter on an empty line keeps it).
        case handoverNote(lines: [String])
        /// The output lot (scanned) when an operation finishes.
        case finishOutput(order: String, index: Int, good: Int, scrap: Int, partial: Bool)
    }

    public var purpose: Purpose
    public var label: String
    public var text: String
    /// Text offered (the machine's counts): Enter takes it, the first key typed replaces it,
    /// as a selected field does; typed digits are never added to the offer.
    public var offered: Bool
    /// Where the next typed character goes, in characters from the start of `text`.
    public var cursor: Int

    public init(_ purpose: Purpose, label: String, text: String = "", offered: Bool = false) {
        self.purpose = purpose
        self.label = label
        self.text = text
        self.offered = offered && !text.isEmpty
        self.cursor = text.count
    }
}

/// Booking (or correcting) the reason of one `down` interval: type to filter or scan a code,
/// choose, then confirm; `other` asks for the words.
public struct ReasonPicker: Sendable, Equatable {
    public var machine: String
    public var start: Timestamp
    /// nil while the machine is still down.
    public var end: Timestamp?
    /// The plant's reasons, in the plant file's order.
    public var options: [DowntimeReason]
    /// The reason booked already, when this is a correction.
    public var current: String?
    /// What has been typed (or scanned): it filters the list by code, description or category.
    public var filter = ""
    /// The selected row of `visible`.
    public var selected = 0
    public var confirming = false

    /// The reason with free text, always offered last.
    public static let other = DowntimeReason(code: "other", description: "Other: say what happened", category: nil)

    public init(machine: String, start: Timestamp, end: Timestamp?, options: [DowntimeReason], current: String? = nil) {
        self.machine = machine
        self.start = start
        self.end = end
        self.options = options
        self.current = current
    }

    /// The reasons the filter lets through, grouped by category (in the order categories first
    /// appear), then `other`.
    public var visible: [DowntimeReason] {
        let f = filter.lowercased()
        let matching =
            f.isEmpty
            ? options
            : options.filter { ($0.code + " " + $0.description + " " + ($0.category ?? "")).lowercased().contains(f) }
        var order: [String] = []
        for r in matching where !order.contains(r.category ?? "") { order.append(r.category ?? "") }
        let grouped = order.flatMap { c in matching.filter { ($0.category ?? "") == c } }
        return grouped + [Self.other]
    }
}

extension Array {
    /// The element at `i`, or nil past the ends.
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
