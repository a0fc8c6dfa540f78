/// The daemon's trend-to-limit prediction: per process value that has a value alarm, the
/// minute means of the last `window`, and per such alarm whether the value's robust trend
/// (`TheilSenTrend`) reaches the limit within the `horizon`.
///
/// Pure and synchronous like the alarm engine it feeds: the daemon hands it each closed
/// minute of history and the clock, under the floor's lock.
///
/// When a prediction raises and clears:
/// - it raises when the trend heads for the limit, significantly (Mann–Kendall |z| ≥ 4: white
///   noise gets there about once in 30,000 looks), and the trend line reaches the limit within
///   the horizon;
/// - it clears when the trend turns: heading away, no longer significant (|z| < 2), or
///   reaching the limit only beyond one and a half horizons (the margins keep it from chattering);
/// - while the value's trend line is past the limit already, the value alarm speaks, and the
///   prediction is left as it is;
/// - without enough recent minutes (`PredictionConfig.minimumPoints` in the window) it clears.
public struct TrendMonitor: Sendable {
    /// One value alarm's prediction.
    public struct Watch: Sendable, Equatable {
        public var alarmID: String
        public var predictedID: String
        public var machine: String
        public var value: String
        public var limit: Double
        public var above: Bool
    }

    /// What one look at a watch came to.
    public struct Outcome: Sendable, Equatable {
        public var alarmID: String
        /// Active, clear, or nil (left as it is).
        public var condition: Bool?
        public var detail: String
        public var secondsToLimit: Double?
    }

    /// The z a trend must reach to raise a prediction, and fall below to clear it.
    public static let raiseZ = 4.0
    public static let clearZ = 2.0

    public let config: PredictionConfig
    public private(set) var watches: [Watch]
    /// Per series (machine, value): minute → (sum, count).
    private var series: [SeriesKey: [Int64: (sum: Double, count: Int64)]] = [:]
    private var active: Set<String> = []
    private var lastLook: Int64 = .min

    struct SeriesKey: Hashable, Sendable {
        var machine: String
        var value: String
    }

    /// Watches every predicted alarm among `definitions` (their value alarms are there too).
    public init(config: PredictionConfig, definitions: [AlarmDefinition]) {
        self.config = config
        let byID = Dictionary(definitions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        watches = definitions.compactMap { d in
            guard case .predicted(let of) = d.condition, let source = byID[of], let machine = source.machine,
                case .limit(let value, let kind, let limit, _) = source.condition
            else { return nil }
            return Watch(alarmID: of, predictedID: d.id, machine: machine, value: value, limit: limit, above: kind.isHigh)
        }
        for w in watches { series[SeriesKey(machine: w.machine, value: w.value)] = [:] }
    }

    public var isEmpty: Bool { watches.isEmpty }

    /// The series the monitor follows, for the daemon to restore after a restart.
    public var followed: [(machine: String, value: String)] { series.keys.map { ($0.machine, $0.value) }.sorted { ($0.0, $0.1) < ($1.0, $1.1) } }

    /// The same monitor for new definitions (a reload): the minutes of series still followed
    /// are kept, and predictions still watched keep their state.
    public func reconfigured(config: PredictionConfig, definitions: [AlarmDefinition]) -> TrendMonitor {
        var next = TrendMonitor(config: config, definitions: definitions)
        for key in next.series.keys { next.series[key] = series[key] ?? [:] }
        next.active = active.intersection(next.watches.map(\.predictedID))
        return next
    }

    /// Closed minutes of history (from the engine or the store); minutes of a series not
    /// followed are ignored, parts of one minute add up.
    public mutating func take(_ minutes: [HistoryMinute]) {
        for m in minutes where m.aggregate.count > 0 {
            let key = SeriesKey(machine: m.machine, value: m.name)
            guard series[key] != nil else { continue }
            series[key]![m.minute, default: (0, 0)].sum += m.aggregate.sum
            series[key]![m.minute, default: (0, 0)].count += m.aggregate.count
        }
    }

    /// A series' stored minutes (a restart), as the store's query gives them at one-minute steps.
    public mutating func restore(machine: String, value: String, minutes: [HistoryPoint]) {
        let key = SeriesKey(machine: machine, value: value)
        guard series[key] != nil else { return }
        for p in minutes where p.aggregate.count > 0 {
            series[key]![Nanos.minute(p.t), default: (0, 0)].sum += p.aggregate.sum
            series[key]![Nanos.minute(p.t), default: (0, 0)].count += p.aggregate.count
        }
    }

    /// Looks at every watch once a minute (the first call after a minute starts); returns what
    /// changed or should be said.
    public mutating func tick(now: Timestamp) -> [Outcome] {
        let minute = Nanos.minute(now)
        guard minute != lastLook else { return [] }
        lastLook = minute
        let from = now - Nanos.from(seconds: config.window)
        let oldest = Nanos.minute(from)
        for key in series.keys { series[key] = series[key]!.filter { $0.key >= oldest } }
        return watches.map { look($0, now: now) }
    }

    /// The trend of the series a watch follows, at `now` (nil: too few minutes).
    public func trend(machine: String, value: String, now: Timestamp) -> TheilSenTrend? {
        points(machine: machine, value: value, now: now).flatMap { TheilSenTrend($0, at: now) }
    }

    /// The minute means of a series in the window before `now`, in time order (each at its
    /// minute's middle); nil when there are fewer than the trend needs.
    func points(machine: String, value: String, now: Timestamp) -> [(t: Timestamp, value: Double)]? {
        let from = now - Nanos.from(seconds: config.window)
        let points = (series[SeriesKey(machine: machine, value: value)] ?? [:]).compactMap { m, a -> (t: Timestamp, value: Double)? in
            let t = Nanos.start(ofMinute: m) + 30 * Nanos.perSecond
            return t >= from && t <= now ? (t, a.sum / Double(a.count)) : nil
        }
        return points.count >= config.minimumPoints ? points.sorted { $0.t < $1.t } : nil
    }

    private mutating func look(_ w: Watch, now: Timestamp) -> Outcome {
        let was = active.contains(w.predictedID)
        func outcome(_ on: Bool?, _ detail: String, _ eta: Double? = nil) -> Outcome {
            if let on { if on { active.insert(w.predictedID) } else { active.remove(w.predictedID) } }
            return Outcome(alarmID: w.predictedID, condition: on, detail: detail, secondsToLimit: eta)
        }
        let limit = DurationText.number(w.limit)
        guard let points = points(machine: w.machine, value: w.value, now: now) else {
            return outcome(false, "too few recent minutes of \(w.value) on \(w.machine) for a trend")
        }
        // The signs first: most of the time a value does not trend, and the slope (a sort of
        // every pair's) is not needed.
        let z0 = TheilSenTrend.mannKendallZ(points.map(\.value))
        let z = w.above ? z0 : -z0
        guard z >= (was ? Self.clearZ : Self.raiseZ), let trend = TheilSenTrend(points, at: now) else {
            return outcome(false, "\(w.value) on \(w.machine) does not head for \(limit)")
        }
        // A series that wanders (autocorrelated noise) rises in long runs without a trend: its
        // z is judged again with the variance its runs call for.
        let corrected = z / TheilSenTrend.varianceInflation(points, slopePerMinute: trend.slope * 60).squareRoot()
        guard corrected >= (was ? Self.clearZ : Self.raiseZ) else {
            return outcome(false, "\(w.value) on \(w.machine) wanders; no trend toward \(limit)")
        }
        let towards = w.above ? trend.slope > 0 : trend.slope < 0
        let eta = trend.secondsUntil(w.limit, above: w.above)
        if let eta, eta == 0 { return outcome(nil, "\(w.value) on \(w.machine) is at its limit \(limit)", 0) }
        if towards, let eta, eta <= config.horizon * (was ? 1.5 : 1) {
            return outcome(true, "\(w.value) on \(w.machine) reaches \(limit) in \(Self.about(eta))", eta)
        }
        return outcome(
            false,
            towards
                ? "\(w.value) on \(w.machine) heads for \(limit), not within \(DurationText.format(config.horizon))"
                : "\(w.value) on \(w.machine) does not head for \(limit)", eta)
    }

    /// "about 1 h 40 m": to 5 minutes under an hour, to 10 above; "less than 5 m" below.
    public static func about(_ seconds: Double) -> String {
        let minutes = Int((seconds / 60).rounded())
        if minutes < 5 { return "less than 5 m" }
        let step = minutes < 60 ? 5 : 10
        let rounded = (minutes + step / 2) / step * step
        let h = rounded / 60
        let m = rounded % 60
        return "about " + (h > 0 ? "\(h) h" + (m > 0 ? " \(m) m" : "") : "\(m) m")
    }
}
