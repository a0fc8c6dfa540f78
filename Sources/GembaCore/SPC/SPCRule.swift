/// The run rules a characteristic is watched by (`rules:`): the Western Electric rules as the
/// *Statistical Quality Control Handbook* (1956) gives them and Nelson's eight (*Journal of
/// Quality Technology*, 1984). Zones are measured from the centre line in σ of the plotted
/// statistic: zone C within 1σ, B from 1 to 2σ, A from 2 to 3σ.
///
/// Each rule is evaluated as a point arrives, on the points up to it; it fires at the point
/// that completes its pattern (a point that only continues a pattern already seen fires again,
/// so a run of 10 on one side fires `nelson2` at the 9th and the 10th).
public enum SPCRule: String, Sendable, Codable, CaseIterable {
    /// One point beyond 3σ.
    case we1
    /// Two of three consecutive points beyond 2σ, on the same side.
    case we2
    /// Four of five consecutive points beyond 1σ, on the same side.
    case we3
    /// Eight consecutive points on the same side of the centre line.
    case we4
    /// One point beyond 3σ.
    case nelson1
    /// Nine points in a row on the same side of the centre line.
    case nelson2
    /// Six points in a row steadily increasing or steadily decreasing.
    case nelson3
    /// Fourteen points in a row alternating up and down.
    case nelson4
    /// Two of three points in a row beyond 2σ, on the same side.
    case nelson5
    /// Four of five points in a row beyond 1σ, on the same side.
    case nelson6
    /// Fifteen points in a row within 1σ, on either side.
    case nelson7
    /// Eight points in a row beyond 1σ, on both sides, none within 1σ.
    case nelson8

    /// What the rule looks for, in words for an alarm message.
    public var summary: String {
        switch self {
        case .we1, .nelson1: return "a point beyond 3σ"
        case .we2, .nelson5: return "2 of 3 points beyond 2σ on one side"
        case .we3, .nelson6: return "4 of 5 points beyond 1σ on one side"
        case .we4: return "8 points in a row on one side of the centre"
        case .nelson2: return "9 points in a row on one side of the centre"
        case .nelson3: return "6 points in a row steadily rising or falling"
        case .nelson4: return "14 points in a row alternating up and down"
        case .nelson7: return "15 points in a row within 1σ"
        case .nelson8: return "8 points in a row beyond 1σ, none within"
        }
    }

    /// How many points the rule looks back over.
    public var span: Int {
        switch self {
        case .we1, .nelson1: return 1
        case .we2, .nelson5: return 3
        case .we3, .nelson6: return 5
        case .we4, .nelson8: return 8
        case .nelson2: return 9
        case .nelson3: return 6
        case .nelson4: return 14
        case .nelson7: return 15
        }
    }

    /// The points (indices into `x`) of the pattern this rule finds completed at point `i`,
    /// or nil. `center` and `sigma` place the zones; `sigmaBelow` (when the limits are not
    /// symmetric, as fixed ones may be) measures the zones below the centre.
    public func violation(at i: Int, in x: [Double], center: Double, sigma: Double, sigmaBelow: Double? = nil) -> [Int]? {
        // "2 of 3" and "4 of 5" may be met before there are 3 or 5 points; the runs may not.
        let partial = self == .we2 || self == .nelson5 || self == .we3 || self == .nelson6
        guard i >= (partial ? 0 : span - 1), i < x.count, sigma > 0 else { return nil }
        let down = sigmaBelow ?? sigma
        /// Distance from the centre in σ of its side: positive above, negative below.
        func z(_ k: Int) -> Double { x[k] >= center ? (x[k] - center) / sigma : (x[k] - center) / down }
        let window = Array(max(0, i - span + 1)...i)
        func side(_ k: Int) -> Int { x[k] > center ? 1 : x[k] < center ? -1 : 0 }
        switch self {
        case .we1, .nelson1:
            return abs(z(i)) > 3 ? [i] : nil
        case .we2, .nelson5, .we3, .nelson6:
            let (limit, need) = self == .we2 || self == .nelson5 ? (2.0, 2) : (1.0, 4)
            // The point that completes the pattern is one of those beyond, on its side.
            guard abs(z(i)) > limit else { return nil }
            let s = side(i)
            let beyond = window.filter { side($0) == s && abs(z($0)) > limit }
            return beyond.count >= need ? beyond : nil
        case .we4, .nelson2:
            let s = side(i)
            return s != 0 && window.allSatisfy { side($0) == s } ? window : nil
        case .nelson3:
            let rising = window.dropFirst().allSatisfy { x[$0] > x[$0 - 1] }
            let falling = window.dropFirst().allSatisfy { x[$0] < x[$0 - 1] }
            return rising || falling ? window : nil
        case .nelson4:
            // 13 changes between 14 points, each the other way from the one before.
            let steps = window.dropFirst().map { x[$0] - x[$0 - 1] }
            guard steps.allSatisfy({ $0 != 0 }) else { return nil }
            return zip(steps.dropFirst(), steps).allSatisfy { ($0 > 0) != ($1 > 0) } ? window : nil
        case .nelson7:
            return window.allSatisfy { abs(z($0)) < 1 } ? window : nil
        case .nelson8:
            guard window.allSatisfy({ abs(z($0)) > 1 }) else { return nil }
            return window.contains { side($0) > 0 } && window.contains { side($0) < 0 } ? window : nil
        }
    }
}
