import GembaCore
import GembaStore

/// Requests about one machine's live state.
extension ConsoleService {
    /// Clears a machine's live state: decided in GembaCore, written with its audit record, and
    /// only then applied to the engine (whose next flush writes and pushes the fresh state).
    func resetMachine(_ r: Requests.MachineReset, identity: Identity) throws(ProtocolError) -> MachineResetResult {
        let now = clock()
        let live = floor.live(machine: r.machine)
        let audit: AuditRecord
        do throws(Refusal) {
            audit = try MachineDecision.reset(r.machine, in: floor.plant, live: live, comment: r.comment, by: identity.actor, at: now)
        } catch {
            throw ProtocolError(code: error.code, message: error.message)
        }
        let stored: AuditRecord
        do {
            stored = try store.resetMachine(r.machine, audit: audit)
        } catch {
            throw ProtocolError(code: "store_error", message: "\(r.machine) is unchanged: \(error)")
        }
        floor.resetMachine(r.machine, now: now)
        return MachineResetResult(
            machine: r.machine, state: live?.state.rawValue, since: live.map { ISOTime.format($0.since) }, audit: stored.seq)
    }
}
