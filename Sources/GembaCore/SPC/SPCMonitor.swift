/// The daemon's SPC as readings arrive: readings grouped into subgroups, each complete
/// subgroup a point, limits worked out once the baseline is in, each point after it checked
/// against the characteristic's rules, and what the alarms should say about it.
///
/// Pure and synchronous, like the alarm engine it feeds: the daemon calls it under the
/// floor's lock with each sample's values, with each measurement and with the clock.
public struct SPCMonitor: Sendable {
    struct Watch: Sendable {
        var c: SPCCharacteristic
        /// The subgroup being filled, and the window it belongs to (time windows).
        var open: [Double] = []
        var openWindow: Timestamp?
        var openLast: Timestamp = .min
        var limits: SPCLimits?
        /// Why limits could not be worked out from the baseline (nil: they could, or not yet).
        var refusal: String?
        var baseline: [SPCStoredPoint] = []
        /// The plotted values since the limits, the last few (the longest rule looks back 15).
        var recent: [Double] = []
        var ewma: Double?
        var ewmaPoints = 0
        var cPlus = 0.0
        var cMinus = 0.0
        /// Points in a row that broke no rule.
        var inControl = 0
    }

    /// How many points in a row must break no rule before a characteristic's alarm clears:
    /// one point in control between two that break a rule would make the alarm chatter.
    public static let clearAfter = 3

    /// What one point came to: the point as charted, and its violations (empty: in control).
    public struct Outcome: Sendable, Equatable {
        public var characteristic: String
        public var alarmID: String
        public var point: SPCPoint
        /// False before the limits are known (a baseline point): the alarm is left as it is.
        public var judged: Bool
        public var detail: String
        /// What the alarm's condition becomes: active (a rule broken), clear (`clearAfter`
        /// points in a row in control), or nil (left as it is).
        public var condition: Bool?
    }

    private var watches: [Watch]
    private var byMachine: [String: [Int]] = [:]
    private var byID: [String: Int] = [:]
    private var toStore: [SPCStoredPoint] = []

    public init(_ characteristics: [SPCCharacteristic]) {
        watches = characteristics.map { c in
            var w = Watch(c: c)
            if case .fixed = c.limits { w.limits = try? c.limits(from: []) }  // fixed limits never refuse
            return w
        }
        for (i, w) in watches.enumerated() {
            byID[w.c.id] = i
            if let m = w.c.machine, w.c.value != nil { byMachine[m, default: []].append(i) }
        }
    }

    public var isEmpty: Bool { watches.isEmpty }

    /// Whether any characteristic samples a value of machine `machine`.
    public func watches(machine: String) -> Bool { byMachine[machine] != nil }

    public func characteristic(_ id: String) -> SPCCharacteristic? { byID[id].map { watches[$0].c } }

    /// The limits in force (nil until the baseline is in), or why there are none.
    public func limits(of id: String) -> (limits: SPCLimits?, refusal: String?) {
        guard let i = byID[id] else { return (nil, nil) }
        return (watches[i].limits, watches[i].refusal)
    }

    /// Points stored before a restart: the baseline's (for limits) and the last few (for
    /// the runs the rules look back over), oldest first.
    public mutating func restore(_ id: String, baseline: [SPCStoredPoint], recent: [SPCStoredPoint]) {
        guard let i = byID[id] else { return }
        for p in baseline { _ = take(i, p) }
        for p in recent where !baseline.contains(p) { _ = take(i, p) }
    }

    /// A sample's process values of machine `machine`.
    public mutating func observe(machine: String, values: [ProcessValue], at now: Timestamp) -> [Outcome] {
        guard let watching = byMachine[machine] else { return [] }
        var out: [Outcome] = []
        for i in watching {
            guard let name = watches[i].c.value, let v = values.first(where: { $0.name == name }) else { continue }
            out += add(i, v.value, at: v.at)
        }
        return out
    }

    /// A measured subgroup (`gemba measure`), stored by the caller with its audit record.
    public mutating func measure(_ id: String, readings: [Double], at now: Timestamp) -> Outcome? {
        guard let i = byID[id] else { return nil }
        return take(i, SPCStoredPoint(characteristic: id, t: now, readings: readings))
    }

    /// Time windows that ended by `now` close into points even if their value fell silent.
    public mutating func tick(now: Timestamp) -> [Outcome] {
        var out: [Outcome] = []
        for i in watches.indices {
            guard case .window(let seconds) = watches[i].c.subgroup, let start = watches[i].openWindow, !watches[i].open.isEmpty else { continue }
            if now >= start.clampedAdding(Nanos.from(seconds: seconds)) { out += close(i).map { [$0] } ?? [] }
        }
        return out
    }

    /// Points of `id` waiting for `drain`.
    public func pending(_ id: String) -> [SPCStoredPoint] { toStore.filter { $0.characteristic == id } }

    /// The points of sampled values to store since the last call.
    public mutating func drain() -> [SPCStoredPoint] {
        defer { toStore.removeAll(keepingCapacity: true) }
        return toStore
    }

    private mutating func add(_ i: Int, _ value: Double, at t: Timestamp) -> [Outcome] {
        guard value.isFinite else { return [] }
        var out: [Outcome] = []
        switch watches[i].c.subgroup {
        case .count(let n):
            watches[i].open.append(value)
            watches[i].openLast = t
            if watches[i].open.count >= n, let o = close(i) { out.append(o) }
        case .window(let seconds):
            let step = max(Nanos.perSecond, Nanos.from(seconds: seconds))
            let window = HistoryBuckets(step: step).start(of: t)
            if let open = watches[i].openWindow, open != window, !watches[i].open.isEmpty, let o = close(i) { out.append(o) }
            watches[i].openWindow = window
            watches[i].open.append(value)
            watches[i].openLast = t
        }
        return out
    }

    /// The open subgroup as a point: stored, and judged.
    private mutating func close(_ i: Int) -> Outcome? {
        let w = watches[i]
        guard !w.open.isEmpty else { return nil }
        // A count subgroup is stamped with its last reading, a window with its start.
        let t = w.openWindow ?? w.openLast
        let point = SPCStoredPoint(characteristic: w.c.id, t: t, readings: w.open)
        watches[i].open.removeAll(keepingCapacity: true)
        watches[i].openWindow = nil
        toStore.append(point)
        return take(i, point)
    }

    /// One point: into the baseline while the limits are not known, judged once they are.
    private mutating func take(_ i: Int, _ p: SPCStoredPoint) -> Outcome {
        let c = watches[i].c
        // A baseline point sets the limits; it is not judged by them.
        var inBaseline = false
        if watches[i].limits == nil {
            switch c.limits {
            case .baseline(let from, let to):
                if p.t >= from && p.t < to {
                    watches[i].baseline.append(p)
                    inBaseline = true
                } else if p.t >= to {
                    settle(i)
                }
            case .firstPoints:
                watches[i].baseline.append(p)
                inBaseline = true
                if watches[i].baseline.count >= SPCCharacteristic.autoBaseline { settle(i) }
            case .fixed:
                break
            }
        }
        var point = SPCPoint(t: p.t, value: p.mean)
        guard let limits = watches[i].limits, !inBaseline else {
            return Outcome(characteristic: c.id, alarmID: c.alarmID, point: point, judged: false, detail: "", condition: nil)
        }
        switch c.chart {
        case .ewma:
            let z = c.lambda * p.mean + (1 - c.lambda) * (watches[i].ewma ?? limits.center)
            watches[i].ewma = z
            watches[i].ewmaPoints += 1
            var factor = 1.0
            for _ in 0..<min(watches[i].ewmaPoints, 200) { factor *= (1 - c.lambda) * (1 - c.lambda) }
            let spread = c.width * limits.sigma * (c.lambda / (2 - c.lambda) * (1 - factor)).squareRoot()
            point.value = z
            point.ucl = limits.center + spread
            point.lcl = limits.center - spread
            if z > limits.center + spread || z < limits.center - spread { point.violations = ["ewma"] }
        case .cusum:
            let allowance = c.k * limits.sigma
            watches[i].cPlus = max(0, p.mean - (limits.center + allowance) + watches[i].cPlus)
            watches[i].cMinus = max(0, (limits.center - allowance) - p.mean + watches[i].cMinus)
            point.upper = watches[i].cPlus
            point.lower = -watches[i].cMinus
            if watches[i].cPlus > c.h * limits.sigma || watches[i].cMinus > c.h * limits.sigma { point.violations = ["cusum"] }
        case .individuals, .xbarR, .xbarS:
            watches[i].recent.append(p.mean)
            if watches[i].recent.count > 15 { watches[i].recent.removeFirst(watches[i].recent.count - 15) }
            let x = watches[i].recent
            let above = (limits.ucl - limits.center) / 3
            let below = (limits.center - limits.lcl) / 3
            for rule in c.rules where rule.violation(at: x.count - 1, in: x, center: limits.center, sigma: above, sigmaBelow: below) != nil {
                point.violations.append(rule.rawValue)
            }
        }
        let detail =
            point.violations.isEmpty
            ? ""
            : point.violations.map { v in SPCRule(rawValue: v).map { "\(v) (\($0.summary))" } ?? v }.joined(separator: ", ")
                + " at \(ISOTime.format(p.t)), "
                + (c.chart == .ewma ? "EWMA " : c.chart == .cusum ? "reading " : "point ") + DurationText.number((point.value * 1e4).rounded() / 1e4)
        watches[i].inControl = point.violations.isEmpty ? watches[i].inControl + 1 : 0
        let condition: Bool? = !point.violations.isEmpty ? true : watches[i].inControl == Self.clearAfter ? false : nil
        return Outcome(characteristic: c.id, alarmID: c.alarmID, point: point, judged: true, detail: detail, condition: condition)
    }

    /// Works the limits out from the baseline collected.
    private mutating func settle(_ i: Int) {
        do throws(SPCLimits.Refusal) {
            let limits = try watches[i].c.limits(from: watches[i].baseline)
            guard [limits.center, limits.ucl, limits.lcl, limits.sigma].allSatisfy(\.isFinite), limits.sigma > 0 else {
                throw SPCLimits.Refusal(description: "the baseline gives no spread to set limits by (σ \(limits.sigma))")
            }
            watches[i].limits = limits
            watches[i].refusal = nil
        } catch {
            watches[i].refusal = "limits of \(watches[i].c.id) not worked out: \(error.description)"
        }
        watches[i].baseline = []
    }
}
