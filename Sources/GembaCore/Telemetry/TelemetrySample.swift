/// What one accepted telemetry line says about one machine, ready for the engine.
public struct TelemetrySample: Sendable, Equatable {
    /// Index of the machine in `PlantConfig.machines`.
    public var machine: Int
    public var timestamp: Timestamp
    public var state: MachineState?
    public var reason: String?
    public var countTotal: Int64?
    public var countReject: Int64?
    /// Process values by name (`oil_temp`, or `sensor.field` when the line has a sensor tag).
    public var processValues: [ProcessValue]

    public init(
        machine: Int, timestamp: Timestamp, state: MachineState? = nil, reason: String? = nil,
        countTotal: Int64? = nil, countReject: Int64? = nil, processValues: [ProcessValue] = []
    ) {
        self.machine = machine
        self.timestamp = timestamp
        self.state = state
        self.reason = reason
        self.countTotal = countTotal
        self.countReject = countReject
        self.processValues = processValues
    }
}

/// The latest value of one process variable of a machine.
public struct ProcessValue: Sendable, Equatable, Codable {
    public var name: String
    public var value: Double
    public var at: Timestamp

    public init(name: String, value: Double, at: Timestamp) {
        self.name = name
        self.value = value
        self.at = at
    }
}
