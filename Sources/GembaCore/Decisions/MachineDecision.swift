/// Clearing a machine's live state (`gemba machine reset`), after a gateway sent nonsense the
/// machine cannot recover from by itself: what is cleared, and its audit record.
public enum MachineDecision {
    public static func reset(
        _ id: String, in plant: PlantConfig, live: MachineLive?, comment: String?, by actor: Actor, at now: Timestamp
    ) throws(Refusal) -> AuditRecord {
        guard plant.machines.contains(where: { $0.id == id }) else { throw Refusal("unknown_machine", "no machine \"\(id)\" in this plant") }
        let before = live.map { m in
            "\(m.state.rawValue) since \(ISOTime.format(m.since))" + (m.countTotal.map { ", count_total \($0)" } ?? "")
        }
        return actor.record(
            "reset_machine", "machine:\(id)", at: now, before: before ?? "no live state",
            after: "no live state: the next line is the machine's first", comment: comment)
    }
}
