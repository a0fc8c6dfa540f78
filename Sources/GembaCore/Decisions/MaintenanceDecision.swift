/// `gemba maintenance done`: a plan of a machine was carried out. Checked before anything
/// is stored (the machine and its plan exist, the comment is a comment), with the audit
/// record that goes with it.
public enum MaintenanceDecision {
    /// The longest comment kept with a plan done.
    public static let maxComment = 500

    public static func done(
        machine: String, plan: String, in plant: PlantConfig, comment: String?, used: String?, by actor: Actor, at now: Timestamp
    ) throws(Refusal) -> (plan: MaintenancePlan, audit: AuditRecord) {
        guard plant.machines.contains(where: { $0.id == machine }) else {
            throw Refusal("unknown_machine", "no machine \"\(machine)\" in this plant")
        }
        let plans = plant.maintenance.filter { $0.machine == machine }
        guard let p = plans.first(where: { $0.id == plan }) else {
            throw Refusal(
                "unknown_plan",
                "\(machine) has no maintenance plan \"\(plan)\""
                    + (plans.isEmpty
                        ? " (it has none: maintenance: under the machine in the plant file)"
                        : " (it has: \(plans.map(\.id).joined(separator: ", ")))"))
        }
        // Counted in Unicode scalars, so that combining marks cannot stack a megabyte onto one
        // "character".
        if let comment, comment.unicodeScalars.count > maxComment {
            throw Refusal("bad_comment", "a comment may hold at most \(maxComment) characters; this one has \(comment.unicodeScalars.count)")
        }
        let audit = actor.record(
            "maintenance_done", "maintenance:\(machine)/\(plan)", at: now, before: used, after: "done", comment: comment)
        return (p, audit)
    }
}
