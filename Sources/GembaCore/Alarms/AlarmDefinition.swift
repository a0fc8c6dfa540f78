/// How urgent an alarm is (ISA-18.2 priorities): what the operator handles first.
public enum AlarmPriority: String, Sendable, Codable, CaseIterable, Comparable {
    case critical, high, medium, low

    /// 0 is the most urgent.
    public var rank: Int {
        switch self {
        case .critical: return 0
        case .high: return 1
        case .medium: return 2
        case .low: return 3
        }
    }

    public static func < (a: AlarmPriority, b: AlarmPriority) -> Bool { a.rank < b.rank }
}

/// Which side of a limit a process-value alarm watches.
public enum LimitKind: String, Sendable, Codable, CaseIterable {
    case hi, hihi, lo, lolo

    /// True when the alarm is about values above its limit.
    public var isHigh: Bool { self == .hi || self == .hihi }
}

/// What makes an alarm's condition true.
public enum AlarmCondition: Sendable, Equatable {
    /// A process value beyond a limit; it clears only once the value is back past
    /// the limit by the deadband (so a value wobbling on the limit does not chatter).
    case limit(value: String, kind: LimitKind, limit: Double, deadband: Double)
    /// The machine in `state` for longer than `longerThan` seconds.
    case stateLonger(state: MachineState, longerThan: Seconds)
    /// No telemetry from the machine for the comm-loss timeout (it shows offline).
    case commLoss
    /// Rejects / total over the trailing `window` above `limit`, once at least `minCount` parts were made in it.
    case rejectRate(limit: Double, window: Seconds, minCount: Int64)
    /// The audit trail's hash chain does not verify: raised by the daemon itself, never configured.
    case auditChain
    /// The database cannot be written (a full disk): raised by the daemon itself, never configured.
    case storeWrite
    /// The MQTT broker has been away for the comm-loss timeout: raised by the daemon itself.
    case brokerLost
    /// A point of an SPC characteristic broke one of its rules (`spc:`); clears at the next
    /// point that breaks none.
    case spc(characteristic: String)
    /// The trend of value alarm `alarm`'s value reaches its limit within the prediction
    /// horizon (`prediction:`; `TrendMonitor`).
    case predicted(alarm: String)
    /// A maintenance plan of a machine is due (or, `overdue`, past its interval).
    case maintenance(machine: String, plan: String, overdue: Bool)

    /// A short text for screens and JSON (`oil_temp > 80 (deadband 2)`).
    public var summary: String {
        switch self {
        case .limit(let v, let k, let l, let d):
            return "\(v) \(k.isHigh ? ">" : "<") \(DurationText.number(l))" + (d > 0 ? " (deadband \(DurationText.number(d)))" : "")
        case .stateLonger(let s, let t): return "\(s.rawValue) longer than \(DurationText.format(t))"
        case .commLoss: return "comm loss"
        case .rejectRate(let l, let w, _): return "reject rate > \(DurationText.number(l * 100))% over \(DurationText.format(w))"
        case .auditChain: return "audit chain broken"
        case .storeWrite: return "database cannot be written"
        case .brokerLost: return "MQTT broker lost"
        case .spc(let id): return "SPC rules of \(id)"
        case .predicted(let id): return "trend of \(id) toward its limit"
        case .maintenance(let m, let p, let overdue): return "maintenance \(p) of \(m) \(overdue ? "overdue" : "due")"
        }
    }
}

/// One configured alarm (ISA-18.2 "alarm"): its condition on one machine, priority,
/// message and the timing that keeps it honest (on/off delay).
public struct AlarmDefinition: Sendable, Equatable {
    public var id: String
    /// The machine it watches; nil for plant-wide (system) alarms.
    public var machine: String?
    public var condition: AlarmCondition
    public var priority: AlarmPriority
    public var message: String
    /// A latched alarm stays annunciated after its condition clears until someone resets it.
    public var latching: Bool
    /// The condition must hold this long before the alarm activates.
    public var onDelay: Seconds
    /// The condition must be gone this long before the alarm clears.
    public var offDelay: Seconds
    /// Suppressed by design while the machine is in one of these states (a planned stop, say).
    public var suppressWhen: [MachineState]

    public init(
        id: String, machine: String?, condition: AlarmCondition, priority: AlarmPriority, message: String,
        latching: Bool = false, onDelay: Seconds = 0, offDelay: Seconds = 0, suppressWhen: [MachineState] = []
    ) {
        self.id = id
        self.machine = machine
        self.condition = condition
        self.priority = priority
        self.message = message
        self.latching = latching
        self.onDelay = onDelay
        self.offDelay = offDelay
        self.suppressWhen = suppressWhen
    }

    /// The definition the daemon raises when the audit chain does not verify.
    public static let auditChainBroken = AlarmDefinition(
        id: "audit-chain-broken", machine: nil, condition: .auditChain, priority: .critical,
        message: "The audit trail does not verify", latching: true)

    /// The definition the daemon raises while its database cannot be written (what it
    /// accepted waits in memory, and at stop goes to a spill file).
    public static let storeUnwritable = AlarmDefinition(
        id: "store-unwritable", machine: nil, condition: .storeWrite, priority: .critical,
        message: "The database cannot be written: accepted data waits in memory")

    /// The definition the daemon raises when its MQTT broker has been away for the comm-loss
    /// timeout: machines read over Sparkplug B go offline with it.
    public static let mqttBrokerLost = AlarmDefinition(
        id: "mqtt-broker-lost", machine: nil, condition: .brokerLost, priority: .high,
        message: "The MQTT broker cannot be reached")

    /// The alarms the daemon raises itself; their ids cannot be configured.
    public static let system: [AlarmDefinition] = [auditChainBroken, storeUnwritable, mqttBrokerLost]
}
