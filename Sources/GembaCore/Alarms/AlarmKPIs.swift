/// The alarm-system health figures of ISA-18.2 (section 16), computed from the
/// activations of a trailing window.
public struct AlarmKPIs: Sendable, Equatable, Codable {
    /// Activations in the last 10 minutes.
    public var lastTenMinutes: Int
    /// Average activations per 10 minutes over the window.
    public var averagePerTenMinutes: Double
    /// A flood: more than 10 activations in 10 minutes; it ends when fewer than 5 remain in the last 10.
    public var flood: Bool
    public var floodSince: String?
    /// Alarms that activated 3 or more times within 60 s in the window.
    public var chattering: [String]
    /// Alarms whose condition has been active for more than 24 hours.
    public var stale: [String]
    /// The ten alarms that activated most often in the window, most first.
    public var topTen: [AlarmCount]
    /// Activations per priority in the window.
    public var priorities: [String: Int]
    /// The window, in seconds.
    public var windowSeconds: Int

    enum CodingKeys: String, CodingKey {
        case lastTenMinutes = "last_ten_minutes"
        case averagePerTenMinutes = "average_per_ten_minutes"
        case flood
        case floodSince = "flood_since"
        case chattering, stale
        case topTen = "top_ten"
        case priorities
        case windowSeconds = "window_seconds"
    }

    public init() {
        lastTenMinutes = 0
        averagePerTenMinutes = 0
        flood = false
        chattering = []
        stale = []
        topTen = []
        priorities = [:]
        windowSeconds = 0
    }
}

/// How often one alarm activated.
public struct AlarmCount: Sendable, Equatable, Codable {
    public var definition: String
    public var count: Int

    public init(definition: String, count: Int) {
        self.definition = definition
        self.count = count
    }
}

/// The thresholds of the alarm-system KPIs (ISA-18.2 recommended values).
public enum AlarmKPIRules {
    public static let floodWindow: Timestamp = 10 * Nanos.perMinute
    public static let floodStartAbove = 10
    public static let floodEndBelow = 5
    public static let chatterWindow: Timestamp = 60 * Nanos.perSecond
    public static let chatterCount = 3
    public static let staleAfter: Timestamp = 24 * 3600 * Nanos.perSecond
    /// Top ten, priority distribution and the average are over this trailing window.
    public static let window: Timestamp = 24 * 3600 * Nanos.perSecond
}
