/// The plant as its configuration file describes it: equipment hierarchy (ISA-95
/// site → line → machine), shift calendar, comm-loss timeout and listeners.
///
/// A `PlantConfig` is only ever built by `PlantConfigLoader`, which refuses a file
/// with any error, so code holding one may trust it: ids are unique, shifts do not
/// overlap, durations are positive.
public struct PlantConfig: Sendable, Equatable {
    public var plant: String
    /// An IANA time zone identifier (`UTC`, `Europe/Berlin`).
    public var timezone: String
    /// How long a machine may stay silent before it shows `offline`.
    public var commLossTimeout: Seconds
    public var lines: [LineConfig]
    public var shifts: [ShiftConfig]
    public var listeners: ListenerConfig
    /// Downtime reason codes and their descriptions, for classification.
    public var downtimeReasons: [DowntimeReason]
    /// Stops shorter than this are micro-stops (OEE's Nakajima convention books them as speed loss).
    public var microStopThreshold: Seconds = 120
    /// Who may connect and in which role.
    public var access = AccessConfig()
    /// The configured alarms (the daemon adds its own system alarms).
    public var alarms: [AlarmDefinition] = []
    /// How long a stopping daemon keeps trying to write what it accepted to a database that
    /// cannot be written (`stop_grace`), before it writes it to the spill file instead.
    public var stopGrace: Seconds = 30
    /// Where the audit key lives (`audit_key`); nil: beside the database.
    public var auditKeyPath: String?
    /// The longest a timed shelve may last.
    public var maximumShelve: Seconds = 8 * 3600
    /// How far ahead of the daemon's clock a line may be stamped; later lines are refused.
    public var maxClockSkew: Seconds = 300
    /// The longest window one request may ask about (`max_query_window`, 400 days): what any one
    /// request may cost is bounded, whoever asks.
    public var maxQueryWindow: Seconds = 400 * 86_400
    /// Units per second a counter may rise by at most, for machines that set no rate of
    /// their own; nil: 100 times each machine's ideal rate (`MachineConfig.counterRateLimit(plant:)`).
    public var maxCounterRate: Double?
    /// The most distinct process values (field names) one machine keeps (`max_process_values`,
    /// 256): a line that would add one more is refused, so a source sending ever new names
    /// cannot grow the daemon's memory and database without bound.
    public var maxProcessValues = 256
    /// How long process values' history is kept, tier by tier (`history:`).
    public var history = HistoryRetention.standard
    /// Quality characteristics under statistical process control (`spc:`).
    public var spc: [SPCCharacteristic] = []
    /// `prediction:`: trends of values with alarm limits, and when a crossing is predicted.
    public var prediction = PredictionConfig()
    /// Where `/metrics` is served (nil: nowhere).
    public var metrics: MetricsConfig?
    /// Shift reports written at each shift's end.
    public var reports = ReportsConfig()
    /// The ERP's file exchange (nil: none).
    public var erp: ERPConfig?
    /// What the plant makes, and how.
    public var products: [ProductConfig] = []
    /// Raw materials and products, with their units (products without an entry count in `pcs`).
    public var materials: [MaterialConfig] = []

    /// A material by id: declared, or a product of a routing.
    public func material(_ id: String) -> MaterialConfig? {
        materials.first { $0.id == id } ?? products.first { $0.id == id }.map { MaterialConfig(id: $0.id, name: $0.name, unit: "pcs") }
    }
    /// How the scheduler works for this plant.
    public var scheduling = SchedulingConfig()
    /// The plant's MQTT broker (Sparkplug B in and out); nil: Gemba uses no broker.
    public var mqtt: MQTTConfig?
    /// Modbus TCP devices the daemon polls.
    public var modbus: [ModbusDeviceConfig] = []
    /// Other plants this daemon shows, live from their edge nodes on the broker (`enterprise:`);
    /// empty for a plant's own daemon.
    public var enterprise: [EnterpriseSite] = []

    public func product(_ id: String) -> ProductConfig? { products.first { $0.id == id } }

    public init(
        plant: String, timezone: String = "UTC", commLossTimeout: Seconds = 30, lines: [LineConfig],
        shifts: [ShiftConfig] = [], listeners: ListenerConfig = ListenerConfig(), downtimeReasons: [DowntimeReason] = []
    ) {
        self.plant = plant
        self.timezone = timezone
        self.commLossTimeout = commLossTimeout
        self.lines = lines
        self.shifts = shifts
        self.listeners = listeners
        self.downtimeReasons = downtimeReasons
    }

    /// Every machine in line order, then in the order the file lists them.
    public var machines: [MachineConfig] { lines.flatMap(\.machines) }

    /// Every machine's maintenance plans, in line and machine order.
    public var maintenance: [MaintenancePlan] { machines.flatMap(\.maintenance) }

    public func line(ofMachine id: String) -> LineConfig? {
        lines.first { line in line.machines.contains { $0.id == id } }
    }
}

/// A time span in seconds, as the configuration writes durations (`30s`, `10m`, `1h30m`).
public typealias Seconds = Double

/// A production line: an ordered group of machines.
public struct LineConfig: Sendable, Equatable {
    public var id: String
    public var name: String
    public var machines: [MachineConfig]

    public init(id: String, name: String, machines: [MachineConfig]) {
        self.id = id
        self.name = name
        self.machines = machines
    }
}

/// One machine (ISA-95 work unit) and the figures OEE needs about it.
public struct MachineConfig: Sendable, Equatable {
    public var id: String
    public var name: String
    public var lineID: String
    /// Seconds per unit at the rated speed (ISO 22400 PRI, planned run time per item).
    public var idealCycleTime: Seconds
    /// Units per second its counters may rise by at most (`max_counter_rate` of the machine).
    public var maxCounterRate: Double?
    /// The Sparkplug B edge node or device that reports it, when it reports over MQTT.
    public var sparkplug: SparkplugBinding?
    /// Its preventive maintenance plans (`maintenance:` of the machine).
    public var maintenance: [MaintenancePlan] = []

    /// How many times its ideal rate a machine's counters may rise by when no rate is set.
    public static let defaultCounterRateFactor = 100.0

    /// The rate its counters may rise by at most, units per second: its own
    /// `max_counter_rate`, else the plant's, else 100 times its ideal rate (1 / ideal cycle time).
    public func counterRateLimit(plant: Double?) -> Double {
        maxCounterRate ?? plant ?? Self.defaultCounterRateFactor / idealCycleTime
    }

    public init(id: String, name: String, lineID: String, idealCycleTime: Seconds) {
        self.id = id
        self.name = name
        self.lineID = lineID
        self.idealCycleTime = idealCycleTime
    }
}

/// A named shift of the daily calendar; `end` before `start` means it crosses midnight.
public struct ShiftConfig: Sendable, Equatable {
    public var name: String
    public var start: TimeOfDay
    public var end: TimeOfDay
    public var breaks: [BreakConfig]

    public init(name: String, start: TimeOfDay, end: TimeOfDay, breaks: [BreakConfig] = []) {
        self.name = name
        self.start = start
        self.end = end
        self.breaks = breaks
    }

    /// Length in minutes, taking a midnight crossing into account.
    public var lengthMinutes: Int {
        let d = end.minuteOfDay - start.minuteOfDay
        return d > 0 ? d : d + 24 * 60
    }
}

/// A planned break inside a shift.
public struct BreakConfig: Sendable, Equatable {
    public var start: TimeOfDay
    public var end: TimeOfDay

    public init(start: TimeOfDay, end: TimeOfDay) {
        self.start = start
        self.end = end
    }
}

/// A wall-clock time of day in the plant's time zone, to the minute.
public struct TimeOfDay: Sendable, Equatable, Hashable, Comparable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int

    public init(hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    public var minuteOfDay: Int { hour * 60 + minute }
    public var description: String { (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)" }
    public static func < (a: TimeOfDay, b: TimeOfDay) -> Bool { a.minuteOfDay < b.minuteOfDay }

    /// Parses `HH:MM` (00:00 to 24:00).
    public init?(parsing text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2 || parts[0].count == 1, parts[1].count == 2,
            let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m),
            h < 24 || m == 0
        else { return nil }
        self.init(hour: h % 24, minute: m)
    }
}

/// Where the daemon listens for telemetry besides `telemetry.sock` in its runtime directory.
public struct ListenerConfig: Sendable, Equatable {
    /// More Unix stream sockets for telemetry (for a gateway that writes to a fixed path).
    public var unixPaths: [String] = []
    /// TCP port on 127.0.0.1, when set.
    public var tcpPort: Int?
    /// UDP port on 127.0.0.1, when set.
    public var udpPort: Int?
    /// The unit of timestamps on the telemetry feed.
    public var precision: TimestampPrecision

    public init(tcpPort: Int? = nil, udpPort: Int? = nil, precision: TimestampPrecision = .nanoseconds) {
        self.tcpPort = tcpPort
        self.udpPort = udpPort
        self.precision = precision
    }
}

/// A downtime reason code an operator can book a stop against.
public struct DowntimeReason: Sendable, Equatable, Codable {
    public var code: String
    public var description: String
    /// The group it belongs to (mechanical, material, people, …), as the plant file says.
    public var category: String?

    public init(code: String, description: String, category: String? = nil) {
        self.code = code
        self.description = description
        self.category = category
    }
}
