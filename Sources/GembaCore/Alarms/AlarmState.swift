/// Where an alarm stands in the ISA-18.2 / IEC 62682 lifecycle.
///
/// The first five are the annunciation states; the last three take an alarm off
/// the operator's list for a reason somebody can name (an operator shelved it,
/// the design suppresses it in this plant state, maintenance took it out of
/// service). docs/alarms.md has the full state table.
public enum AlarmState: String, Sendable, Codable, CaseIterable {
    /// Condition clear, nothing owed.
    case normal
    /// Condition active, nobody has acknowledged it.
    case unacknowledged
    /// Condition active, acknowledged.
    case acknowledged
    /// Condition cleared before anyone acknowledged it.
    case returnedUnacknowledged = "rtn_unacknowledged"
    /// A latching alarm whose condition cleared: it needs acknowledging (if not yet) and a reset.
    case latched
    /// Taken off the list by an operator, for a time or until it next clears.
    case shelved
    /// Hidden by design while the machine is in a state where it means nothing.
    case suppressed
    /// Taken out of service (maintenance, a broken sensor); only a supervisor brings it back.
    case outOfService = "out_of_service"

    /// True for the states that appear on an operator's alarm list.
    /// Shelved, suppressed or out of service: not on the list, the condition still followed.
    public var isHidden: Bool { self == .shelved || self == .suppressed || self == .outOfService }

    public var isAnnunciated: Bool {
        switch self {
        case .unacknowledged, .acknowledged, .returnedUnacknowledged, .latched: return true
        default: return false
        }
    }

    /// A glyph that reads without colour: filled while the condition is there and owed, hollow after.
    public var symbol: String {
        switch self {
        case .unacknowledged: return "!"
        case .acknowledged: return "*"
        case .returnedUnacknowledged: return "~"
        case .latched: return "L"
        case .shelved: return "S"
        case .suppressed: return "-"
        case .outOfService: return "X"
        case .normal: return " "
        }
    }

    /// The word screens show.
    public var label: String {
        switch self {
        case .normal: return "NORMAL"
        case .unacknowledged: return "UNACK"
        case .acknowledged: return "ACKED"
        case .returnedUnacknowledged: return "RTN UNACK"
        case .latched: return "LATCHED"
        case .shelved: return "SHELVED"
        case .suppressed: return "SUPPRESSED"
        case .outOfService: return "OUT OF SVC"
        }
    }
}

/// What moves an alarm from one state to the next.
public enum AlarmEvent: Sendable, Equatable {
    case conditionActive
    case conditionCleared
    case acknowledge
    case reset
    /// `until` nil shelves one-shot: until the condition next clears.
    case shelve(until: Timestamp?)
    case unshelve
    case shelveExpired
    case suppress
    case unsuppress
    case removeFromService
    case returnToService

    /// The cause as stored with each transition.
    public var cause: String {
        switch self {
        case .conditionActive: return "activated"
        case .conditionCleared: return "cleared"
        case .acknowledge: return "acknowledged"
        case .reset: return "reset"
        case .shelve(let until): return until == nil ? "shelved one-shot" : "shelved"
        case .unshelve: return "unshelved"
        case .shelveExpired: return "shelve expired"
        case .suppress: return "suppressed by design"
        case .unsuppress: return "suppression ended"
        case .removeFromService: return "removed from service"
        case .returnToService: return "returned to service"
        }
    }
}

/// The events the alarm engine causes itself, from the condition, the design and the clock.
/// Unlike a person's action they are never refused (`AlarmLifecycle.apply` takes them
/// without `throws`): the engine never has an error to drop.
public enum AlarmEngineEvent: Sendable, Equatable {
    case conditionActive
    case conditionCleared
    case shelveExpired
    case suppress
    case unsuppress

    /// The engine's event among all events, nil for a person's action.
    public init?(_ event: AlarmEvent) {
        switch event {
        case .conditionActive: self = .conditionActive
        case .conditionCleared: self = .conditionCleared
        case .shelveExpired: self = .shelveExpired
        case .suppress: self = .suppress
        case .unsuppress: self = .unsuppress
        case .acknowledge, .reset, .shelve, .unshelve, .removeFromService, .returnToService: return nil
        }
    }

    public var event: AlarmEvent {
        switch self {
        case .conditionActive: return .conditionActive
        case .conditionCleared: return .conditionCleared
        case .shelveExpired: return .shelveExpired
        case .suppress: return .suppress
        case .unsuppress: return .unsuppress
        }
    }
}

/// One alarm's current standing: the lifecycle state plus the facts behind it.
public struct AlarmRecord: Sendable, Equatable, Codable {
    public var definition: String
    public var state: AlarmState
    /// The condition (after on/off delay), whatever the state shows.
    public var active: Bool
    /// Whether the current occurrence has been acknowledged.
    public var acknowledged: Bool
    /// When the state last changed.
    public var since: Timestamp
    /// The current (or last) occurrence: a new one starts at every activation.
    public var occurrence: Int64?
    /// When the current occurrence activated.
    public var activatedAt: Timestamp?
    /// Shelving: until when (nil while shelved means one-shot), why and by whom.
    public var shelvedUntil: Timestamp?
    public var shelveReason: String?
    public var shelvedBy: String?
    /// Suppressed by design right now (kept while shelved or out of service, to apply afterwards).
    public var designSuppressed: Bool
    /// The annunciated state the alarm was in when it was shelved, suppressed or taken out of
    /// service (nil if it was normal, or is not hidden): an occurrence that still needed an
    /// acknowledgement or a reset still needs it when it comes back.
    public var hiddenFrom: AlarmState?
    /// The value that last moved the condition, for limit alarms.
    public var value: Double?
    /// What the daemon adds to the message (the record a broken audit chain fails at).
    public var detail: String?
    /// Grows with every change; the store never lets an older snapshot overwrite a newer one.
    public var version: Int64

    public init(definition: String, since: Timestamp) {
        self.definition = definition
        self.state = .normal
        self.active = false
        self.acknowledged = true
        self.since = since
        self.designSuppressed = false
        self.version = 0
    }
}

/// One stored step of an alarm's life: from, to, when, why, who.
public struct AlarmTransition: Sendable, Equatable, Codable {
    public var definition: String
    public var occurrence: Int64?
    public var at: Timestamp
    public var from: AlarmState
    public var to: AlarmState
    public var cause: String
    public var user: String?
    public var comment: String?
    public var value: Double?

    public init(
        definition: String, occurrence: Int64?, at: Timestamp, from: AlarmState, to: AlarmState, cause: String,
        user: String? = nil, comment: String? = nil, value: Double? = nil
    ) {
        self.definition = definition
        self.occurrence = occurrence
        self.at = at
        self.from = from
        self.to = to
        self.cause = cause
        self.user = user
        self.comment = comment
        self.value = value
    }
}

/// Why a person's alarm action was not taken, in words for the person.
public struct AlarmActionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
