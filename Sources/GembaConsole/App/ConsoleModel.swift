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
    public var connection: Connection = .connecting
    public var user = ""
    public var server = ""

    public var screen: Screen = .floor
    public var showHelp = false
    public var selected = 0
    /// First visible row of the floor board.
    public var scroll = 0
    public var detail: MachineDetail?
    /// The OEE screen's data, its selected row and convention.
    public var oeeBoard: OEEBoard?
    public var oeeSelected = 0
    public var oeeConvention: OEEConvention = .iso
    /// True when the OEE table shows the last shift instead of the current one.
    public var oeeShowsLast = false
    /// True while the ledger box of the selected line or plant is open.
    public var oeeLedgerOpen = false
    /// The downtime-reason picker, while an operator books a reason for a stop.
    public var picker: ReasonPicker?
    /// True when the detail view was opened from the OEE screen (Esc goes back there).
    public var cameFromOEE = false
    /// A one-line message for the person (an error reply, a lost connection).
    public var notice: String?

    public init() {}

    public var selectedID: String? { order.indices.contains(selected) ? order[selected] : nil }

    /// Applies a snapshot: the whole floor.
    public mutating func apply(_ s: FloorSnapshot) {
        plant = s.plant
        shift = s.shift
        telemetry = s.telemetry
        consoles = s.consoles
        machines = Dictionary(s.machines.map { ($0.id, $0) }, uniquingKeysWith: { _, b in b })
        order = s.plant.lines.flatMap(\.machines)
        selected = min(selected, max(0, order.count - 1))
        connection = .connected
    }

    /// Applies a delta: only what changed.
    public mutating func apply(_ d: FloorDelta) {
        if d.shift != nil || shift != nil { shift = d.shift }
        for m in d.machines { machines[m.id] = m }
        if let t = d.telemetry { telemetry = t }
        if let c = d.consoles { consoles = c }
        if case .detail(let id) = screen, let m = machines[id], let old = detail?.machine, old.id == id {
            // The open interval closed: it joins the timeline without asking the daemon again.
            if m.sinceNanos > old.sinceNanos {
                detail?.intervals.append(
                    IntervalRecord(StateInterval(machine: id, state: old.state, reason: old.reason, start: old.sinceNanos, end: m.sinceNanos)))
            }
            detail?.machine = m
        }
    }
}

/// Booking a reason for one `down` interval: choose, then confirm.
public struct ReasonPicker: Sendable, Equatable {
    public var machine: String
    public var start: Timestamp
    /// nil while the machine is still down.
    public var end: Timestamp?
    public var options: [DowntimeReason]
    public var selected = 0
    public var confirming = false

    public init(machine: String, start: Timestamp, end: Timestamp?, options: [DowntimeReason]) {
        self.machine = machine
        self.start = start
        self.end = end
        self.options = options
    }
}

extension Array {
    /// The element at `i`, or nil past the ends.
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
