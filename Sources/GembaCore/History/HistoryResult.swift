/// `gemba history`'s answer: `{"machine","value","step","from","to","points":[{"t","count","min","max","mean","last"}]}`,
/// points in time order, each `t` the start of its step in ISO 8601 UTC. Steps without a
/// sample have no point.
public struct HistoryResult: Sendable, Equatable, Codable {
    public var machine: String
    public var value: String
    /// The step as a duration (`1m`, `1h`, `1d`).
    public var step: String
    /// The window asked about (ISO 8601 UTC; `to` not included).
    public var from: String
    public var to: String
    public var points: [Point]

    public struct Point: Sendable, Equatable, Codable {
        public var t: String
        public var count: Int64
        public var min: Double
        public var max: Double
        public var mean: Double
        public var last: Double

        public init(_ p: HistoryPoint) {
            t = ISOTime.format(p.t)
            count = p.aggregate.count
            min = p.aggregate.min
            max = p.aggregate.max
            mean = p.aggregate.mean
            last = p.aggregate.last
        }
    }

    public init(machine: String, value: String, step: String, from: String, to: String, points: [Point]) {
        self.machine = machine
        self.value = value
        self.step = step
        self.from = from
        self.to = to
        self.points = points
    }
}
