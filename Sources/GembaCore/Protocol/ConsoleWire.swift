/// The console protocol's version and the JSON shapes both ends share.
///
/// Newline-delimited JSON over the console Unix socket. The daemon speaks first
/// with a `hello`; every request carries an `id` that its reply repeats; a
/// subscription gets a snapshot, then `delta` events with only what changed.
/// docs/console-protocol.md is the reference.
public enum ConsoleProtocol {
    /// Bumped on any change a peer of the previous version could not read.
    public static let version = 1
}

/// One machine as the floor board, `gemba status --json` and the protocol show it.
public struct MachineStatus: Sendable, Equatable, Codable {
    public var id: String
    public var name: String
    public var line: String
    public var state: MachineState
    public var reason: String?
    /// Start of the current state, ISO 8601 UTC.
    public var since: String
    public var sinceNanos: Timestamp
    /// Counters as the machine last reported them.
    public var countTotal: Int64?
    public var countReject: Int64?
    /// Produced in the current shift (increase of the counters).
    public var shiftTotal: Int64
    public var shiftReject: Int64
    public var lastSeen: String?
    public var idealCycleTime: Double
    public var processValues: [ProcessValue]
    /// OEE of the current shift so far (ISO convention); nil outside shifts.
    public var oee: OEEFigures?
    /// The plant a machine belongs to on an enterprise daemon's floor (`enterprise:`); null for
    /// the daemon's own machines.
    public var site: String?

    enum CodingKeys: String, CodingKey {
        case id, name, line, state, reason, since, oee, site
        case sinceNanos = "since_ns"
        case countTotal = "count_total"
        case countReject = "count_reject"
        case shiftTotal = "shift_total"
        case shiftReject = "shift_reject"
        case lastSeen = "last_seen"
        case idealCycleTime = "ideal_cycle_time"
        case processValues = "process_values"
    }

    public init(live m: MachineLive, config: MachineConfig) {
        id = m.id
        name = config.name
        line = config.lineID
        state = m.state
        reason = m.reason
        since = ISOTime.format(m.since)
        sinceNanos = m.since
        countTotal = m.countTotal
        countReject = m.countReject
        shiftTotal = m.shiftTotal
        shiftReject = m.shiftReject
        lastSeen = m.lastSeen.map(ISOTime.format)
        idealCycleTime = config.idealCycleTime
        processValues = m.processValues
    }

    // Optional values are written as `null`, never left out: scripts read every key.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(line, forKey: .line)
        try c.encode(state, forKey: .state)
        try c.encode(reason, forKey: .reason)
        try c.encode(since, forKey: .since)
        try c.encode(sinceNanos, forKey: .sinceNanos)
        try c.encode(countTotal, forKey: .countTotal)
        try c.encode(countReject, forKey: .countReject)
        try c.encode(shiftTotal, forKey: .shiftTotal)
        try c.encode(shiftReject, forKey: .shiftReject)
        try c.encode(lastSeen, forKey: .lastSeen)
        try c.encode(idealCycleTime, forKey: .idealCycleTime)
        try c.encode(processValues, forKey: .processValues)
        try c.encode(oee, forKey: .oee)
        try c.encode(site, forKey: .site)
    }
}

/// The four OEE factors, fractions; `nil` where undefined.
public struct OEEFigures: Sendable, Equatable, Codable {
    public var availability: Double?
    public var performance: Double?
    public var quality: Double?
    public var oee: Double?

    public init(_ r: OEEResult) {
        availability = r.availability
        performance = r.performance
        quality = r.quality
        oee = r.oee
    }

    public init(availability: Double?, performance: Double?, quality: Double?, oee: Double?) {
        self.availability = availability
        self.performance = performance
        self.quality = quality
        self.oee = oee
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(availability, forKey: .availability)
        try c.encode(performance, forKey: .performance)
        try c.encode(quality, forKey: .quality)
        try c.encode(oee, forKey: .oee)
    }

    enum CodingKeys: String, CodingKey { case availability, performance, quality, oee }
}

/// Ingest counters: `received` = `accepted` + `rejected`, always.
public struct TelemetryStats: Sendable, Equatable, Codable {
    public var received: Int64 = 0
    public var accepted: Int64 = 0
    public var rejected: Int64 = 0
    /// Accepted lines of measurements Gemba does not track (part of `accepted`).
    public var ignored: Int64 = 0
    /// The most recent rejections, newest last.
    public var errors: [TelemetryErrorRecord] = []
    public var connections: Int = 0
    /// True while lines that came in the last few seconds are stamped more than a minute
    /// behind the daemon's clock (`Backfill`): the floor shows the past, not the present yet.
    public var backfilling = false

    public init() {}

    enum CodingKeys: String, CodingKey { case received, accepted, rejected, ignored, errors, connections, backfilling }

    // `backfilling` may be absent: daemons before it did not send it.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        received = try c.decode(Int64.self, forKey: .received)
        accepted = try c.decode(Int64.self, forKey: .accepted)
        rejected = try c.decode(Int64.self, forKey: .rejected)
        ignored = try c.decode(Int64.self, forKey: .ignored)
        errors = try c.decode([TelemetryErrorRecord].self, forKey: .errors)
        connections = try c.decode(Int.self, forKey: .connections)
        backfilling = try c.decodeIfPresent(Bool.self, forKey: .backfilling) ?? false
    }
}

/// One rejected telemetry line: where it came from and why.
public struct TelemetryErrorRecord: Sendable, Equatable, Codable {
    public var at: String
    public var connection: String
    public var line: Int
    public var column: Int
    public var reason: String

    public init(at: String, connection: String, line: Int, column: Int, reason: String) {
        self.at = at
        self.connection = connection
        self.line = line
        self.column = column
        self.reason = reason
    }
}

/// The plant's layout for a console: lines and their machines in order.
public struct PlantSummary: Sendable, Equatable, Codable {
    public struct Line: Sendable, Equatable, Codable {
        public var id: String
        public var name: String
        public var machines: [String]

        public init(id: String, name: String, machines: [String]) {
            self.id = id
            self.name = name
            self.machines = machines
        }
    }

    public var name: String
    public var timezone: String
    public var lines: [Line]
    public var downtimeReasons: [DowntimeReason]?
    /// The plant's offset from UTC and its changes around now (`UTCOffsets`), so a console
    /// shows plant clock times without a time-zone database; absent from older daemons.
    public var utcOffsets: [UTCOffsetChange]?
    /// The SPC characteristics (`spc:`), for the console's SPC screen; absent from older daemons.
    public var characteristics: [Characteristic]?

    /// An SPC characteristic as the console lists it.
    public struct Characteristic: Sendable, Equatable, Codable {
        public var id: String
        public var chart: String
        public var machine: String?
        public var value: String?
        /// Readings per subgroup when it is a count (what a measure prompt asks for).
        public var subgroup: Int?

        public init(_ c: SPCCharacteristic) {
            id = c.id
            chart = c.chart.rawValue
            machine = c.machine
            value = c.value
            subgroup = c.subgroupSize
        }
    }

    enum CodingKeys: String, CodingKey {
        case name, timezone, lines, characteristics
        case downtimeReasons = "downtime_reasons"
        case utcOffsets = "utc_offsets"
    }

    /// The layout of `plant`; with `now`, also its UTC offsets around that instant.
    public init(_ plant: PlantConfig, now: Timestamp? = nil) {
        name = plant.plant
        timezone = plant.timezone
        lines = plant.lines.map { Line(id: $0.id, name: $0.name, machines: $0.machines.map(\.id)) }
        downtimeReasons = plant.downtimeReasons
        utcOffsets = now.map { UTCOffsets.table(zone: plant.timezone, around: $0) }
        characteristics = plant.spc.isEmpty ? nil : plant.spc.map(Characteristic.init)
    }

    /// Seconds the plant's clock is ahead of UTC at `t` (0 when the daemon sent no table).
    public func utcOffset(at t: Timestamp) -> Int {
        UTCOffsets.offset(at: t, in: utcOffsets ?? [])
    }
}

/// The shift running now, for headers and shift counts.
public struct ShiftSummary: Sendable, Equatable, Codable {
    public var name: String
    public var date: String
    public var start: String
    public var end: String
    public var startNanos: Timestamp
    public var endNanos: Timestamp

    enum CodingKeys: String, CodingKey {
        case name, date, start, end
        case startNanos = "start_ns"
        case endNanos = "end_ns"
    }

    public init(_ s: ShiftInstance) {
        name = s.name
        date = s.date
        start = ISOTime.format(s.start)
        end = ISOTime.format(s.end)
        startNanos = s.start
        endNanos = s.end
    }
}

/// A console attached to the daemon, as the status screen lists it.
public struct ConsoleInfo: Sendable, Equatable, Codable {
    public var user: String
    public var uid: UInt32
    public var pid: Int32
    public var connected: String

    public init(user: String, uid: UInt32, pid: Int32, connected: String) {
        self.user = user
        self.uid = uid
        self.pid = pid
        self.connected = connected
    }
}

/// Everything a console needs to draw the floor: sent on subscribe and by `status`.
public struct FloorSnapshot: Sendable, Equatable, Codable {
    public var plant: PlantSummary
    public var shift: ShiftSummary?
    public var serverTime: String
    public var machines: [MachineStatus]
    public var telemetry: TelemetryStats
    public var consoles: [ConsoleInfo]
    /// The alarm list and KPIs (absent from daemons before alarms existed).
    public var alarms: AlarmBoard?
    /// The schedule in force (absent when the plant has no products).
    public var schedule: PlantSchedule?
    /// The daemon itself: version, uptime, database, runtime directory (nil from daemons before it).
    public var daemon: DaemonInfo?
    /// The broker connection, when the plant file has `mqtt:`.
    public var mqtt: MQTTStatus?
    /// The polled Modbus devices, when the plant file has `modbus:`.
    public var modbus: [ModbusStatus]?

    enum CodingKeys: String, CodingKey {
        case plant, shift, machines, telemetry, consoles, alarms, schedule, daemon, mqtt, modbus
        case serverTime = "server_time"
    }

    public init(
        plant: PlantSummary, shift: ShiftSummary?, serverTime: String, machines: [MachineStatus],
        telemetry: TelemetryStats, consoles: [ConsoleInfo], alarms: AlarmBoard? = nil, schedule: PlantSchedule? = nil
    ) {
        self.alarms = alarms
        self.schedule = schedule
        self.plant = plant
        self.shift = shift
        self.serverTime = serverTime
        self.machines = machines
        self.telemetry = telemetry
        self.consoles = consoles
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(plant, forKey: .plant)
        try c.encode(shift, forKey: .shift)
        try c.encode(serverTime, forKey: .serverTime)
        try c.encode(machines, forKey: .machines)
        try c.encode(telemetry, forKey: .telemetry)
        try c.encode(consoles, forKey: .consoles)
        try c.encodeIfPresent(alarms, forKey: .alarms)
        try c.encodeIfPresent(schedule, forKey: .schedule)
        try c.encode(daemon, forKey: .daemon)
        try c.encodeIfPresent(mqtt, forKey: .mqtt)
        try c.encodeIfPresent(modbus, forKey: .modbus)
    }
}

/// What changed since the last event of a subscription: only machines that changed.
public struct FloorDelta: Sendable, Equatable, Codable {
    public var shift: ShiftSummary?
    public var serverTime: String
    public var machines: [MachineStatus]
    public var telemetry: TelemetryStats?
    public var consoles: [ConsoleInfo]?
    /// The whole alarm board, when anything on it changed.
    public var alarms: AlarmBoard?
    /// The whole schedule, when it changed.
    public var schedule: PlantSchedule?
    /// The daemon itself, when its database's size changed (looked at every 5 s).
    public var daemon: DaemonInfo?
    /// The broker connection, when it changed.
    public var mqtt: MQTTStatus?
    /// The plant's layout, when it changed (an enterprise site was born or lost a machine).
    public var plant: PlantSummary?

    enum CodingKeys: String, CodingKey {
        case shift, machines, telemetry, consoles, alarms, schedule, daemon, mqtt, plant
        case serverTime = "server_time"
    }

    public init(
        shift: ShiftSummary?, serverTime: String, machines: [MachineStatus], telemetry: TelemetryStats?,
        consoles: [ConsoleInfo]?
    ) {
        self.shift = shift
        self.serverTime = serverTime
        self.machines = machines
        self.telemetry = telemetry
        self.consoles = consoles
    }
}

/// The state history of one machine for the detail view.
public struct MachineDetail: Sendable, Equatable, Codable {
    public var machine: MachineStatus
    public var shift: ShiftSummary?
    /// Closed intervals of the shift (or the last hours outside shifts), oldest first; the open one is `machine`'s.
    public var intervals: [IntervalRecord]
    /// Lots the machine made in the same span, newest first (held ones carry their holds).
    public var lots: [Lot]?
    /// Its process values' trends over the same span, by name (the first 24): sparklines.
    public var trends: [ValueTrend]?
    /// Its maintenance plans as they stand (absent: it has none).
    public var maintenance: [MaintenanceStatus]?

    public init(
        machine: MachineStatus, shift: ShiftSummary?, intervals: [IntervalRecord], lots: [Lot]? = nil, trends: [ValueTrend]? = nil,
        maintenance: [MaintenanceStatus]? = nil
    ) {
        self.machine = machine
        self.shift = shift
        self.intervals = intervals
        self.lots = lots
        self.trends = trends
        self.maintenance = maintenance
    }
}

/// A process value over a span in equal steps, each the mean of its samples (null: none):
/// what a sparkline draws; `limits` are the alarm limits set on the value.
public struct ValueTrend: Sendable, Equatable, Codable {
    public var name: String
    /// The first step's start (ISO 8601 UTC), and each step's length in seconds.
    public var from: String
    public var stepSeconds: Int64
    public var means: [Double?]
    public var limits: [Double]

    public init(name: String, from: String, stepSeconds: Int64, means: [Double?], limits: [Double]) {
        self.name = name
        self.from = from
        self.stepSeconds = stepSeconds
        self.means = means
        self.limits = limits
    }

    enum CodingKeys: String, CodingKey {
        case name, from, means, limits
        case stepSeconds = "step_seconds"
    }
}

/// A state interval on the wire.
public struct IntervalRecord: Sendable, Equatable, Codable {
    public var state: MachineState
    public var reason: String?
    public var start: String
    public var end: String
    public var startNanos: Timestamp
    public var endNanos: Timestamp

    enum CodingKeys: String, CodingKey {
        case state, reason, start, end
        case startNanos = "start_ns"
        case endNanos = "end_ns"
    }

    public init(_ iv: StateInterval) {
        state = iv.state
        reason = iv.reason
        start = ISOTime.format(iv.start)
        end = ISOTime.format(iv.end)
        startNanos = iv.start
        endNanos = iv.end
    }
}

/// The reply to `machine_reset`: what the machine's live state was before it was cleared.
public struct MachineResetResult: Sendable, Codable, Equatable {
    public var machine: String
    /// The state and its start that were cleared (nil when the machine had none).
    public var state: String?
    public var since: String?
    public var audit: Int64

    public init(machine: String, state: String?, since: String?, audit: Int64) {
        self.machine = machine
        self.state = state
        self.since = since
        self.audit = audit
    }
}
