/// Everything the floor needs to know about one machine right now: its open state
/// interval, its counters as the machine last reported them, what it produced this
/// shift, and its latest process values.
///
/// It is also what the store keeps per machine so that a restarted daemon goes
/// on exactly where it stopped: the open interval is never written twice.
public struct MachineLive: Sendable, Equatable, Codable {
    public var id: String
    public var state: MachineState
    public var reason: String?
    /// Start of the open state interval.
    public var since: Timestamp
    /// Time of the machine's last sample (feed time).
    public var lastSeen: Timestamp?
    /// When the daemon last received a line for it (daemon clock); drives comm loss.
    public var lastReceived: Timestamp?
    /// The state to resume when a machine comes back from `offline` with a line that names none.
    public var resumeState: MachineState?
    public var resumeReason: String?
    /// Counters exactly as the machine last reported them.
    public var countTotal: Int64?
    public var countReject: Int64?
    /// Start of the shift the shift counts belong to; nil outside shifts.
    public var shiftStart: Timestamp?
    public var shiftName: String?
    public var shiftTotal: Int64
    public var shiftReject: Int64
    public var processValues: [ProcessValue]

    public init(id: String, since: Timestamp) {
        self.id = id
        self.state = .offline
        self.since = since
        self.shiftTotal = 0
        self.shiftReject = 0
        self.processValues = []
    }

    /// True once the machine has sent anything at all.
    public var hasReported: Bool { lastSeen != nil }
}

/// A closed span of time during which a machine was in one state (with one reason).
public struct StateInterval: Sendable, Equatable, Codable {
    public var machine: String
    public var state: MachineState
    public var reason: String?
    public var start: Timestamp
    public var end: Timestamp

    public init(machine: String, state: MachineState, reason: String?, start: Timestamp, end: Timestamp) {
        self.machine = machine
        self.state = state
        self.reason = reason
        self.start = start
        self.end = end
    }
}

/// Units counted in one minute by one machine; a count belongs to the instant it was observed.
public struct MinuteCount: Sendable, Equatable, Codable {
    public var machine: String
    /// Minutes since the Unix epoch.
    public var minute: Int64
    public var total: Int64
    public var reject: Int64

    public init(machine: String, minute: Int64, total: Int64, reject: Int64) {
        self.machine = machine
        self.minute = minute
        self.total = total
        self.reject = reject
    }
}

/// What the engine changed since the caller last drained it: the rows to persist
/// and the machines whose live view changed.
public struct EngineChanges: Sendable, Equatable, Codable {
    public var closedIntervals: [StateInterval] = []
    public var minuteCounts: [MinuteCount] = []
    public var changedMachines: [MachineLive] = []
    /// The changed machines whose process values are to be stored with them (the engine hands
    /// them over at most once a second per machine: `FloorEngine.valueStoreInterval`); nil
    /// for every changed machine's (a batch spilled by a daemon before this field existed).
    public var valuesDue: [String]?
    /// Process values' minutes of history to store.
    public var history: [HistoryMinute] = []
    /// SPC points of sampled values to store.
    public var spcPoints: [SPCStoredPoint] = []
    /// Alarm transitions the engine caused, and the alarm records that changed.
    public var alarmTransitions: [AlarmTransition] = []
    public var alarmRecords: [AlarmRecord] = []

    public init() {}

    public var isEmpty: Bool {
        closedIntervals.isEmpty && minuteCounts.isEmpty && changedMachines.isEmpty && alarmTransitions.isEmpty
            && alarmRecords.isEmpty && history.isEmpty && spcPoints.isEmpty
    }

    private enum CodingKeys: String, CodingKey {
        case closedIntervals, minuteCounts, changedMachines, valuesDue, history, spcPoints, alarmTransitions, alarmRecords
    }

    /// Reads batches spilled by any version: fields added since are absent from older ones.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        closedIntervals = try c.decode([StateInterval].self, forKey: .closedIntervals)
        minuteCounts = try c.decode([MinuteCount].self, forKey: .minuteCounts)
        changedMachines = try c.decode([MachineLive].self, forKey: .changedMachines)
        valuesDue = try c.decodeIfPresent([String].self, forKey: .valuesDue)
        history = try c.decodeIfPresent([HistoryMinute].self, forKey: .history) ?? []
        spcPoints = try c.decodeIfPresent([SPCStoredPoint].self, forKey: .spcPoints) ?? []
        alarmTransitions = try c.decode([AlarmTransition].self, forKey: .alarmTransitions)
        alarmRecords = try c.decode([AlarmRecord].self, forKey: .alarmRecords)
    }
}
