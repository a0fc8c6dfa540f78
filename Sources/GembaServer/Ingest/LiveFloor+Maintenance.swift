import GembaCore
import NIOConcurrencyHelpers

/// The live floor's maintenance plans: their meters as the machines run, what is due, and a
/// plan done resetting its meter.
extension LiveFloor {
    /// A plan's state raises its due or overdue alarm (one at a time) or clears both.
    static func maintain(_ o: MaintenanceTracker.Outcome, _ alarms: inout AlarmEngine, at now: Timestamp) {
        alarms.setSystemCondition(o.plan.dueAlarmID, active: o.state == .due, detail: o.state == .due ? o.detail : nil, at: now)
        alarms.setSystemCondition(o.plan.overdueAlarmID, active: o.state == .overdue, detail: o.state == .overdue ? o.detail : nil, at: now)
    }

    /// Every plan (or machine `machine`'s) as it stands now.
    public func maintenanceStatuses(machine: String? = nil, at now: Timestamp) -> [MaintenanceStatus] {
        state.withLockedValue { s in
            s.maintenance.statuses(machines: s.engine.machines, machine: machine, now: now) { s.engine.pending(machine: $0) }
        }
    }

    /// The readings the store kept, after a restart (in the order of `plant.maintenance`).
    public func restoreMaintenance(_ readings: [MaintenanceMeterReading]) {
        state.withLockedValue { s in
            for (p, r) in zip(s.maintenance.plans, readings) { s.maintenance.restore(machine: p.machine, plan: p.id, r) }
        }
    }

    /// Plan `plan` of `machine` done (its reading stored): its meter starts again. Returns
    /// its status now (nil: no such plan).
    func resetMaintenance(_ plan: MaintenancePlan, to reading: MaintenanceMeterReading, at now: Timestamp) -> MaintenanceStatus? {
        state.withLockedValue { s in
            s.maintenance.restore(machine: plan.machine, plan: plan.id, reading)
            return s.maintenance.statuses(machines: s.engine.machines, machine: plan.machine, now: now).first { $0.plan == plan.id }
        }
    }
}
