/// The kinds of control chart Gemba draws (`chart:` of a characteristic).
public enum SPCChartKind: String, Sendable, Codable, CaseIterable {
    /// Individuals and moving range (I-MR): one reading a point.
    case individuals
    /// Subgroup means with ranges (X̄-R), for subgroups of 2 to 25.
    case xbarR = "xbar_r"
    /// Subgroup means with standard deviations (X̄-S).
    case xbarS = "xbar_s"
    /// Exponentially weighted moving average of the readings (or subgroup means).
    case ewma
    /// Tabular CUSUM of the readings (or subgroup means).
    case cusum

    /// Whether points are subgroup means.
    public var subgroups: Bool { self == .xbarR || self == .xbarS }
}

/// A chart's centre line and control limits, with the σ they come from.
public struct SPCLimits: Sendable, Equatable, Codable {
    public var center: Double
    public var ucl: Double
    public var lcl: Double
    /// The σ of the plotted statistic (a reading, or a subgroup mean): the zones' width.
    public var sigma: Double
    /// The process σ within subgroups (for Cp and Cpk): MR̄/d2, R̄/d2 or S̄/c4.
    public var sigmaWithin: Double
    /// The dispersion chart's (MR, R or S): centre and limits.
    public var dispersion: Dispersion?

    public struct Dispersion: Sendable, Equatable, Codable {
        /// `mr`, `r` or `s`.
        public var chart: String
        public var center: Double
        public var ucl: Double
        public var lcl: Double

        public init(chart: String, center: Double, ucl: Double, lcl: Double) {
            self.chart = chart
            self.center = center
            self.ucl = ucl
            self.lcl = lcl
        }
    }

    public init(center: Double, ucl: Double, lcl: Double, sigma: Double, sigmaWithin: Double, dispersion: Dispersion? = nil) {
        self.center = center
        self.ucl = ucl
        self.lcl = lcl
        self.sigma = sigma
        self.sigmaWithin = sigmaWithin
        self.dispersion = dispersion
    }

    /// Fixed limits from the plant file: σ is a third of the wider side.
    public static func fixed(center: Double, ucl: Double, lcl: Double, subgroup n: Int = 1) -> SPCLimits {
        let sigma = max(ucl - center, center - lcl) / 3
        return SPCLimits(center: center, ucl: ucl, lcl: lcl, sigma: sigma, sigmaWithin: sigma * Double(n).squareRoot())
    }

    /// Why limits cannot be worked out from a baseline.
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Individuals chart limits from a baseline of readings: the centre is their mean, σ is
    /// MR̄/d2 (d2 = 1.128 for moving ranges of two), the limits ±3σ; the moving-range chart's
    /// centre is MR̄, its limits D3·MR̄ = 0 and D4·MR̄ = 3.267·MR̄.
    public static func individuals(_ readings: [Double]) throws(Refusal) -> SPCLimits {
        guard readings.count >= 2 else { throw Refusal(description: "a baseline needs at least 2 readings, it has \(readings.count)") }
        let mean = readings.reduce(0, +) / Double(readings.count)
        let mrBar = zip(readings.dropFirst(), readings).map { abs($0 - $1) }.reduce(0, +) / Double(readings.count - 1)
        let c = SPCConstants(n: 2)!
        let sigma = mrBar / c.d2
        return SPCLimits(
            center: mean, ucl: mean + 3 * sigma, lcl: mean - 3 * sigma, sigma: sigma, sigmaWithin: sigma,
            dispersion: Dispersion(chart: "mr", center: mrBar, ucl: c.d4 * mrBar, lcl: c.d3Lower * mrBar))
    }

    /// X̄-R limits from baseline subgroups of one size n: X̿ ± A2·R̄; the R chart D3·R̄ to D4·R̄;
    /// σ within is R̄/d2, a mean's σ is that over √n.
    public static func xbarR(_ subgroups: [[Double]]) throws(Refusal) -> SPCLimits {
        let (n, c) = try sizes(subgroups)
        return xbarR(means: subgroups.map(mean), ranges: subgroups.map { $0.max()! - $0.min()! }, constants: c, n: n)
    }

    /// X̄-S limits from baseline subgroups of one size n: X̿ ± A3·S̄; the S chart B3·S̄ to
    /// B4·S̄; σ within is S̄/c4.
    public static func xbarS(_ subgroups: [[Double]]) throws(Refusal) -> SPCLimits {
        let (n, c) = try sizes(subgroups)
        return xbarS(means: subgroups.map(mean), sds: subgroups.map(standardDeviation), constants: c, n: n)
    }

    /// X̄-R limits from each subgroup's mean and range (stored points keep both).
    static func xbarR(means: [Double], ranges: [Double], constants c: SPCConstants, n: Int) -> SPCLimits {
        let grand = mean(means)
        let rBar = mean(ranges)
        let within = rBar / c.d2
        return SPCLimits(
            center: grand, ucl: grand + c.a2 * rBar, lcl: grand - c.a2 * rBar, sigma: within / Double(n).squareRoot(), sigmaWithin: within,
            dispersion: Dispersion(chart: "r", center: rBar, ucl: c.d4 * rBar, lcl: c.d3Lower * rBar))
    }

    /// X̄-S limits from each subgroup's mean and standard deviation.
    static func xbarS(means: [Double], sds: [Double], constants c: SPCConstants, n: Int) -> SPCLimits {
        let grand = mean(means)
        let sBar = mean(sds)
        let within = sBar / c.c4
        return SPCLimits(
            center: grand, ucl: grand + c.a3 * sBar, lcl: grand - c.a3 * sBar, sigma: within / Double(n).squareRoot(), sigmaWithin: within,
            dispersion: Dispersion(chart: "s", center: sBar, ucl: c.b4 * sBar, lcl: c.b3 * sBar))
    }

    private static func sizes(_ subgroups: [[Double]]) throws(Refusal) -> (Int, SPCConstants) {
        guard subgroups.count >= 2 else { throw Refusal(description: "a baseline needs at least 2 subgroups, it has \(subgroups.count)") }
        let n = subgroups[0].count
        guard let c = SPCConstants(n: n) else { throw Refusal(description: "subgroups of \(n): the constants go from 2 to 25") }
        if let odd = subgroups.firstIndex(where: { $0.count != n }) {
            throw Refusal(description: "subgroup \(odd + 1) has \(subgroups[odd].count) readings where the first has \(n)")
        }
        return (n, c)
    }

    static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(xs.count) }

    /// The sample standard deviation (n − 1).
    static func standardDeviation(_ xs: [Double]) -> Double {
        guard xs.count > 1 else { return 0 }
        let m = mean(xs)
        return (xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count - 1)).squareRoot()
    }
}
