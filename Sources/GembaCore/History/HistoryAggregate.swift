/// What a span of a process value's samples adds up to: the figures a history point shows
/// (count, min, max, mean, last). Aggregates of adjacent spans merge exactly, so a minute
/// stored in two parts (the daemon stopped inside it) reads as one, and hours are minutes
/// merged.
public struct HistoryAggregate: Sendable, Equatable, Codable {
    public var count: Int64
    public var min: Double
    public var max: Double
    public var sum: Double
    /// The latest sample's value and time.
    public var last: Double
    public var lastAt: Timestamp

    public init(count: Int64, min: Double, max: Double, sum: Double, last: Double, lastAt: Timestamp) {
        self.count = count
        self.min = min
        self.max = max
        self.sum = sum
        self.last = last
        self.lastAt = lastAt
    }

    /// One sample.
    public init(_ value: Double, at: Timestamp) {
        self.init(count: 1, min: value, max: value, sum: value, last: value, lastAt: at)
    }

    public var mean: Double { sum / Double(count) }

    /// Adds one sample.
    @inline(__always)
    public mutating func add(_ value: Double, at: Timestamp) {
        count &+= 1
        if value < min { min = value }
        if value > max { max = value }
        sum += value
        if at >= lastAt {
            last = value
            lastAt = at
        }
    }

    /// Adds another span's aggregate (in either order of time).
    public mutating func merge(_ other: HistoryAggregate) {
        count &+= other.count
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
        sum += other.sum
        if other.lastAt >= lastAt {
            last = other.last
            lastAt = other.lastAt
        }
    }
}
