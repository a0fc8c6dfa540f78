/// One alarm as consoles and `gemba alarms --json` show it.
public struct AlarmStatus: Sendable, Equatable, Codable {
    /// The current (or last) occurrence number; nil if it never activated.
    public var id: Int64?
    public var definition: String
    public var machine: String?
    public var priority: AlarmPriority
    public var state: AlarmState
    public var active: Bool
    public var acknowledged: Bool
    /// When the state last changed (ISO 8601) and as nanoseconds.
    public var since: String
    public var sinceNanos: Timestamp
    public var message: String
    public var condition: String
    public var latching: Bool
    public var activatedAt: String?
    public var shelvedUntil: String?
    public var shelveReason: String?
    public var shelvedBy: String?
    public var value: Double?
    public var detail: String?

    enum CodingKeys: String, CodingKey {
        case id, definition, machine, priority, state, active, acknowledged, since, message, condition, latching, value, detail
        case sinceNanos = "since_ns"
        case activatedAt = "activated_at"
        case shelvedUntil = "shelved_until"
        case shelveReason = "shelve_reason"
        case shelvedBy = "shelved_by"
    }

    // Optional values are written as `null`, never left out, as docs/console-protocol.md says:
    // scripts (`gemba alarms --json | jq`) read every key.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(definition, forKey: .definition)
        try c.encode(machine, forKey: .machine)
        try c.encode(priority, forKey: .priority)
        try c.encode(state, forKey: .state)
        try c.encode(active, forKey: .active)
        try c.encode(acknowledged, forKey: .acknowledged)
        try c.encode(since, forKey: .since)
        try c.encode(sinceNanos, forKey: .sinceNanos)
        try c.encode(message, forKey: .message)
        try c.encode(condition, forKey: .condition)
        try c.encode(latching, forKey: .latching)
        try c.encode(activatedAt, forKey: .activatedAt)
        try c.encode(shelvedUntil, forKey: .shelvedUntil)
        try c.encode(shelveReason, forKey: .shelveReason)
        try c.encode(shelvedBy, forKey: .shelvedBy)
        try c.encode(value, forKey: .value)
        try c.encode(detail, forKey: .detail)
    }

    public init(record r: AlarmRecord, definition d: AlarmDefinition) {
        id = r.occurrence
        definition = d.id
        machine = d.machine
        priority = d.priority
        state = r.state
        active = r.active
        acknowledged = r.acknowledged
        since = ISOTime.format(r.since)
        sinceNanos = r.since
        message = d.message
        condition = d.condition.summary
        latching = d.latching
        activatedAt = r.activatedAt.map(ISOTime.format)
        shelvedUntil = r.shelvedUntil.map(ISOTime.format)
        shelveReason = r.shelveReason
        shelvedBy = r.shelvedBy
        value = r.value
        detail = r.detail
    }
}

/// The alarm list with the alarm-system KPIs: what the Alarms screen and the header need.
public struct AlarmBoard: Sendable, Equatable, Codable {
    public var alarms: [AlarmStatus]
    public var kpis: AlarmKPIs
    /// Unacknowledged alarms (unack, rtn unack, latched unacked) per priority.
    public var unacknowledged: [String: Int]

    public init(alarms: [AlarmStatus], kpis: AlarmKPIs) {
        self.alarms = alarms
        self.kpis = kpis
        var counts: [String: Int] = [:]
        for a in alarms where !a.acknowledged && a.state.isAnnunciated { counts[a.priority.rawValue, default: 0] += 1 }
        self.unacknowledged = counts
    }
}

/// The reply to an alarm action: the alarm after it, and the audit record it wrote.
public struct AlarmActionResult: Sendable, Equatable, Codable {
    public var alarm: AlarmStatus
    public var audit: Int64

    public init(alarm: AlarmStatus, audit: Int64) {
        self.alarm = alarm
        self.audit = audit
    }
}

/// One alarm as it stands and the transitions of its life, newest first: what the alarm
/// detail shows (who acknowledged, shelved or reset it, when and with what comment).
public struct AlarmHistory: Sendable, Equatable, Codable {
    public var alarm: AlarmStatus
    public var transitions: [AlarmTransitionEntry]

    public init(alarm: AlarmStatus, transitions: [AlarmTransitionEntry]) {
        self.alarm = alarm
        self.transitions = transitions
    }
}

/// One transition as the protocol carries it (times as ISO 8601 and nanoseconds).
public struct AlarmTransitionEntry: Sendable, Equatable, Codable {
    public var occurrence: Int64?
    public var at: String
    public var atNanos: Timestamp
    public var from: AlarmState
    public var to: AlarmState
    /// What caused it: `condition`, `ack`, `shelve`, `reset`, `timer`, … .
    public var cause: String
    public var user: String?
    public var comment: String?
    public var value: Double?

    enum CodingKeys: String, CodingKey {
        case occurrence, at, from, to, cause, user, comment, value
        case atNanos = "at_ns"
    }

    public init(_ t: AlarmTransition) {
        occurrence = t.occurrence
        at = ISOTime.format(t.at)
        atNanos = t.at
        from = t.from
        to = t.to
        cause = t.cause
        user = t.user
        comment = t.comment
        value = t.value
    }

    // Every key, null where there is no value, as for the alarm itself.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(occurrence, forKey: .occurrence)
        try c.encode(at, forKey: .at)
        try c.encode(atNanos, forKey: .atNanos)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(cause, forKey: .cause)
        try c.encode(user, forKey: .user)
        try c.encode(comment, forKey: .comment)
        try c.encode(value, forKey: .value)
    }
}
