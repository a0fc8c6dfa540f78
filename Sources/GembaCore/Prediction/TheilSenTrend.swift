/// A robust straight-line trend of a series: the Theil–Sen slope (the median of the slopes
/// between every pair of points), the level through the points' median residual, and the
/// Mann–Kendall statistic that says whether the series rises or falls at all.
///
/// Robust because plants are noisy: one spike among 120 minute means moves the median of
/// 7,140 pair slopes by almost nothing, where it would tilt a least-squares line. The
/// Mann–Kendall test judges the trend by signs alone, so it asks nothing of the noise's shape.
public struct TheilSenTrend: Sendable, Equatable {
    /// Change per second.
    public var slope: Double
    /// The trend line's value at time `at`.
    public var level: Double
    public var at: Timestamp
    /// Mann–Kendall z: how many standard deviations the count of rising pairs minus falling
    /// pairs is from zero under "no trend" (ties corrected, with continuity correction).
    public var z: Double
    /// Points the trend was worked out from.
    public var count: Int

    /// The trend of `points` (time, value; any order), its line evaluated at `at`; nil with
    /// fewer than 3 points or when every point has the same time.
    public init?(_ points: [(t: Timestamp, value: Double)], at: Timestamp) {
        let n = points.count
        guard n >= 3 else { return nil }
        let sorted = points.sorted { $0.t < $1.t }
        let origin = sorted[0].t
        // Minutes from the first point keep the products small and exact enough.
        let x = sorted.map { Double($0.t &- origin) / 60e9 }
        let y = sorted.map(\.value)
        var slopes: [Double] = []
        slopes.reserveCapacity(n * (n - 1) / 2)
        for i in 0..<(n - 1) {
            for j in (i + 1)..<n where x[j] > x[i] { slopes.append((y[j] - y[i]) / (x[j] - x[i])) }
        }
        guard !slopes.isEmpty else { return nil }
        let perMinute = Self.median(&slopes)
        var residuals = (0..<n).map { y[$0] - perMinute * x[$0] }
        let intercept = Self.median(&residuals)
        slope = perMinute / 60
        self.at = at
        level = intercept + perMinute * Double(at &- origin) / 60e9
        count = n
        z = Self.mannKendallZ(y)
    }

    /// The Mann–Kendall z of `values` in time order: rising pairs minus falling pairs, over the
    /// standard deviation of that count under no trend (corrected for tied values), with a
    /// continuity correction of one. Cheap next to the slope (no allocation, no sort): a
    /// monitor asks it first.
    public static func mannKendallZ(_ values: [Double]) -> Double {
        var s = 0
        for i in values.indices.dropLast() {
            let yi = values[i]
            for j in (i + 1)..<values.count {
                let dy = values[j] - yi
                s += dy > 0 ? 1 : dy < 0 ? -1 : 0
            }
        }
        let n = Double(values.count)
        var variance = n * (n - 1) * (2 * n + 5)
        var counts: [Double: Int] = [:]
        for v in values { counts[v, default: 0] += 1 }
        for (_, t) in counts where t > 1 {
            let t = Double(t)
            variance -= t * (t - 1) * (2 * t + 5)
        }
        variance /= 18
        guard variance > 0, s != 0 else { return 0 }
        return (Double(s) - (s > 0 ? 1 : -1)) / variance.squareRoot()
    }

    /// How much autocorrelation inflates the Mann–Kendall variance (Hamed and Rao, 1998): 1 for
    /// independent points, more for a series that wanders (a temperature that drifts up and
    /// back over an hour is no trend, but its minute means rise in long runs). Worked out on the
    /// ranks of the residuals from the trend line (`slopePerMinute` a minute, `points` in time
    /// order), from the lags whose autocorrelation is significant at 5 %; never below 1.
    public static func varianceInflation(_ points: [(t: Timestamp, value: Double)], slopePerMinute: Double) -> Double {
        let n = points.count
        guard n >= 4, let origin = points.first?.t else { return 1 }
        let residuals = points.map { $0.value - slopePerMinute * Double($0.t &- origin) / 60e9 }
        // Ranks, ties (within rounding) sharing their mean rank.
        let order = residuals.indices.sorted { residuals[$0] < residuals[$1] }
        var ranks = [Double](repeating: 0, count: n)
        var k = 0
        while k < n {
            var j = k
            let v = residuals[order[k]]
            while j + 1 < n && residuals[order[j + 1]] - v <= 1e-9 * max(1, abs(v)) { j += 1 }
            for m in k...j { ranks[order[m]] = Double(k + j) / 2 + 1 }
            k = j + 1
        }
        let mean = Double(n + 1) / 2
        let centred = ranks.map { $0 - mean }
        let denominator = centred.reduce(0) { $0 + $1 * $1 }
        guard denominator > 0 else { return 1 }
        let nd = Double(n)
        let bound = 1.96 / nd.squareRoot()
        var sum = 0.0
        for lag in 1..<(n - 2) {
            var c = 0.0
            for i in 0..<(n - lag) { c += centred[i] * centred[i + lag] }
            let rho = c / denominator
            guard abs(rho) > bound else { continue }
            let l = Double(lag)
            sum += (nd - l) * (nd - l - 1) * (nd - l - 2) * rho
        }
        return max(1, 1 + 2 / (nd * (nd - 1) * (nd - 2)) * sum)
    }

    /// The median, reordering `values` (the mean of the middle two for an even count).
    static func median(_ values: inout [Double]) -> Double {
        values.sort()
        let n = values.count
        return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2
    }

    /// Seconds from `at` until the trend line reaches `limit`, when it is heading there (nil
    /// when it is flat or heading away); 0 when the line is past the limit already.
    public func secondsUntil(_ limit: Double, above: Bool) -> Double? {
        let towards = above ? slope > 0 : slope < 0
        if above ? level >= limit : level <= limit { return towards ? 0 : nil }
        guard towards else { return nil }
        return (limit - level) / slope
    }
}
