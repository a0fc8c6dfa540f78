/// One step of a process value's history as `gemba history` answers it: the step's start
/// and what its samples add up to.
public struct HistoryPoint: Sendable, Equatable {
    /// The start of the step.
    public var t: Timestamp
    public var aggregate: HistoryAggregate

    public init(t: Timestamp, aggregate: HistoryAggregate) {
        self.t = t
        self.aggregate = aggregate
    }
}

/// Adds up a series' stored spans (raw samples, minutes or hours, each with its start) into
/// steps aligned to the Unix epoch in UTC (a step of a day starts at midnight UTC).
public struct HistoryBuckets: Sendable {
    public let step: Timestamp
    public private(set) var points: [HistoryPoint] = []

    public init(step: Timestamp) {
        precondition(step > 0, "a step is longer than zero")
        self.step = step
    }

    /// Room for `n` points (a query knows how many steps its window has at most).
    public mutating func reserve(_ n: Int) { points.reserveCapacity(n) }

    /// The start of the step `t` falls in (floor, also before 1970).
    public func start(of t: Timestamp) -> Timestamp {
        let q = t / step
        return (t % step != 0 && t < 0 ? q - 1 : q) &* step
    }

    /// Adds a span starting at `start`; spans come mostly in time order (stored rows), and
    /// out of order only for the few the daemon holds that the store has not taken yet.
    public mutating func add(_ aggregate: HistoryAggregate, start: Timestamp) {
        let t = self.start(of: start)
        if let last = points.last, last.t == t {
            points[points.count - 1].aggregate.merge(aggregate)
        } else if points.last.map({ $0.t < t }) ?? true {
            points.append(HistoryPoint(t: t, aggregate: aggregate))
        } else {
            // Before the last step: find its place.
            var lo = 0
            var hi = points.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if points[mid].t < t { lo = mid + 1 } else { hi = mid }
            }
            if lo < points.count && points[lo].t == t {
                points[lo].aggregate.merge(aggregate)
            } else {
                points.insert(HistoryPoint(t: t, aggregate: aggregate), at: lo)
            }
        }
    }
}

/// How long each tier of process-value history is kept (`history:` in the plant file).
public struct HistoryRetention: Sendable, Equatable {
    /// Raw samples (at most one a second per value).
    public var raw: Seconds
    /// Minute aggregates.
    public var minute: Seconds
    /// Hour aggregates.
    public var hour: Seconds
    /// False with `history: off`: no history is kept (charts, sparklines and predictions have
    /// nothing to show), for a daemon whose values are kept elsewhere, such as an edge node
    /// that publishes them to an enterprise.
    public var enabled = true

    public init(raw: Seconds = 24 * 3600, minute: Seconds = 30 * 86400, hour: Seconds = 2 * 365 * 86400) {
        self.raw = raw
        self.minute = minute
        self.hour = hour
    }

    public static let standard = HistoryRetention()
}

/// Which stored tier answers a step: raw samples below a minute, minutes for whole minutes,
/// hours for whole hours.
public enum HistoryTier: String, Sendable {
    case raw, minute, hour

    public init(step: Timestamp) {
        if step % (3600 * Nanos.perSecond) == 0 {
            self = .hour
        } else if step % Nanos.perMinute == 0 {
            self = .minute
        } else {
            self = .raw
        }
    }
}
