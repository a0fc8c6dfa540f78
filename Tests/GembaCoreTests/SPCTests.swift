import Foundation
import Testing

@testable import GembaCore

/// Control charts against the books: the constants against their tables (and d2, d3 against
/// the integrals that define them), Montgomery's piston-ring and viscosity examples worked
/// through, and each run rule with a series built to trip it and one built not to.
struct SPCTests {
    // MARK: Constants

    /// d2 = E[R] and d3 = sd(R) of the range of n standard normal readings, by integration
    /// (Tippett): an oracle independent of the table.
    static func rangeMoments(_ n: Int) -> (Double, Double) {
        func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.squareRoot()) }
        let step = 0.02
        let grid = stride(from: -8.0, through: 8.0, by: step).map { $0 }
        let cdf = grid.map(phi)
        let nn = Double(n)
        var d2 = 0.0
        for f in cdf { d2 += (1 - pow(f, nn) - pow(1 - f, nn)) * step }
        var second = 0.0
        for j in grid.indices {
            // x < y: the cells below the diagonal, and half of each cell on it.
            for i in 0...j {
                let f = 1 - pow(cdf[j], nn) - pow(1 - cdf[i], nn) + pow(cdf[j] - cdf[i], nn)
                second += f * step * step * (i == j ? 0.5 : 1)
            }
        }
        return (d2, (2 * second - d2 * d2).squareRoot())
    }

    @Test func theConstantsAreTheBooksAndTheIntegralsAgree() {
        for n in [2, 3, 5, 8, 12, 25] {
            let c = SPCConstants(n: n)!
            let (d2, d3) = Self.rangeMoments(n)
            #expect(abs(c.d2 - d2) < 0.002, "d2(\(n)) \(c.d2) vs \(d2)")
            #expect(abs(c.d3 - d3) < 0.004, "d3(\(n)) \(c.d3) vs \(d3)")
        }
        func near(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 0.0015 }
        let five = SPCConstants(n: 5)!
        #expect(near(five.a2, 0.577) && near(five.d4, 2.114) && five.d3Lower == 0)
        #expect(near(five.c4, 0.9400) && near(five.a3, 1.427) && near(five.b4, 2.089) && five.b3 == 0)
        #expect(near(SPCConstants(n: 2)!.d4, 3.267) && near(SPCConstants(n: 2)!.a2, 1.880) && near(SPCConstants(n: 2)!.c4, 0.7979))
        #expect(near(SPCConstants(n: 7)!.d3Lower, 0.076) && near(SPCConstants(n: 6)!.b3, 0.030))
        #expect(near(SPCConstants(n: 10)!.a3, 0.975) && near(SPCConstants(n: 25)!.c4, 0.9896) && near(SPCConstants(n: 25)!.b4, 1.435))
        #expect(SPCConstants(n: 1) == nil && SPCConstants(n: 26) == nil)
    }

    // MARK: Montgomery's examples

    static func pistonRings() throws -> [[Double]] {
        try Fixtures.text("spc/pistonrings.txt").split(separator: "\n").filter { !$0.hasPrefix("#") }
            .map { $0.split(separator: " ").map { Double($0)! } }
    }

    @Test func pistonRingsXbarRAndXbarS() throws {
        let rings = try Self.pistonRings()
        #expect(rings.count == 40)
        let phaseI = Array(rings.prefix(25))
        let r = try SPCLimits.xbarR(phaseI)
        // As the book rounds them: X̿ = 74.001, limits 74.014 and 73.988; the R chart's upper 0.048.
        #expect(abs(r.center - 74.001) < 0.0005 && abs(r.ucl - 74.014) < 0.0005 && abs(r.lcl - 73.988) < 0.0005)
        #expect(abs(r.dispersion!.center - 0.02276) < 0.00001 && abs(r.dispersion!.ucl - 0.0481) < 0.0001 && r.dispersion!.lcl == 0)
        let s = try SPCLimits.xbarS(phaseI)
        #expect(abs(s.ucl - 74.014) < 0.0005 && abs(s.lcl - 73.988) < 0.0005)
        #expect(abs(s.dispersion!.center - 0.00924) < 0.00001 && abs(s.dispersion!.ucl - 0.0193) < 0.0001)
        // Phase II against phase I's limits: the process moved up; samples 37, 38 and 39 are above the limit.
        let chart = SPCEvaluation(chart: .xbarR, limits: r, rules: [.we1])
        let points = chart.points(rings.enumerated().map { (t: Timestamp($0.offset), readings: $0.element) })
        #expect(points.enumerated().filter { $0.element.violations == ["we1"] }.map { $0.offset + 1 } == [37, 38, 39])
        #expect(abs(points[0].value - 74.0102) < 0.00001 && abs(points[0].dispersion! - 0.038) < 1e-9)
        // Capability against 74.000 ± 0.05 from phase I: σ within R̄/d2.
        let cap = SPCCapability(readings: phaseI.flatMap { $0 }, sigmaWithin: r.sigmaWithin, lsl: 73.95, usl: 74.05)
        #expect(abs(cap.cp! - 1.703) < 0.001 && abs(cap.cpk! - 1.663) < 0.001 && abs(cap.pp! - 1.655) < 0.001 && abs(cap.ppk! - 1.616) < 0.001)
        // One-sided: Cpk from the side given, no Cp.
        let upper = SPCCapability(readings: phaseI.flatMap { $0 }, sigmaWithin: r.sigmaWithin, lsl: nil, usl: 74.05)
        #expect(upper.cp == nil && upper.cpk != nil)
        #expect(throws: SPCLimits.Refusal.self) { try SPCLimits.xbarR([[1, 2, 3], [1, 2]]) }
    }

    @Test func viscosityIndividualsAndMovingRange() throws {
        let v = try Fixtures.text("spc/viscosity.txt").split(separator: "\n").filter { !$0.hasPrefix("#") }.map { Double($0)! }
        let limits = try SPCLimits.individuals(Array(v.prefix(20)))
        #expect(abs(limits.center - 34.088) < 1e-9)
        #expect(abs(limits.dispersion!.center - 0.57263) < 0.00001)
        #expect(abs(limits.ucl - 35.611) < 0.001 && abs(limits.lcl - 32.565) < 0.001 && abs(limits.dispersion!.ucl - 1.8705) < 0.0002)
        let points = SPCEvaluation(chart: .individuals, limits: limits, rules: [.nelson1]).points(
            v.enumerated().map { (t: Timestamp($0.offset), readings: [$0.element]) })
        #expect(points.enumerated().filter { !$0.element.violations.isEmpty }.map { $0.offset + 1 } == [4])
        #expect(points[0].dispersion == nil && abs(points[1].dispersion! - 0.35) < 1e-9)
    }

    // MARK: Rules, each tripped and each not

    /// The rules on a chart centred at 0 with σ 1 (limits ±3).
    static func fired(_ rule: SPCRule, _ series: [Double]) -> [Int] {
        let chart = SPCEvaluation(chart: .individuals, limits: .fixed(center: 0, ucl: 3, lcl: -3), rules: [rule])
        return chart.points(series.enumerated().map { (t: Timestamp($0.offset), readings: [$0.element]) }).enumerated()
            .filter { $0.element.violations == [rule.rawValue] }.map(\.offset)
    }

    @Test(
        arguments: [
            // (rule, a series that trips it at the given points, a series that does not)
            (SPCRule.we1, [0, 1, 3.2, 0, -3.5], [3, 2.9, -3, -2.99], [2, 4]),
            (.nelson1, [0.5, -3.01], [2.99], [1]),
            (.we2, [2.5, 0, 2.1, -2.5], [2.5, 0, 0, 2.1, -2.1, 0, 2.5], [2]),
            (.nelson5, [-2.5, -2.2, 1], [2.5, -2.5, 1.9, 2.5], [1]),
            (.we3, [1.5, 1.2, 0, 1.1, 1.9], [1.5, 1.2, 0, -1.1, 1.9, 0.5], [4]),
            (.nelson6, [-1.5, -1.2, -1.1, -1.9], [1.5, 1.2, 0.9, 1.9], [3]),
            (.we4, [0.1, 0.2, 0.1, 0.3, 0.1, 0.2, 0.1, 0.4, 0.2], [0.1, 0.2, 0.1, 0.3, 0, 0.2, 0.1, 0.4, 0.2], [7, 8]),
            (.nelson2, Array(repeating: -0.1, count: 9), Array(repeating: -0.1, count: 8) + [0.1], [8]),
            (.nelson3, [0, 0.1, 0.2, 0.3, 0.4, 0.5], [0, 0.1, 0.2, 0.2, 0.4, 0.5], [5]),
            (.nelson4, (0..<14).map { $0 % 2 == 0 ? 0.5 : -0.5 }, (0..<13).map { $0 % 2 == 0 ? 0.5 : -0.5 } + [0.6], [13]),
            (.nelson7, Array(repeating: 0.5, count: 15), Array(repeating: 0.5, count: 14) + [1.5], [14]),
            (.nelson8, [1.5, -1.5, 1.2, -2, 1.1, -1.1, 2.5, -1.3], Array(repeating: 1.5, count: 8), [7]),
        ] as [(SPCRule, [Double], [Double], [Int])])
    func eachRuleFiresOnItsPatternAndNotOnANearMiss(_ rule: SPCRule, trips: [Double], near: [Double], at: [Int]) {
        #expect(Self.fired(rule, trips) == at, "\(rule) on \(trips)")
        #expect(Self.fired(rule, near).isEmpty, "\(rule) on \(near)")
    }

    @Test func ewmaAndCusumSeeASmallShiftTheShewhartChartMisses() {
        // A shift of 1σ after 10 points: no point beyond 3σ, but EWMA (λ 0.1, L 2.7) and
        // CUSUM (k 0.5, h 4) signal within a dozen points (Montgomery's ARL tables: about 10).
        let series = Array(repeating: 0.0, count: 10) + Array(repeating: 1.0, count: 20)
        let limits = SPCLimits.fixed(center: 0, ucl: 3, lcl: -3)
        let readings = series.enumerated().map { (t: Timestamp($0.offset), readings: [$0.element]) }
        #expect(SPCEvaluation(chart: .individuals, limits: limits, rules: [.we1]).points(readings).allSatisfy { $0.violations.isEmpty })
        let ewma = SPCEvaluation(chart: .ewma, limits: limits, rules: [], lambda: 0.1, width: 2.7).points(readings)
        let firstEWMA = ewma.firstIndex { $0.violations == ["ewma"] }
        #expect(firstEWMA.map { (11...22).contains($0) } == true)
        // The first point's limits are the narrowest: L σ √(λ (1 − (1 − λ)²) / (2 − λ)) = 0.27.
        #expect(abs(ewma[0].ucl! - 0.27) < 1e-9)
        let cusum = SPCEvaluation(chart: .cusum, limits: limits, rules: [], k: 0.5, h: 4).points(readings)
        // C+ grows by 0.5 a point from the shift: beyond 4 at the 9th point after it.
        #expect(cusum.firstIndex { $0.violations == ["cusum"] } == 18)
        #expect(cusum[12].upper == 1.5 && cusum[12].lower == 0)
    }
}
