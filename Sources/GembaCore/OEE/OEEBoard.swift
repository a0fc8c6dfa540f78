/// The OEE screen's data: every line and machine over the current shift (so far)
/// and the last one, an hourly trend and the downtime Pareto of the current shift.
public struct OEEBoard: Sendable, Equatable, Codable {
    public var current: ShiftSummary?
    public var last: ShiftSummary?
    public var convention: OEEConvention
    public var rows: [OEEBoardRow]

    public init(current: ShiftSummary?, last: ShiftSummary?, convention: OEEConvention, rows: [OEEBoardRow]) {
        self.current = current
        self.last = last
        self.convention = convention
        self.rows = rows
    }
}

/// One line or machine on the OEE screen.
public struct OEEBoardRow: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable { case plant, line, machine }

    public var kind: Kind
    public var id: String
    public var name: String
    public var current: OEEResult?
    public var last: OEEResult?
    /// OEE of each hour of the current shift so far (nil where undefined).
    public var hourly: [Double?]
    /// Stop time of the current shift by state and reason, longest first.
    public var pareto: [ParetoItem]
    /// The same two for the last shift, so that every panel can show it.
    public var lastHourly: [Double?]
    public var lastPareto: [ParetoItem]

    enum CodingKeys: String, CodingKey {
        case kind, id, name, current, last, hourly, pareto
        case lastHourly = "last_hourly"
        case lastPareto = "last_pareto"
    }

    public init(
        kind: Kind, id: String, name: String, current: OEEResult?, last: OEEResult?, hourly: [Double?], pareto: [ParetoItem],
        lastHourly: [Double?] = [], lastPareto: [ParetoItem] = []
    ) {
        self.kind = kind
        self.id = id
        self.name = name
        self.current = current
        self.last = last
        self.hourly = hourly
        self.pareto = pareto
        self.lastHourly = lastHourly
        self.lastPareto = lastPareto
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        kind = try c.decode(Kind.self, forKey: .kind)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        current = try c.decodeIfPresent(OEEResult.self, forKey: .current)
        last = try c.decodeIfPresent(OEEResult.self, forKey: .last)
        hourly = try c.decode([Double?].self, forKey: .hourly)
        pareto = try c.decode([ParetoItem].self, forKey: .pareto)
        // Daemons before the last shift's panels sent neither.
        lastHourly = try c.decodeIfPresent([Double?].self, forKey: .lastHourly) ?? []
        lastPareto = try c.decodeIfPresent([ParetoItem].self, forKey: .lastPareto) ?? []
    }
}

/// One bar of the downtime Pareto: how long and how often a stop reason cost.
public struct ParetoItem: Sendable, Equatable, Codable {
    public var state: MachineState
    public var reason: String?
    public var seconds: Double
    public var occurrences: Int

    public init(state: MachineState, reason: String?, seconds: Double, occurrences: Int) {
        self.state = state
        self.reason = reason
        self.seconds = seconds
        self.occurrences = occurrences
    }

    /// Builds the Pareto of the stops among `intervals` inside [from, to).
    public static func of(_ intervals: [StateInterval], from: Timestamp, to: Timestamp) -> [ParetoItem] {
        ranked([sums(intervals, from: from, to: to)])
    }

    /// The stops among `intervals` inside [from, to), summed by state and reason: what a
    /// Pareto adds up, in memory bounded by the kinds of stop rather than their number.
    public static func sums(_ intervals: [StateInterval], from: Timestamp, to: Timestamp) -> [String: ParetoItem] {
        var sums: [String: ParetoItem] = [:]
        for iv in intervals where iv.state != .running && iv.state != .plannedStop && iv.end > from && iv.start < to {
            let d = Nanos.seconds(min(iv.end, to) - max(iv.start, from))
            let key = iv.state.rawValue + "|" + (iv.reason ?? "")
            var item = sums[key] ?? ParetoItem(state: iv.state, reason: iv.reason, seconds: 0, occurrences: 0)
            item.seconds += d
            item.occurrences += 1
            sums[key] = item
        }
        return sums
    }

    /// Adds up several machines' sums and ranks them, longest first.
    public static func ranked(_ parts: [[String: ParetoItem]]) -> [ParetoItem] {
        var total: [String: ParetoItem] = [:]
        for part in parts {
            for (key, item) in part {
                if var t = total[key] {
                    t.seconds += item.seconds
                    t.occurrences += item.occurrences
                    total[key] = t
                } else {
                    total[key] = item
                }
            }
        }
        return total.values.sorted {
            $0.seconds != $1.seconds ? $0.seconds > $1.seconds : (($0.reason ?? ""), $0.state.rawValue) < (($1.reason ?? ""), $1.state.rawValue)
        }
    }
}
