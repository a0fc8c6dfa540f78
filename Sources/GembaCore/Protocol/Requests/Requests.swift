/// The payloads of the console protocol's requests, one type per request (see
/// `ConsoleRequestPayload`). Fields keep their wire names; a field a request cannot do
/// without is not optional, so its absence is refused at the door, naming it.
public enum Requests {}

extension Requests {
    /// The first request of a connection: the client's protocol version and name.
    public struct Hello: ConsoleRequestPayload {
        public typealias Response = Empty
        public static let type = "hello"
        public static let permission = Permission.view
        public var `protocol`: Int?
        public var client: String?
        public init(protocol: Int? = ConsoleProtocol.version, client: String? = nil) {
            self.protocol = `protocol`
            self.client = client
        }
    }

    /// Answered at once, whatever else the daemon is doing.
    public struct Ping: ConsoleRequestPayload {
        public typealias Response = Empty
        public static let type = "ping"
        public static let permission = Permission.view
        public init() {}
    }

    /// The floor's snapshot now, then deltas pushed as they happen.
    public struct Subscribe: ConsoleRequestPayload {
        public typealias Response = FloorSnapshot
        public static let type = "subscribe"
        public static let permission = Permission.view
        public init() {}
    }

    public struct Unsubscribe: ConsoleRequestPayload {
        public typealias Response = Empty
        public static let type = "unsubscribe"
        public static let permission = Permission.view
        public init() {}
    }

    /// The floor's snapshot, once (`gemba status`).
    public struct Status: ConsoleRequestPayload {
        public typealias Response = FloorSnapshot
        public static let type = "status"
        public static let permission = Permission.view
        public init() {}
    }

    /// Reads the plant file again.
    public struct Reload: ConsoleRequestPayload {
        public typealias Response = ReloadResult
        public static let type = "reload"
        public static let auditAction = "reload_config"
        public static let permission = Permission.reloadConfig
        public var auditObject: String { "config" }
        public init() {}
    }

    /// One machine's intervals this shift, its live state and the lots it made.
    public struct MachineDetailQuery: ConsoleRequestPayload {
        public typealias Response = MachineDetail
        public static let type = "machine_detail"
        public static let permission = Permission.view
        public var machine: String
        public init(machine: String) { self.machine = machine }
    }

    /// Clears a machine's live state (after a gateway sent nonsense), audited.
    public struct MachineReset: ConsoleRequestPayload {
        public typealias Response = MachineResetResult
        public static let type = "machine_reset"
        public static let auditAction = "reset_machine"
        public static let permission = Permission.resetMachine
        public var machine: String
        public var comment: String?
        public var auditObject: String { "machine:\(machine)" }
        public var auditComment: String? { comment }
        public init(machine: String, comment: String? = nil) {
            self.machine = machine
            self.comment = comment
        }
    }

    /// Books a downtime reason against a stop (`start` in ISO 8601 or nanoseconds).
    public struct Classify: ConsoleRequestPayload {
        public typealias Response = Classification
        public static let type = "classify"
        public static let auditAction = "classify_downtime"
        public static let permission = Permission.classifyDowntime
        public var machine: String
        public var start: String
        public var reason: String
        public var comment: String?
        public var auditObject: String { "machine:\(machine)" }
        public var auditComment: String? { reason }
        public init(machine: String, start: String, reason: String, comment: String? = nil) {
            self.machine = machine
            self.start = start
            self.reason = reason
            self.comment = comment
        }
    }

    /// OEE of a machine, a line or the plant over a window or a shift.
    /// MTBF, MTTR and stops of a machine, a line or the plant over a shift or a window
    /// (`ReliabilityTally` says what counts).
    public struct ReliabilityQuery: ConsoleRequestPayload {
        public typealias Response = ReliabilityResult
        public static let type = "reliability"
        public static let permission = Permission.view
        public var machine: String?
        public var line: String?
        public var from: String?
        public var to: String?
        public var shift: String?
        public var date: String?
        public init(
            machine: String? = nil, line: String? = nil, from: String? = nil, to: String? = nil, shift: String? = nil, date: String? = nil
        ) {
            self.machine = machine
            self.line = line
            self.from = from
            self.to = to
            self.shift = shift
            self.date = date
        }
    }

    /// `gemba spc`: a characteristic's control chart over a window.
    public struct SPCQuery: ConsoleRequestPayload {
        public typealias Response = SPCResult
        public static let type = "spc"
        public static let permission = Permission.view
        public var characteristic: String
        /// ISO 8601 times or dates; neither: the shift running now up to now (or the last 8 hours).
        public var from: String?
        public var to: String?
        public init(characteristic: String, from: String? = nil, to: String? = nil) {
            self.characteristic = characteristic
            self.from = from
            self.to = to
        }
    }

    /// `gemba measure`: a measured subgroup of a characteristic.
    public struct Measure: ConsoleRequestPayload {
        public typealias Response = MeasureResult
        public static let type = "measure"
        public static let permission = Permission.recordMeasurement
        public var characteristic: String
        public var values: [Double]
        public var comment: String?
        public init(characteristic: String, values: [Double], comment: String? = nil) {
            self.characteristic = characteristic
            self.values = values
            self.comment = comment
        }
    }

    /// `gemba history`: one process value's history in steps.
    public struct HistoryQuery: ConsoleRequestPayload {
        public typealias Response = HistoryResult
        public static let type = "history"
        public static let permission = Permission.view
        public var machine: String
        public var value: String
        /// ISO 8601 times or dates; both absent: the shift running now up to now (or the last 8 hours).
        public var from: String?
        public var to: String?
        /// A duration (`1m`, `5m`, `1h`, `1d`, `10s`); absent: one minute.
        public var step: String?
        /// A duration: the window that ends now (`8h`), instead of from and to.
        public var last: String?
        public init(machine: String, value: String, from: String? = nil, to: String? = nil, step: String? = nil, last: String? = nil) {
            self.machine = machine
            self.value = value
            self.from = from
            self.to = to
            self.step = step
            self.last = last
        }
    }

    public struct OEEQuery: ConsoleRequestPayload {
        public typealias Response = OEEResult
        public static let type = "oee"
        public static let permission = Permission.view
        public var machine: String?
        public var line: String?
        public var from: String?
        public var to: String?
        public var shift: String?
        public var date: String?
        /// `iso` (default) or `nakajima`.
        public var convention: String?
        public init(
            machine: String? = nil, line: String? = nil, from: String? = nil, to: String? = nil, shift: String? = nil, date: String? = nil,
            convention: String? = nil
        ) {
            self.machine = machine
            self.line = line
            self.from = from
            self.to = to
            self.shift = shift
            self.date = date
            self.convention = convention
        }
    }

    /// The OEE screen: every machine, line and the plant, this shift and the last.
    public struct OEEBoardQuery: ConsoleRequestPayload {
        public typealias Response = OEEBoard
        public static let type = "oee_board"
        public static let permission = Permission.view
        public var convention: String?
        public init(convention: String? = nil) { self.convention = convention }
    }
}
