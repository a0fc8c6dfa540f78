/// Reliability of machines from the intervals Gemba already keeps: stops (failures), the time
/// running between them and the time to bring a machine back, as maintenance reads them.
///
/// - A **stop** is a spell of `down` (unplanned downtime) that starts inside the window: the
///   intervals of one spell (its reason may change while it lasts) are one stop. Planned
///   stops, setups, starved, blocked and offline are not failures.
/// - **Running time** is the time in `running` inside the window; **down time** the time of
///   the window's stops inside the window (a stop still going, or running past the window's
///   end, counts with its time so far inside it).
/// - **MTBF** = running time / stops, **MTTR** = down time / stops; both `nil` without a stop.
///
/// Sums, not averages: a line's or the plant's figures add the machines' times and stops.
public struct ReliabilityTally: Sendable, Equatable {
    public var stops = 0
    public var runningSeconds = 0.0
    public var downSeconds = 0.0

    public init() {}

    /// One machine's intervals over [from, to), in any order; those outside are ignored.
    public init(intervals: [StateInterval], from: Timestamp, to: Timestamp) {
        var previousEnd: Timestamp?
        var previousDown = false
        // Whether the spell of down in progress started in the window (its later intervals count with it).
        var counting = false
        for iv in intervals.sorted(by: { $0.start < $1.start }) {
            let down = iv.state == .down
            // A spell of down continues across intervals that touch (its reason changed).
            if down && !(previousDown && previousEnd == iv.start) {
                counting = iv.start >= from && iv.start < to
                if counting { stops += 1 }
            }
            let start = max(iv.start, from)
            let end = min(iv.end, to)
            if end > start {
                let seconds = Double(end - start) / Double(Nanos.perSecond)
                if iv.state == .running { runningSeconds += seconds }
                if down && counting { downSeconds += seconds }
            }
            previousEnd = iv.end
            previousDown = down
        }
    }

    public static func + (a: ReliabilityTally, b: ReliabilityTally) -> ReliabilityTally {
        var out = ReliabilityTally()
        out.stops = a.stops + b.stops
        out.runningSeconds = a.runningSeconds + b.runningSeconds
        out.downSeconds = a.downSeconds + b.downSeconds
        return out
    }

    /// Mean time between failures in seconds; nil without a stop.
    public var mtbf: Double? { stops > 0 ? runningSeconds / Double(stops) : nil }
    /// Mean time to repair in seconds; nil without a stop.
    public var mttr: Double? { stops > 0 ? downSeconds / Double(stops) : nil }
}

/// `gemba reliability --json`: a machine's, line's or the plant's reliability over a window,
/// with each machine's own figures.
public struct ReliabilityResult: Sendable, Equatable, Codable {
    /// One machine's, line's or the plant's figures.
    public struct Figures: Sendable, Equatable, Codable {
        public var machine: String?
        public var stops: Int
        public var runningSeconds: Double
        public var downSeconds: Double
        public var mtbfSeconds: Double?
        public var mttrSeconds: Double?

        public init(machine: String?, _ t: ReliabilityTally) {
            self.machine = machine
            self.stops = t.stops
            self.runningSeconds = t.runningSeconds
            self.downSeconds = t.downSeconds
            self.mtbfSeconds = t.mtbf
            self.mttrSeconds = t.mttr
        }

        enum CodingKeys: String, CodingKey {
            case machine, stops
            case runningSeconds = "running_seconds"
            case downSeconds = "down_seconds"
            case mtbfSeconds = "mtbf_seconds"
            case mttrSeconds = "mttr_seconds"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(machine, forKey: .machine)
            try c.encode(stops, forKey: .stops)
            try c.encode(runningSeconds, forKey: .runningSeconds)
            try c.encode(downSeconds, forKey: .downSeconds)
            // null, not absent: a script reads "no stop" as null.
            try c.encode(mtbfSeconds, forKey: .mtbfSeconds)
            try c.encode(mttrSeconds, forKey: .mttrSeconds)
        }
    }

    public var scope: String
    public var from: String
    public var to: String
    /// True while the window has not ended: the figures will still change.
    public var provisional: Bool
    public var total: Figures
    public var machines: [Figures]

    public init(scope: String, from: String, to: String, provisional: Bool, total: Figures, machines: [Figures]) {
        self.scope = scope
        self.from = from
        self.to = to
        self.provisional = provisional
        self.total = total
        self.machines = machines
    }
}
