/// One polled Modbus device as `gemba status --json` (`modbus`) shows it.
public struct ModbusStatus: Sendable, Equatable, Codable {
    public var id: String
    public var connected: Bool
    /// Polls that read every register asked of the device.
    public var polls: Int64 = 0
    /// Polls that failed (a timeout, a refused connection, an exception from the PLC).
    public var errors: Int64 = 0
    public var lastError: String?

    enum CodingKeys: String, CodingKey {
        case id, connected, polls, errors
        case lastError = "last_error"
    }

    public init(id: String, connected: Bool = false) {
        self.id = id
        self.connected = connected
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(connected, forKey: .connected)
        try c.encode(polls, forKey: .polls)
        try c.encode(errors, forKey: .errors)
        try c.encode(lastError, forKey: .lastError)
    }
}
