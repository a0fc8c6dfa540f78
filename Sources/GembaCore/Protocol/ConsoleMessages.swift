/// The envelope of every console-protocol message, read first to learn what the rest is.
public struct MessageHeader: Sendable, Codable, Equatable {
    public var type: String
    public var id: Int?
    public var ok: Bool?
    public var error: ProtocolError?

    public init(type: String, id: Int? = nil, ok: Bool? = nil, error: ProtocolError? = nil) {
        self.type = type
        self.id = id
        self.ok = ok
        self.error = error
    }
}

/// A refusal on the wire: a stable `code` for scripts and a `message` for people.
public struct ProtocolError: Sendable, Codable, Equatable, Error, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) (\(code))" }
}

/// The daemon's first message on every console connection.
public struct ServerHello: Sendable, Codable, Equatable {
    public var type = "hello"
    public var `protocol`: Int
    public var server: String
    public var plant: String
    /// The OS user the daemon identified from the socket's peer credentials.
    public var user: String
    public var uid: UInt32
    /// The roles the daemon gave this user, and what they allow (`Permission` names):
    /// the console greys out the rest, the daemon enforces it either way.
    public var roles: [String]?
    public var permissions: [String]?

    public init(protocol: Int, server: String, plant: String, user: String, uid: UInt32, roles: [String]? = nil, permissions: [String]? = nil) {
        self.roles = roles
        self.permissions = permissions
        self.protocol = `protocol`
        self.server = server
        self.plant = plant
        self.user = user
        self.uid = uid
    }
}

/// A successful reply carrying a typed result.
public struct Reply<Result: Codable & Sendable>: Sendable, Codable {
    public var type = "reply"
    public var id: Int?
    public var ok = true
    public var result: Result

    public init(id: Int?, result: Result) {
        self.id = id
        self.result = result
    }
}

/// A refused request.
public struct ErrorReply: Sendable, Codable {
    public var type = "reply"
    public var id: Int?
    public var ok = false
    public var error: ProtocolError

    public init(id: Int?, error: ProtocolError) {
        self.id = id
        self.error = error
    }
}

/// A pushed change to a subscription.
public struct DeltaEvent: Sendable, Codable {
    public var type = "delta"
    public var delta: FloorDelta

    public init(delta: FloorDelta) { self.delta = delta }
}

/// A reply with no data beyond success.
public struct Empty: Sendable, Codable, Equatable {
    public init() {}
}

/// A downtime reason booked against a stop: the reply to `classify`.
public struct Classification: Sendable, Codable, Equatable {
    public var machine: String
    public var start: String
    public var startNanos: Timestamp
    public var reason: String
    public var user: String
    public var at: String

    enum CodingKeys: String, CodingKey {
        case machine, start, reason, user, at
        case startNanos = "start_ns"
    }

    public init(machine: String, start: String, startNanos: Timestamp, reason: String, user: String, at: String) {
        self.machine = machine
        self.start = start
        self.startNanos = startNanos
        self.reason = reason
        self.user = user
        self.at = at
    }
}
