/// `gemba measure`: a subgroup of a measured characteristic, checked before anything is
/// stored (the characteristic is one people measure, the readings are numbers, as many as
/// its subgroup), with the audit record that goes with it.
public enum MeasurementDecision {
    public static func record(
        _ id: String, readings: [Double], in plant: PlantConfig, comment: String?, by actor: Actor, at now: Timestamp
    ) throws(Refusal) -> (point: SPCStoredPoint, audit: AuditRecord) {
        guard let c = plant.spc.first(where: { $0.id == id }) else {
            let known = plant.spc.filter { $0.value == nil }.map(\.id)
            throw Refusal(
                "unknown_characteristic",
                "no characteristic \"\(id)\" in this plant" + (known.isEmpty ? "" : " (measured ones: \(known.joined(separator: ", ")))"))
        }
        if let value = c.value {
            throw Refusal("not_measured", "\(id) samples \(c.machine ?? "")'s \(value) as it comes; nothing is entered for it")
        }
        guard !readings.isEmpty else { throw Refusal("bad_measurement", "\(id): no readings (write them as 10.02,10.01,9.98)") }
        if let bad = readings.firstIndex(where: { !TelemetryLimits.keeps($0) }) {
            throw Refusal("bad_measurement", "\(id): reading \(bad + 1) is not a number Gemba keeps (finite, within ±1e15)")
        }
        if let n = c.subgroupSize, readings.count != n {
            throw Refusal("bad_measurement", "\(id) takes subgroups of \(n) readings; these are \(readings.count)")
        }
        let text = readings.map(DurationText.number).joined(separator: ",")
        let audit = actor.record(
            "measure", "characteristic:\(id)", at: now, before: nil, after: "readings \(text)", comment: comment)
        return (SPCStoredPoint(characteristic: id, t: now, readings: readings), audit)
    }
}
