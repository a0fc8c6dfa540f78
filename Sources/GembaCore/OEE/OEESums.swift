/// The sums OEE is computed from, as a plant publishes them for its lines and itself, so that
/// whoever adds plants up (an enterprise daemon) adds sums, never averages ratios: every time
/// of the ISO 22400 ledger (`OEETime`, seconds) and the units made and good. With the whole
/// ledger the adder computes either convention and shows the same losses as the plant.
public struct OEESums: Sendable, Equatable {
    public var time = OEETime()
    public var total: Int64 = 0
    public var good: Int64 = 0

    public init() {}

    /// The sums behind a computed result.
    public init(_ r: OEEResult) {
        time = r.time
        total = r.counts.total
        good = r.counts.good
    }

    /// The ledger these sums are, for `OEECalculator.result`.
    public var ledger: OEECalculator.Ledger {
        var l = OEECalculator.Ledger()
        l.time = time
        l.counts = OEECounts(total: total, reject: total.clampedSubtracting(good))
        return l
    }

    /// The largest a published time may be: ten thousand machines through a 24-hour shift.
    public static let largestSeconds: Double = 1e9

    /// The names of the time fields as published (`OEE/Sums/<name>`).
    public static let timeNames = [
        "PlannedOperation", "PlannedDown", "PlannedBusy", "Production", "Setup", "Delay", "Idle", "Offline", "MicroStops",
        "NetProduction", "FullyProductive",
    ]

    /// The time field a published name stands for.
    public static func timeKey(_ name: String) -> WritableKeyPath<OEETime, Double>? {
        switch name {
        case "PlannedOperation": \.plannedOperation
        case "PlannedDown": \.plannedDown
        case "PlannedBusy": \.plannedBusy
        case "Production": \.production
        case "Setup": \.setup
        case "Delay": \.delay
        case "Idle": \.idle
        case "Offline": \.offline
        case "MicroStops": \.microStops
        case "NetProduction": \.netProduction
        case "FullyProductive": \.fullyProductive
        default: nil
        }
    }

    public static func + (a: OEESums, b: OEESums) -> OEESums {
        var r = OEESums()
        r.time = a.time + b.time
        // Counts arrive from other plants: a sum past Int64 is held there, never a trap.
        r.total = a.total.clampedAdding(b.total)
        r.good = a.good.clampedAdding(b.good)
        return r
    }
}
