import GembaCore
import GembaStore

/// `spc` and `measure`: a characteristic's control chart, and a measured subgroup entered
/// the one way every change comes in (decision, one write with its audit record, then the
/// monitor judges it and the alarm follows).
extension ConsoleService {
    func spc(_ r: Requests.SPCQuery) throws(ProtocolError) -> SPCResult {
        let now = clock()
        guard let c = floor.plant.spc.first(where: { $0.id == r.characteristic }) else {
            let known = floor.plant.spc.map(\.id)
            throw ProtocolError(
                code: "unknown_characteristic",
                message: "no characteristic \"\(r.characteristic)\" in this plant"
                    + (known.isEmpty ? " (it has none: spc: in the plant file)" : " (it has: \(known.joined(separator: ", ")))"))
        }
        let (from, to) = try window(from: r.from, to: r.to, last: nil, now: now)
        let (limits, refusal) = floor.spcLimits(c.id)
        let stored: [SPCStoredPoint]
        let context: [SPCStoredPoint]
        do {
            stored = try FloorHistory(floor: floor, store: store).spcPoints(c.id, from: from, to: to)
            // The runs the rules look back over start before the window.
            context = c.chart == .ewma || c.chart == .cusum ? [] : try store.lastSPCPoints(c.id, before: from, limit: 14)
        } catch {
            throw ProtocolError(code: "store_error", message: "cannot read the points of \(c.id): \(error)")
        }
        var points: [SPCResult.Point] = []
        if let limits {
            let chart = SPCEvaluation(chart: c.chart, limits: limits, rules: c.rules, lambda: c.lambda, width: c.width, k: c.k, h: c.h)
            let all = context + stored
            let evaluated = chart.points(all.map { (t: $0.t, readings: Self.readings($0)) })
            for (p, s) in zip(evaluated.dropFirst(context.count), stored) {
                var p = p
                // Each stored point charts its own subgroup's dispersion.
                if c.chart == .xbarR { p.dispersion = s.range } else if c.chart == .xbarS { p.dispersion = s.sd }
                points.append(SPCResult.Point(p, n: s.n))
            }
        } else {
            points = stored.map { SPCResult.Point(SPCPoint(t: $0.t, value: $0.mean), n: $0.n) }
        }
        let capability = SPCCapability(points: stored, sigmaWithin: limits?.sigmaWithin ?? 0, lsl: c.lsl, usl: c.usl)
        let note = limits != nil ? nil : refusal ?? Self.waiting(c)
        return SPCResult(
            id: c.id, chart: c.chart.rawValue, machine: c.machine, value: c.value, from: ISOTime.format(from), to: ISOTime.format(to),
            limits: limits, limitsNote: note, lsl: c.lsl, usl: c.usl, points: points, capability: capability)
    }

    /// The readings to evaluate a stored point by: its mean stands for them (the evaluation
    /// plots means; the dispersion is the point's own, set by the caller).
    private static func readings(_ p: SPCStoredPoint) -> [Double] { [p.mean] }

    private static func waiting(_ c: SPCCharacteristic) -> String {
        switch c.limits {
        case .baseline(let from, let to): return "limits come from the baseline \(ISOTime.format(from)) – \(ISOTime.format(to)) once it is over"
        case .firstPoints: return "limits come from the first \(SPCCharacteristic.autoBaseline) points"
        case .fixed: return "fixed limits"
        }
    }

    func measure(_ r: Requests.Measure, identity: Identity) throws(ProtocolError) -> MeasureResult {
        let now = clock()
        let decided: (point: SPCStoredPoint, audit: AuditRecord)
        do throws(Refusal) {
            decided = try MeasurementDecision.record(
                r.characteristic, readings: r.values, in: floor.plant, comment: r.comment, by: identity.actor, at: now)
        } catch {
            throw ProtocolError(code: error.code, message: error.message)
        }
        let stored: AuditRecord
        do {
            stored = try store.recordMeasurement(decided.point, audit: decided.audit)
        } catch {
            throw ProtocolError(code: "store_error", message: "\(r.characteristic): nothing was recorded: \(error)")
        }
        let judged = floor.measure(r.characteristic, readings: r.values, at: now)
        return MeasureResult(
            characteristic: r.characteristic, t: ISOTime.format(now), n: decided.point.n, mean: decided.point.mean,
            violations: judged?.judged == true ? judged?.point.violations : nil, audit: stored.seq)
    }
}
