/// One Modbus TCP device (a PLC) the daemon polls (`modbus:` in the plant file), and which
/// registers carry which machine's state, counters and process values.
public struct ModbusDeviceConfig: Sendable, Equatable {
    public var id: String
    public var host: String
    public var port: Int = 502
    /// The unit (slave) id.
    public var unit: Int = 1
    public var poll: Seconds = 1
    /// How long one read may take before it counts as failed.
    public var timeout: Seconds = 0.5
    public var machines: [ModbusMachineMap] = []

    public init(id: String, host: String) {
        self.id = id
        self.host = host
    }
}

/// Where one machine's figures are in a device's registers.
public struct ModbusMachineMap: Sendable, Equatable {
    public var machine: String
    /// The state register and its codes.
    public var state: ModbusPoint?
    public var stateMap: [Int64: MachineState] = [:]
    public var countTotal: ModbusPoint?
    public var countReject: ModbusPoint?
    /// Process values by name.
    public var values: [(name: String, point: ModbusPoint)] = []

    public init(machine: String) { self.machine = machine }

    public static func == (a: ModbusMachineMap, b: ModbusMachineMap) -> Bool {
        a.machine == b.machine && a.state == b.state && a.stateMap == b.stateMap && a.countTotal == b.countTotal
            && a.countReject == b.countReject && a.values.map(\.name) == b.values.map(\.name)
            && a.values.map(\.point) == b.values.map(\.point)
    }
}

/// One value in a device: its table, address, type, word order and scale.
public struct ModbusPoint: Sendable, Equatable {
    /// The four Modbus tables.
    public enum Table: String, Sendable, CaseIterable {
        case holding, input, coil, discrete

        /// Coils and discrete inputs hold one bit each.
        public var isBits: Bool { self == .coil || self == .discrete }
    }

    /// How the registers are read.
    public enum Kind: String, Sendable, CaseIterable {
        case int16, uint16, int32, uint32, float32, bool

        /// 16-bit registers the value spans.
        public var registers: Int {
            switch self {
            case .int16, .uint16, .bool: return 1
            case .int32, .uint32, .float32: return 2
            }
        }
    }

    public var table: Table
    public var address: Int
    public var kind: Kind
    /// For 32-bit values: the first register holds the high word (big, the Modbus custom) or the low word.
    public var highWordFirst = true
    public var scale: Double = 1

    public init(table: Table, address: Int, kind: Kind) {
        self.table = table
        self.address = address
        self.kind = kind
    }

    /// The value of the registers (or bits, as 0 and 1) read from `address` on, scaled.
    /// Nil when fewer registers came than the value spans.
    public func value(_ words: [UInt16]) -> Double? {
        guard words.count >= kind.registers else { return nil }
        let raw: Double
        switch kind {
        case .bool: raw = words[0] == 0 ? 0 : 1
        case .uint16: raw = Double(words[0])
        case .int16: raw = Double(Int16(bitPattern: words[0]))
        case .uint32, .int32, .float32:
            let (hi, lo) = highWordFirst ? (words[0], words[1]) : (words[1], words[0])
            let bits = UInt32(hi) << 16 | UInt32(lo)
            switch kind {
            case .uint32: raw = Double(bits)
            case .int32: raw = Double(Int32(bitPattern: bits))
            default: raw = Double(Float(bitPattern: bits))
            }
        }
        return raw * scale
    }
}
