/// Timestamp units a line-protocol feed may use, as InfluxDB and Telegraf name them.
public enum TimestampPrecision: String, Sendable, Codable, CaseIterable {
    case nanoseconds = "ns"
    case microseconds = "us"
    case milliseconds = "ms"
    case seconds = "s"

    /// Nanoseconds per unit.
    public var nanosecondsPerUnit: Int64 {
        switch self {
        case .nanoseconds: return 1
        case .microseconds: return 1_000
        case .milliseconds: return 1_000_000
        case .seconds: return 1_000_000_000
        }
    }
}

/// One field value of a line-protocol point, typed as the protocol types it.
public enum FieldValue: Sendable, Equatable, Hashable {
    case float(Double)
    case int(Int64)
    case uint(UInt64)
    case bool(Bool)
    case string(String)

    /// The value as a number when it is one (booleans count as 0/1).
    public var numeric: Double? {
        switch self {
        case .float(let v): return v
        case .int(let v): return Double(v)
        case .uint(let v): return Double(v)
        case .bool(let v): return v ? 1 : 0
        case .string: return nil
        }
    }

    /// The value as a whole non-negative count, when it is an integer of either kind.
    public var count: Int64? {
        switch self {
        case .int(let v): return v
        case .uint(let v): return v <= UInt64(Int64.max) ? Int64(v) : nil
        case .float(let v): return v.rounded() == v && v >= 0 && v < 9.0e18 ? Int64(v) : nil
        default: return nil
        }
    }
}

/// A decoded line-protocol point with its text unescaped.
///
/// Tags keep the order they had on the line; fields too, duplicates included
/// (the reference decoder returns both; Gemba's engine lets the last one win).
public struct LineProtocolPoint: Sendable, Equatable {
    public var measurement: String
    public var tags: [(key: String, value: String)]
    public var fields: [(key: String, value: FieldValue)]
    /// Nanoseconds since the Unix epoch; nil when the line carried none.
    public var timestamp: Int64?

    public init(
        measurement: String, tags: [(key: String, value: String)], fields: [(key: String, value: FieldValue)],
        timestamp: Int64?
    ) {
        self.measurement = measurement
        self.tags = tags
        self.fields = fields
        self.timestamp = timestamp
    }

    public func tag(_ key: String) -> String? { tags.last(where: { $0.key == key })?.value }
    public func field(_ key: String) -> FieldValue? { fields.last(where: { $0.key == key })?.value }

    public static func == (a: LineProtocolPoint, b: LineProtocolPoint) -> Bool {
        a.measurement == b.measurement && a.timestamp == b.timestamp
            && a.tags.map(\.key) == b.tags.map(\.key) && a.tags.map(\.value) == b.tags.map(\.value)
            && a.fields.map(\.key) == b.fields.map(\.key) && a.fields.map(\.value) == b.fields.map(\.value)
    }
}

/// Why a line was refused, with the place: line number and byte column, both from 1.
public struct LineProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var reason: String

    public init(line: Int, column: Int, reason: String) {
        self.line = line
        self.column = column
        self.reason = reason
    }

    public var description: String { "line \(line), column \(column): \(reason)" }
}
