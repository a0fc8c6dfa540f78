/// The sums OEE is computed from, as a plant publishes them for its lines and itself, so that
/// whoever adds plants up (an enterprise daemon) adds sums, never averages ratios: seconds of
/// planned busy time, running time (as the plant's convention counts it), net production time
/// (units × ideal cycle time) and fully productive time, and the units made and good.
public struct OEESums: Sendable, Equatable, Codable {
    public var plannedBusy: Double = 0
    public var run: Double = 0
    public var netProduction: Double = 0
    public var fullyProductive: Double = 0
    public var total: Int64 = 0
    public var good: Int64 = 0

    enum CodingKeys: String, CodingKey {
        case plannedBusy = "planned_busy"
        case run
        case netProduction = "net_production"
        case fullyProductive = "fully_productive"
        case total, good
    }

    public init() {}

    /// The sums behind a computed result.
    public init(_ r: OEEResult) {
        plannedBusy = r.time.plannedBusy
        run = r.convention == .nakajima ? r.time.production + r.time.microStops : r.time.production
        netProduction = r.time.netProduction
        fullyProductive = r.time.fullyProductive
        total = r.counts.total
        good = r.counts.good
    }

    /// The four factors, by the same rules as `OEECalculator.result`.
    public var figures: OEEFigures {
        func ratio(_ a: Double, _ b: Double) -> Double? { b > 0 && a.isFinite ? a / b : nil }
        return OEEFigures(
            availability: ratio(run, plannedBusy), performance: ratio(netProduction, run),
            quality: total > 0 ? Double(good) / Double(total) : nil, oee: ratio(fullyProductive, plannedBusy))
    }

    public static func + (a: OEESums, b: OEESums) -> OEESums {
        var r = OEESums()
        r.plannedBusy = a.plannedBusy + b.plannedBusy
        r.run = a.run + b.run
        r.netProduction = a.netProduction + b.netProduction
        r.fullyProductive = a.fullyProductive + b.fullyProductive
        // Counts arrive from other plants: a sum past Int64 is held there, never a trap.
        r.total = a.total.clampedAdding(b.total)
        r.good = a.good.clampedAdding(b.good)
        return r
    }
}
