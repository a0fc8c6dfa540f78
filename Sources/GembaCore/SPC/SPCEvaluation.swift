/// One point of a control chart as `gemba spc` answers it and the console draws it.
public struct SPCPoint: Sendable, Equatable {
    public var t: Timestamp
    /// The plotted statistic: the reading, the subgroup's mean, or the EWMA.
    public var value: Double
    /// The subgroup's range or standard deviation (X̄ charts), or the moving range (individuals).
    public var dispersion: Double?
    /// EWMA: that point's limits (they widen towards their asymptote). CUSUM: the upper and
    /// lower sums (the lower as a negative number, as it is drawn).
    public var ucl: Double?
    public var lcl: Double?
    public var upper: Double?
    public var lower: Double?
    /// Rules this point completes (`we1`, `nelson2`, `ewma`, `cusum`), in the order configured.
    public var violations: [String] = []

    public init(t: Timestamp, value: Double) {
        self.t = t
        self.value = value
    }
}

/// A chart's points worked out from readings: the plotted statistic per point, and the
/// rules each point breaks. Pure: the same readings and limits give the same chart.
public struct SPCEvaluation: Sendable {
    public var chart: SPCChartKind
    public var limits: SPCLimits
    public var rules: [SPCRule]
    /// EWMA's weight λ (0 < λ ≤ 1) and width L in σ.
    public var lambda: Double
    public var width: Double
    /// CUSUM's allowance k and decision interval h, in σ.
    public var k: Double
    public var h: Double

    public init(
        chart: SPCChartKind, limits: SPCLimits, rules: [SPCRule], lambda: Double = 0.2, width: Double = 3, k: Double = 0.5, h: Double = 5
    ) {
        self.chart = chart
        self.limits = limits
        self.rules = rules
        self.lambda = lambda
        self.width = width
        self.k = k
        self.h = h
    }

    /// The points of `subgroups` (one reading each for individuals, EWMA and CUSUM of readings;
    /// several for X̄ charts and for EWMA or CUSUM of subgroup means), in time order.
    public func points(_ subgroups: [(t: Timestamp, readings: [Double])]) -> [SPCPoint] {
        var out: [SPCPoint] = []
        out.reserveCapacity(subgroups.count)
        var plotted: [Double] = []
        var z = limits.center
        var cPlus = 0.0
        var cMinus = 0.0
        var previous: Double?
        for (i, g) in subgroups.enumerated() {
            let x = SPCLimits.mean(g.readings)
            var p = SPCPoint(t: g.t, value: x)
            switch chart {
            case .individuals:
                p.dispersion = previous.map { abs(x - $0) }
            case .xbarR:
                p.dispersion = (g.readings.max() ?? x) - (g.readings.min() ?? x)
            case .xbarS:
                p.dispersion = SPCLimits.standardDeviation(g.readings)
            case .ewma:
                z = lambda * x + (1 - lambda) * z
                p.value = z
                let spread = width * limits.sigma * (lambda / (2 - lambda) * (1 - pow1(1 - lambda, 2 * (i + 1)))).squareRoot()
                p.ucl = limits.center + spread
                p.lcl = limits.center - spread
                if z > p.ucl! || z < p.lcl! { p.violations.append("ewma") }
            case .cusum:
                let allowance = k * limits.sigma
                cPlus = max(0, x - (limits.center + allowance) + cPlus)
                cMinus = max(0, (limits.center - allowance) - x + cMinus)
                p.upper = cPlus
                p.lower = -cMinus
                if cPlus > h * limits.sigma || cMinus > h * limits.sigma { p.violations.append("cusum") }
            }
            previous = x
            plotted.append(p.value)
            if chart != .ewma && chart != .cusum {
                let above = (limits.ucl - limits.center) / 3
                let below = (limits.center - limits.lcl) / 3
                for rule in rules where rule.violation(at: i, in: plotted, center: limits.center, sigma: above, sigmaBelow: below) != nil {
                    p.violations.append(rule.rawValue)
                }
            }
            out.append(p)
        }
        return out
    }

    /// `base` to the power `n` by repeated squaring (no Foundation needed for a whole power).
    private func pow1(_ base: Double, _ n: Int) -> Double {
        var result = 1.0
        var b = base
        var e = n
        while e > 0 {
            if e & 1 == 1 { result *= b }
            b *= b
            e >>= 1
        }
        return result
    }
}

/// Process capability against the specification: Cp and Cpk from σ within subgroups (how
/// capable the process is when in control), Pp and Ppk from the readings' overall σ (how it
/// performed). A side without a limit gives the one-sided index; Cp and Pp need both.
public struct SPCCapability: Sendable, Equatable {
    public var cp: Double?
    public var cpk: Double?
    public var pp: Double?
    public var ppk: Double?

    public init(readings: [Double], sigmaWithin: Double, lsl: Double?, usl: Double?) {
        self.init(
            count: readings.count, mean: readings.isEmpty ? 0 : SPCLimits.mean(readings), overall: SPCLimits.standardDeviation(readings),
            sigmaWithin: sigmaWithin, lsl: lsl, usl: usl)
    }

    /// From stored points: the readings' count, mean and overall σ added up from each
    /// subgroup's count, mean and sum of squares.
    public init(points: [SPCStoredPoint], sigmaWithin: Double, lsl: Double?, usl: Double?) {
        let n = points.reduce(0) { $0 + $1.n }
        let mean = n == 0 ? 0 : points.reduce(0.0) { $0 + Double($1.n) * $1.mean } / Double(n)
        let squares = points.reduce(0.0) { $0 + $1.sumOfSquares }
        let variance = n > 1 ? max(0, (squares - Double(n) * mean * mean) / Double(n - 1)) : 0
        self.init(count: n, mean: mean, overall: variance.squareRoot(), sigmaWithin: sigmaWithin, lsl: lsl, usl: usl)
    }

    public init(count: Int, mean: Double, overall: Double, sigmaWithin: Double, lsl: Double?, usl: Double?) {
        guard count > 0, lsl != nil || usl != nil else { return }
        func indices(_ sigma: Double) -> (Double?, Double?) {
            guard sigma > 0 else { return (nil, nil) }
            let both = lsl.flatMap { l in usl.map { u in (u - l) / (6 * sigma) } }
            let sides = [usl.map { ($0 - mean) / (3 * sigma) }, lsl.map { (mean - $0) / (3 * sigma) }].compactMap { $0 }
            return (both, sides.min())
        }
        (cp, cpk) = indices(sigmaWithin)
        (pp, ppk) = indices(overall)
    }
}
