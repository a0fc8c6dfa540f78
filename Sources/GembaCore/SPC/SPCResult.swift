/// `gemba spc`'s answer: a characteristic's chart over a window, `{"id","chart","center","ucl",
/// "lcl","points":[{"t","value","violations"}],"cp","cpk","pp","ppk"}`, with the dispersion
/// chart's limits under `"dispersion"` (X̄-R, X̄-S; the moving range for individuals). Points
/// in time order, each `t` an ISO 8601 UTC time. Limits are null until the baseline is in.
public struct SPCResult: Sendable, Equatable, Codable {
    public var id: String
    public var chart: String
    public var machine: String?
    public var value: String?
    public var from: String
    public var to: String
    public var center: Double?
    public var ucl: Double?
    public var lcl: Double?
    /// Why there are no limits yet (the baseline is not over, or could not give limits).
    public var limitsNote: String?
    public var lsl: Double?
    public var usl: Double?
    public var points: [Point]
    public var cp: Double?
    public var cpk: Double?
    public var pp: Double?
    public var ppk: Double?
    public var dispersion: SPCLimits.Dispersion?

    public struct Point: Sendable, Equatable, Codable {
        public var t: String
        public var value: Double
        /// The readings in the point (its subgroup's size).
        public var n: Int
        /// The subgroup's range or standard deviation, or the moving range.
        public var dispersion: Double?
        /// EWMA: that point's limits; CUSUM: the upper and lower sums.
        public var ucl: Double?
        public var lcl: Double?
        public var upper: Double?
        public var lower: Double?
        public var violations: [String]

        public init(_ p: SPCPoint, n: Int) {
            t = ISOTime.format(p.t)
            value = p.value
            self.n = n
            dispersion = p.dispersion
            ucl = p.ucl
            lcl = p.lcl
            upper = p.upper
            lower = p.lower
            violations = p.violations
        }

        enum CodingKeys: String, CodingKey {
            case t, value, n, dispersion, ucl, lcl, upper, lower, violations
        }
    }

    public init(
        id: String, chart: String, machine: String?, value: String?, from: String, to: String, limits: SPCLimits?, limitsNote: String?,
        lsl: Double?, usl: Double?, points: [Point], capability: SPCCapability
    ) {
        self.id = id
        self.chart = chart
        self.machine = machine
        self.value = value
        self.from = from
        self.to = to
        center = limits?.center
        ucl = limits?.ucl
        lcl = limits?.lcl
        self.limitsNote = limitsNote
        self.lsl = lsl
        self.usl = usl
        self.points = points
        cp = capability.cp
        cpk = capability.cpk
        pp = capability.pp
        ppk = capability.ppk
        dispersion = limits?.dispersion
    }

    enum CodingKeys: String, CodingKey {
        case id, chart, machine, value, from, to, center, ucl, lcl, lsl, usl, points, cp, cpk, pp, ppk, dispersion
        case limitsNote = "limits_note"
    }
}

/// `gemba measure`'s answer: the point the subgroup made and how it was judged.
public struct MeasureResult: Sendable, Equatable, Codable {
    public var characteristic: String
    public var t: String
    public var n: Int
    public var mean: Double
    /// Rules the point broke (empty: in control; null: not judged, the limits are not known yet).
    public var violations: [String]?
    public var audit: Int64

    public init(characteristic: String, t: String, n: Int, mean: Double, violations: [String]?, audit: Int64) {
        self.characteristic = characteristic
        self.t = t
        self.n = n
        self.mean = mean
        self.violations = violations
        self.audit = audit
    }
}
