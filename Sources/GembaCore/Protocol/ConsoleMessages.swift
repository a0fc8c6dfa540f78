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

/// A client request. `machine` is set for the requests about one machine.
public struct ClientRequest: Sendable, Codable, Equatable {
    public var type: String
    public var id: Int?
    public var `protocol`: Int?
    public var client: String?
    public var machine: String?
    /// For `oee`: a line instead of a machine; the window as [from, to) in ISO 8601,
    /// or a shift of a date; the convention (`iso` or `nakajima`).
    public var line: String?
    public var from: String?
    public var to: String?
    public var shift: String?
    public var date: String?
    public var convention: String?
    /// For `classify`: the start of the `down` interval (ISO 8601 or ns) and the reason code.
    public var start: String?
    public var reason: String?
    /// For the alarm actions: the alarm (definition id or occurrence number), the
    /// person's comment, and for `shelve` a duration (`30m`; none shelves one-shot).
    public var alarm: String?
    public var comment: String?
    public var duration: String?
    /// For `alarms`: only those on the operator's list.
    public var active: Bool?
    /// For `audit`: records from this time (ISO 8601), about this object, at most this many.
    public var since: String?
    public var object: String?
    public var limit: Int?
    /// For the order and operation requests.
    public var order: String?
    public var index: Int?
    public var product: String?
    public var quantity: Int?
    public var due: String?
    public var priority: Int?
    public var good: Int?
    public var scrap: Int?
    /// For `import_orders`: the file's text and name.
    public var text: String?
    public var file: String?
    /// For the lot and hold requests.
    public var lot: String?
    public var material: String?
    public var amount: Double?
    public var supplier: String?
    public var supplierLot: String?
    public var customerOrder: String?
    public var lots: [LotQuantity]?
    public var direction: String?
    public var scope: String?
    public var target: String?
    public var contain: Bool?
    public var hold: Int64?
    public var disposition: String?

    enum CodingKeys: String, CodingKey {
        case type, id, `protocol`, client, machine, line, from, to, shift, date, convention, start, reason, alarm, comment, duration
        case active, since, object, limit, order, index, product, quantity, due, priority, good, scrap, text, file, lot, material
        case amount, supplier, lots, direction, scope, target, contain, hold, disposition
        case supplierLot = "supplier_lot", customerOrder = "customer_order"
    }

    public init(
        type: String, id: Int? = nil, protocol: Int? = nil, client: String? = nil, machine: String? = nil,
        line: String? = nil, from: String? = nil, to: String? = nil, shift: String? = nil, date: String? = nil,
        convention: String? = nil, start: String? = nil, reason: String? = nil, alarm: String? = nil,
        comment: String? = nil, duration: String? = nil, active: Bool? = nil, since: String? = nil,
        object: String? = nil, limit: Int? = nil, order: String? = nil, index: Int? = nil, product: String? = nil,
        quantity: Int? = nil, due: String? = nil, priority: Int? = nil, good: Int? = nil, scrap: Int? = nil,
        text: String? = nil, file: String? = nil, lot: String? = nil, material: String? = nil, amount: Double? = nil,
        supplier: String? = nil, supplierLot: String? = nil, customerOrder: String? = nil, lots: [LotQuantity]? = nil,
        direction: String? = nil, scope: String? = nil, target: String? = nil, contain: Bool? = nil, hold: Int64? = nil,
        disposition: String? = nil
    ) {
        self.lot = lot
        self.material = material
        self.amount = amount
        self.supplier = supplier
        self.supplierLot = supplierLot
        self.customerOrder = customerOrder
        self.lots = lots
        self.direction = direction
        self.scope = scope
        self.target = target
        self.contain = contain
        self.hold = hold
        self.disposition = disposition
        self.order = order
        self.index = index
        self.product = product
        self.quantity = quantity
        self.due = due
        self.priority = priority
        self.good = good
        self.scrap = scrap
        self.text = text
        self.file = file
        self.alarm = alarm
        self.comment = comment
        self.duration = duration
        self.active = active
        self.since = since
        self.object = object
        self.limit = limit
        self.start = start
        self.reason = reason
        self.type = type
        self.id = id
        self.protocol = `protocol`
        self.client = client
        self.machine = machine
        self.line = line
        self.from = from
        self.to = to
        self.shift = shift
        self.date = date
        self.convention = convention
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
