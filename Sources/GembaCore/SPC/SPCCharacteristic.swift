/// One quality characteristic watched by a control chart (`spc:` in the plant file): a
/// process value sampled as it comes, or a measurement people or gauges enter
/// (`gemba measure`), with its chart, limits, specification, rules and alarm priority.
public struct SPCCharacteristic: Sendable, Equatable {
    public var id: String
    /// The machine it belongs to (the alarm's machine); nil for a measured one of no machine.
    public var machine: String?
    /// The process value it samples; nil: measured (entered with `gemba measure`).
    public var value: String?
    public var chart: SPCChartKind
    public var subgroup: Subgroup
    public var limits: LimitsSource
    public var lsl: Double?
    public var usl: Double?
    public var rules: [SPCRule]
    public var priority: AlarmPriority
    /// EWMA's λ and L; CUSUM's k and h (in σ).
    public var lambda: Double = 0.2
    public var width: Double = 3
    public var k: Double = 0.5
    public var h: Double = 5

    /// How readings make a point.
    public enum Subgroup: Sendable, Equatable {
        /// Every `n` readings (1: each reading is a point).
        case count(Int)
        /// The readings of each window of so many seconds (aligned to the epoch).
        case window(Seconds)
    }

    /// Where the limits come from.
    public enum LimitsSource: Sendable, Equatable {
        /// Phase I: worked out from the points of [from, to).
        case baseline(from: Timestamp, to: Timestamp)
        case fixed(center: Double, ucl: Double, lcl: Double)
        /// From the first `SPCCharacteristic.autoBaseline` points.
        case firstPoints
    }

    /// How many points `limits` absent take for its baseline.
    public static let autoBaseline = 25

    public init(
        id: String, machine: String?, value: String?, chart: SPCChartKind, subgroup: Subgroup = .count(1), limits: LimitsSource = .firstPoints,
        lsl: Double? = nil, usl: Double? = nil, rules: [SPCRule] = [.we1, .we2, .we3, .we4], priority: AlarmPriority = .medium
    ) {
        self.id = id
        self.machine = machine
        self.value = value
        self.chart = chart
        self.subgroup = subgroup
        self.limits = limits
        self.lsl = lsl
        self.usl = usl
        self.rules = rules
        self.priority = priority
    }

    /// The id of the alarm its violations raise.
    public var alarmID: String { "spc-" + id }

    /// The alarm its violations raise, with everything alarms have (ISA-18.2 lifecycle).
    public var alarm: AlarmDefinition {
        AlarmDefinition(
            id: alarmID, machine: machine, condition: .spc(characteristic: id), priority: priority,
            message: "\(id) is out of statistical control")
    }

    /// The readings a point needs when the subgroup is a count (nil for a time window).
    public var subgroupSize: Int? {
        if case .count(let n) = subgroup { return n }
        return nil
    }

    /// Limits from the points of a baseline.
    public func limits(from points: [SPCStoredPoint]) throws(SPCLimits.Refusal) -> SPCLimits {
        if case .fixed(let c, let u, let l) = limits { return .fixed(center: c, ucl: u, lcl: l, subgroup: subgroupSize ?? 1) }
        switch chart {
        case .xbarR, .xbarS:
            // Subgroups of one size: the most common one among the baseline's.
            var sizes: [Int: Int] = [:]
            for p in points { sizes[p.n, default: 0] += 1 }
            guard let n = sizes.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) })?.key else {
                throw SPCLimits.Refusal(description: "no points in the baseline")
            }
            let same = points.filter { $0.n == n }
            guard let c = SPCConstants(n: n) else { throw SPCLimits.Refusal(description: "subgroups of \(n): the constants go from 2 to 25") }
            guard same.count >= 2 else { throw SPCLimits.Refusal(description: "a baseline needs at least 2 subgroups, it has \(same.count)") }
            return chart == .xbarR
                ? SPCLimits.xbarR(means: same.map(\.mean), ranges: same.map(\.range), constants: c, n: n)
                : SPCLimits.xbarS(means: same.map(\.mean), sds: same.map(\.sd), constants: c, n: n)
        case .individuals, .ewma, .cusum:
            // Points are readings (or subgroup means): their mean and moving range.
            return try SPCLimits.individuals(points.map(\.mean))
        }
    }
}

/// A plotted point as stored: enough of its subgroup to chart it and to work limits and
/// capability out later (count, mean, range, standard deviation, sum of squares).
public struct SPCStoredPoint: Sendable, Equatable, Codable {
    public var characteristic: String
    public var t: Timestamp
    public var n: Int
    public var mean: Double
    public var range: Double
    public var sd: Double
    public var sumOfSquares: Double

    public init(characteristic: String, t: Timestamp, readings: [Double]) {
        self.characteristic = characteristic
        self.t = t
        n = readings.count
        mean = readings.reduce(0, +) / Double(max(1, readings.count))
        range = (readings.max() ?? 0) - (readings.min() ?? 0)
        sd = SPCLimits.standardDeviation(readings)
        sumOfSquares = readings.reduce(0) { $0 + $1 * $1 }
    }

    public init(characteristic: String, t: Timestamp, n: Int, mean: Double, range: Double, sd: Double, sumOfSquares: Double) {
        self.characteristic = characteristic
        self.t = t
        self.n = n
        self.mean = mean
        self.range = range
        self.sd = sd
        self.sumOfSquares = sumOfSquares
    }
}
