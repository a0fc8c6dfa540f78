import GembaCore
import GembaStore

/// `maintenance` and `maintenance_done`: the plans and what is due, and a plan done coming in
/// the one way every change comes in (decision, one write with its audit record, then the
/// floor's meter starts again and the alarms follow at the next flush).
extension ConsoleService {
    func maintenance(_ r: Requests.Maintenance) throws(ProtocolError) -> MaintenanceBoard {
        if let m = r.machine, !floor.plant.machines.contains(where: { $0.id == m }) {
            throw ProtocolError(code: "unknown_machine", message: "no machine \"\(m)\" in this plant")
        }
        return MaintenanceBoard(plans: floor.maintenanceStatuses(machine: r.machine, at: clock()))
    }

    func maintenanceDone(_ r: Requests.MaintenanceDone, identity: Identity) throws(ProtocolError) -> MaintenanceDoneResult {
        let now = clock()
        let before = floor.maintenanceStatuses(machine: r.machine, at: now).first { $0.plan == r.plan }
        let decided: (plan: MaintenancePlan, audit: AuditRecord)
        do throws(Refusal) {
            let used = before.map { "\($0.usage) (\($0.state.rawValue))" }
            decided = try MaintenanceDecision.done(
                machine: r.machine, plan: r.plan, in: floor.plant, comment: r.comment, used: used, by: identity.actor, at: now)
        } catch {
            throw ProtocolError(code: error.code, message: error.message)
        }
        let reading = MaintenanceMeterReading(since: now, doneBy: identity.actor.user, comment: r.comment)
        let stored: AuditRecord
        do {
            stored = try store.recordMaintenance(decided.plan, reading, audit: decided.audit)
        } catch {
            throw ProtocolError(code: "store_error", message: "\(r.machine)/\(r.plan): nothing was recorded: \(error)")
        }
        guard let before, let after = floor.resetMaintenance(decided.plan, to: reading, at: now) else {
            throw ProtocolError(code: "unknown_plan", message: "\(r.machine) has no maintenance plan \"\(r.plan)\" running in this daemon")
        }
        return MaintenanceDoneResult(before: before, after: after, audit: stored.seq)
    }
}
