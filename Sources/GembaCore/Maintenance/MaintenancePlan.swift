/// A machine's preventive maintenance task from the plant file (`maintenance:` of a machine):
/// what to do, and how often by the meter that wears the machine (running hours, cycles
/// counted by its counter, or calendar days).
public struct MaintenancePlan: Sendable, Equatable {
    /// What a plan counts.
    public enum Meter: Sendable, Equatable {
        case runningHours(Double)
        case cycles(Int64)
        case days(Double)

        /// The interval in the meter's own unit.
        public var interval: Double {
            switch self {
            case .runningHours(let h): return h
            case .cycles(let n): return Double(n)
            case .days(let d): return d
            }
        }

        /// The unit's word in JSON (`running_hours`, `cycles`, `days`).
        public var unit: String {
            switch self {
            case .runningHours: return "running_hours"
            case .cycles: return "cycles"
            case .days: return "days"
            }
        }

        /// "200 running hours", "50000 cycles", "30 days" (and "1 day").
        public var text: String {
            switch self {
            case .runningHours(let h): return Self.count(DurationText.number(h), "running hour")
            case .cycles(let n): return Self.count(String(n), "cycle")
            case .days(let d): return Self.count(DurationText.number(d), "day")
            }
        }

        /// "1 day", "2 days".
        static func count(_ n: String, _ word: String) -> String { n == "1" ? "1 \(word)" : "\(n) \(word)s" }
    }

    public var machine: String
    public var id: String
    public var name: String
    public var meter: Meter
    /// The plan is due once this share of the interval is left (0.1: the last tenth).
    public var dueWithin: Double = 0.1
    /// The priority of the alarm a due plan raises; an overdue plan's is one step higher.
    public var priority = AlarmPriority.low
    /// When it was last done before Gemba kept it (`last_done:`): its meter counts from then
    /// until it is first done in Gemba. Without it, from when Gemba first saw the plan.
    public var lastDone: Timestamp?

    public init(machine: String, id: String, name: String, meter: Meter) {
        self.machine = machine
        self.id = id
        self.name = name
        self.meter = meter
    }

    /// The alarm a due plan raises, and the one an overdue plan raises instead.
    public var dueAlarmID: String { "maintenance-due-\(machine)-\(id)" }
    public var overdueAlarmID: String { "maintenance-overdue-\(machine)-\(id)" }

    /// Its two alarms, with everything alarms have (ISA-18.2 lifecycle).
    public var alarms: [AlarmDefinition] {
        let higher = AlarmPriority.allCases.first { $0.rank == max(0, priority.rank - 1) } ?? priority
        return [
            AlarmDefinition(
                id: dueAlarmID, machine: machine, condition: .maintenance(machine: machine, plan: id, overdue: false), priority: priority,
                message: "Maintenance due: \(name)"),
            AlarmDefinition(
                id: overdueAlarmID, machine: machine, condition: .maintenance(machine: machine, plan: id, overdue: true), priority: higher,
                message: "Maintenance overdue: \(name)"),
        ]
    }
}
