import Foundation
import GembaClient
import GembaCore

/// A request line of any shape, every field optional: what tests send when they must say
/// what no typed request (`ConsoleRequestPayload`) can, such as a field of the wrong kind, an
/// unknown type or a request the protocol does not have. Clients use `ConsoleRequest`.
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
    /// For `op_finish`: less good than the order asks for, confirmed.
    public var partial: Bool?

    enum CodingKeys: String, CodingKey {
        case type, id, `protocol`, client, machine, line, from, to, shift, date, convention, start, reason, alarm, comment, duration
        case active, since, object, limit, order, index, product, quantity, due, priority, good, scrap, text, file, lot, material
        case amount, supplier, lots, direction, scope, target, contain, hold, disposition, partial
        case supplierLot = "supplier_lot"
        case customerOrder = "customer_order"
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
        disposition: String? = nil, partial: Bool? = nil
    ) {
        self.partial = partial
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

extension ConsoleConnection {
    /// Sends a loosely built request and waits for its reply's result.
    public func request<T: Codable & Sendable>(_ request: ClientRequest, as type: T.Type, timeout: Double = 10) throws -> T {
        var r = request
        let id = takeID()
        r.id = id
        try send(line: try JSONEncoder().encode(r))
        return try reply(to: id, as: T.self, timeout: timeout)
    }

    /// Sends a loosely built request and returns the id it was given.
    @discardableResult
    public func send(_ request: ClientRequest) throws -> Int {
        var r = request
        let id = takeID()
        r.id = id
        try send(line: try JSONEncoder().encode(r))
        return id
    }
}
