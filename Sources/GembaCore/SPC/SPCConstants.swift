import Foundation

/// The control chart constants for subgroups of 2 to 25, as tabulated in Montgomery's
/// *Introduction to Statistical Quality Control* (Appendix VI) and the NIST/SEMATECH
/// e-Handbook: d2 and d3 (mean and standard deviation of the range of n normal readings in
/// units of σ), c4 (the bias of the sample standard deviation), and the limits built from
/// them (A2, D3, D4 for X̄-R charts; A3, B3, B4 for X̄-S charts).
///
/// d2, d3 and c4 are the published values; the rest follow from them as the books define
/// them (A2 = 3 / (d2 √n), D3,4 = 1 ∓ 3 d3 / d2, A3 = 3 / (c4 √n), B3,4 = 1 ∓ 3 √(1 − c4²) / c4,
/// with D3 and B3 held at 0), and `SPCConstantsTests` checks them against the books' tables.
public struct SPCConstants: Sendable, Equatable {
    public let n: Int
    public let d2: Double
    public let d3: Double
    public let c4: Double

    public static let sizes = 2...25

    /// The constants for subgroups of `n` (2...25); nil outside it.
    public init?(n: Int) {
        guard Self.sizes.contains(n) else { return nil }
        self.n = n
        (d2, d3) = Self.range[n - 2]
        c4 = Self.c4(n)
    }

    public var a2: Double { 3 / (d2 * Double(n).squareRoot()) }
    public var d3Lower: Double { max(0, 1 - 3 * d3 / d2) }
    public var d4: Double { 1 + 3 * d3 / d2 }
    public var a3: Double { 3 / (c4 * Double(n).squareRoot()) }
    public var b3: Double { max(0, 1 - 3 * (1 - c4 * c4).squareRoot() / c4) }
    public var b4: Double { 1 + 3 * (1 - c4 * c4).squareRoot() / c4 }

    /// c4(n) = √(2 / (n − 1)) Γ(n / 2) / Γ((n − 1) / 2), exactly.
    public static func c4(_ n: Int) -> Double {
        let m = Double(n)
        return (2 / (m - 1)).squareRoot() * exp(lgamma(m / 2) - lgamma((m - 1) / 2))
    }

    /// (d2, d3) for n = 2...25, to four places (the books print three; their D3 and D4 are
    /// worked from these).
    static let range: [(Double, Double)] = [
        (1.1284, 0.8525), (1.6926, 0.8884), (2.0588, 0.8798), (2.3259, 0.8641), (2.5344, 0.8480), (2.7044, 0.8332),
        (2.8472, 0.8198), (2.9700, 0.8078), (3.0775, 0.7971), (3.1729, 0.7873), (3.2585, 0.7785), (3.3360, 0.7704),
        (3.4068, 0.7630), (3.4718, 0.7562), (3.5320, 0.7499), (3.5879, 0.7441), (3.6401, 0.7386), (3.6890, 0.7335),
        (3.7350, 0.7287), (3.7783, 0.7242), (3.8194, 0.7199), (3.8583, 0.7159), (3.8953, 0.7121), (3.9306, 0.7084),
    ]
}
