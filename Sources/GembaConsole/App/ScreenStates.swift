import GembaCore

// One state per screen: what the screen shows and where the person is on it. The model
// holds one of each; views read them and never change them.

/// The alarm list and the alarm detail.
public struct AlarmsScreenState: Sendable, Equatable {
    public var list = ListState()
    public var filter = ""
    public var sort: AlarmSort = .priority
    /// The alarm detail's alarm and transitions (nil until the daemon answers).
    public var history: AlarmHistory?
    /// How far the detail's transitions are scrolled.
    public var historyScroll = 0
}

/// The audit trail.
public struct AuditScreenState: Sendable, Equatable {
    /// The records as last read, newest first.
    public var records: [AuditEntry] = []
    public var list = ListState()
    public var filter = ""
    /// The hash chain's verdict, asked for with the trail.
    public var verdict: AuditVerification?
    /// True while the selected record is shown whole over the screen.
    public var expanded = false
}

/// The OEE screen.
public struct OEEScreenState: Sendable, Equatable {
    public var board: OEEBoard?
    public var list = ListState()
    public var convention: OEEConvention = .iso
    /// True when every panel shows the last shift instead of the current one.
    public var showsLast = false
    /// True while the ledger box of the selected row is open.
    public var ledgerOpen = false
}

/// Quality holds.
public struct HoldsScreenState: Sendable, Equatable {
    public var holds: [Hold] = []
    public var list = ListState()
}

/// The trace tree.
public struct TraceScreenState: Sendable, Equatable {
    public var trace: Trace?
    public var forward = true
    public var collapsed: Set<String> = []
    public var list = ListState()
}

/// Work orders.
public struct OrdersScreenState: Sendable, Equatable {
    public var orders: [OrderStatus] = []
    public var list = ListState()
}

/// A machine's work queue.
public struct QueuesScreenState: Sendable, Equatable {
    /// The machine shown (index into the plant's machine order).
    public var machine = 0
    public var list = ListState()
}

/// The Gantt chart's window.
public struct ScheduleScreenState: Sendable, Equatable {
    /// Its start, as an offset from now in minutes, and its width in hours.
    public var offsetMinutes = -30
    public var hours = 8
    /// The first machine row shown.
    public var top = 0
}

/// A process value's chart: which value, over which span, and what the daemon answered.
public struct ChartScreenState: Sendable, Equatable {
    /// The spans `+` and `-` step through, in seconds: 1 h, 8 h, 24 h, 7 d, 30 d.
    public static let spans: [Int64] = [3600, 8 * 3600, 24 * 3600, 7 * 86_400, 30 * 86_400]
    public var machine = ""
    public var value = ""
    /// Index into `spans`.
    public var span = 1
    public var history: HistoryResult?
    /// The alarm limits on the value (from the detail's trend).
    public var limits: [Double] = []
    /// When the history was asked for (the chart's right edge).
    public var askedAt: Timestamp?

    public var spanSeconds: Int64 { Self.spans[min(max(span, 0), Self.spans.count - 1)] }

    /// A step that gives at most `columns` points over the span, rounded up to one a person
    /// would name (10s, 1m, 5m, 15m, 1h, ...).
    public func step(columns: Int) -> Int64 {
        let nice: [Int64] = [1, 5, 10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10_800, 21_600, 43_200, 86_400]
        let want = (spanSeconds + Int64(max(1, columns)) - 1) / Int64(max(1, columns))
        return nice.first { $0 >= want } ?? 86_400
    }
}

/// The Maintenance screen: every plan as last read.
/// The Handover screen: the notes of the shift before this one (what the incoming lead reads
/// and confirms) or of this one (what it leaves so far).
public struct HandoverScreenState: Sendable, Equatable {
    public var list = ListState()
    public var board: HandoverBoard?
    /// Showing the shift before the running one (else the running one).
    public var previous = true
    /// The shift (`date/name`) whose arrival check was made: the incoming lead is shown the
    /// notes left for them once per shift.
    public var checkedShift: String?
    /// The reply awaited is the arrival check's.
    public var checking = false
}

public struct MaintenanceScreenState: Sendable, Equatable {
    public var list = ListState()
    public var board: MaintenanceBoard?
}

/// The SPC screen: the characteristics and each one's chart as last read.
public struct SPCScreenState: Sendable, Equatable {
    public var list = ListState()
    public var results: [String: SPCResult] = [:]
}
