/// Which way short stops are booked: ISO 22400-2 keeps every stop an
/// availability loss; the Nakajima/oee.com convention moves stops shorter than
/// the micro-stop threshold into the performance loss. OEE is the same in both.
public enum OEEConvention: String, Sendable, Codable, CaseIterable {
    case iso
    case nakajima
}

/// Seconds per bucket of the ISO 22400-2 time model for one window.
public struct OEETime: Sendable, Equatable, Codable {
    /// POT: time inside shifts.
    public var plannedOperation: Double = 0
    /// Breaks and `planned_stop` inside shifts.
    public var plannedDown: Double = 0
    /// PBT = POT − planned downtime.
    public var plannedBusy: Double = 0
    /// APT: `running`.
    public var production: Double = 0
    /// AUST: `setup`.
    public var setup: Double = 0
    /// ADET: `down`, `starved`, `blocked`.
    public var delay: Double = 0
    /// ADOT: `idle`.
    public var idle: Double = 0
    /// No data: the machine was silent or had not reported yet. A loss, never hidden.
    public var offline: Double = 0
    /// Stops shorter than the micro-stop threshold (inside `delay` and `idle`).
    public var microStops: Double = 0
    /// PRI·PQ: the time the quantity produced needed at the ideal rate.
    public var netProduction: Double = 0
    /// PRI·GQ: fully productive time.
    public var fullyProductive: Double = 0

    public init() {}

    enum CodingKeys: String, CodingKey {
        case plannedOperation = "planned_operation"
        case plannedDown = "planned_down"
        case plannedBusy = "planned_busy"
        case production, setup, delay, idle, offline
        case microStops = "micro_stops"
        case netProduction = "net_production"
        case fullyProductive = "fully_productive"
    }

    static func + (a: OEETime, b: OEETime) -> OEETime {
        var r = OEETime()
        r.plannedOperation = a.plannedOperation + b.plannedOperation
        r.plannedDown = a.plannedDown + b.plannedDown
        r.plannedBusy = a.plannedBusy + b.plannedBusy
        r.production = a.production + b.production
        r.setup = a.setup + b.setup
        r.delay = a.delay + b.delay
        r.idle = a.idle + b.idle
        r.offline = a.offline + b.offline
        r.microStops = a.microStops + b.microStops
        r.netProduction = a.netProduction + b.netProduction
        r.fullyProductive = a.fullyProductive + b.fullyProductive
        return r
    }
}

/// Quantities of a window: PQ, GQ = PQ − SQ, SQ.
public struct OEECounts: Sendable, Equatable, Codable {
    public var total: Int64 = 0
    public var good: Int64 = 0
    public var reject: Int64 = 0

    public init(total: Int64 = 0, reject: Int64 = 0) {
        self.total = total
        self.reject = reject
        self.good = total - reject
    }
}

/// OEE of one machine, line or plant over one window, with everything that makes
/// it up. A factor whose denominator is zero is `nil` (JSON `null`, `—` on
/// screen), never 0, 100 % or NaN. No intermediate rounding anywhere.
public struct OEEResult: Sendable, Equatable, Codable {
    public var scope: String
    public var from: String
    public var to: String
    public var convention: OEEConvention
    /// True while the window has not ended: the figures will still change.
    public var provisional: Bool
    public var availability: Double?
    public var performance: Double?
    public var quality: Double?
    public var oee: Double?
    public var time: OEETime
    public var counts: OEECounts
    /// Seconds per unit; `nil` for a line or plant mixing machines of different rates.
    public var idealCycleTime: Double?
    /// Warnings a person should see, e.g. `performance_over_100` (ideal cycle time set too long).
    public var flags: [String]

    public init(
        scope: String, from: String, to: String, convention: OEEConvention, provisional: Bool, availability: Double?,
        performance: Double?, quality: Double?, oee: Double?, time: OEETime, counts: OEECounts, idealCycleTime: Double?,
        flags: [String]
    ) {
        self.scope = scope
        self.from = from
        self.to = to
        self.convention = convention
        self.provisional = provisional
        self.availability = availability
        self.performance = performance
        self.quality = quality
        self.oee = oee
        self.time = time
        self.counts = counts
        self.idealCycleTime = idealCycleTime
        self.flags = flags
    }

    enum CodingKeys: String, CodingKey {
        case scope, from, to, convention, provisional, availability, performance, quality, oee, time, counts, flags
        case idealCycleTime = "ideal_cycle_time"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(scope, forKey: .scope)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(convention, forKey: .convention)
        try c.encode(provisional, forKey: .provisional)
        try c.encode(availability, forKey: .availability)
        try c.encode(performance, forKey: .performance)
        try c.encode(quality, forKey: .quality)
        try c.encode(oee, forKey: .oee)
        try c.encode(time, forKey: .time)
        try c.encode(counts, forKey: .counts)
        try c.encode(idealCycleTime, forKey: .idealCycleTime)
        try c.encode(flags, forKey: .flags)
    }
}
