/// One plan as people see it: how much of its interval is used, and whether it is due or
/// overdue. The `maintenance` request answers a list of them (`gemba maintenance --json`),
/// and the machine detail and the Maintenance screen draw them.
public struct MaintenanceStatus: Sendable, Equatable, Codable {
    public enum State: String, Sendable, Codable {
        case ok, due, overdue
    }

    public var machine: String
    public var plan: String
    public var name: String
    /// `running_hours`, `cycles` or `days`.
    public var unit: String
    public var interval: Double
    /// How much of the meter has run since it was last done, in `unit`.
    public var used: Double
    public var state: State
    /// ISO 8601 UTC: when it was last done (or first seen).
    public var since: String
    public var doneBy: String?
    public var comment: String?

    private enum CodingKeys: String, CodingKey {
        case machine, plan, name, unit, interval, used, state, since
        case doneBy = "done_by"
        case comment
    }

    public init(plan: MaintenancePlan, reading: MaintenanceMeterReading, runningNow: Int64, now: Timestamp) {
        machine = plan.machine
        self.plan = plan.id
        name = plan.name
        unit = plan.meter.unit
        interval = plan.meter.interval
        switch plan.meter {
        case .runningHours: used = Double(reading.running.clampedAdding(runningNow)) / 3.6e12
        case .cycles: used = Double(reading.cycles)
        case .days: used = Double(max(0, now - reading.since)) / 86_400e9
        }
        state = used >= interval ? .overdue : used >= interval * (1 - plan.dueWithin) ? .due : .ok
        since = ISOTime.format(reading.since)
        doneBy = reading.doneBy
        comment = reading.comment
    }

    /// What is left, or how far past it is: "18 running hours left", "overdue by 2 days".
    public var remaining: String {
        let left = interval - used
        func amount(_ v: Double) -> String {
            let count = MaintenancePlan.Meter.count
            switch unit {
            case "running_hours": return v < 1 ? count(String(Int((v * 60).rounded())), "running minute") : count(Self.short(v), "running hour")
            case "cycles": return count(String(Int64(v.rounded())), "cycle")
            default: return v < 1 ? count(String(Int((v * 24).rounded())), "hour") : count(Self.short(v), "day")
            }
        }
        return left > 0 ? "\(amount(left)) left" : "overdue by \(amount(-left))"
    }

    /// "190.2 of 200 running hours".
    public var usage: String {
        "\(Self.short(used)) of \(DurationText.number(interval)) \(unit == "running_hours" ? "running hours" : unit)"
    }

    /// Share of the interval used, from 0 (just done).
    public var progress: Double { interval > 0 ? used / interval : 0 }

    /// One decimal under 10, whole above.
    static func short(_ v: Double) -> String {
        v < 10 ? DurationText.number((v * 10).rounded() / 10) : String(Int64(v.rounded()))
    }
}

/// The `maintenance` request's answer: every plan of the plant (or of one machine).
public struct MaintenanceBoard: Sendable, Equatable, Codable {
    public var plans: [MaintenanceStatus]

    public init(plans: [MaintenanceStatus]) { self.plans = plans }
}
