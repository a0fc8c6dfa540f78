/// A material the plant receives or makes (the products of routings are materials too).
public struct MaterialConfig: Sendable, Equatable {
    public var id: String
    public var name: String
    public var unit: String

    public init(id: String, name: String, unit: String) {
        self.id = id
        self.name = name
        self.unit = unit
    }
}

/// A lot: a quantity of one material with one history (ISA-95 material lot).
public struct Lot: Sendable, Equatable, Codable {
    /// Where a lot is in its life.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case available, held, consumed, scrapped, shipped
    }

    public var id: String
    public var material: String
    public var quantity: Double
    public var unit: String
    public var status: Status
    /// `received`, `produced`, `split` or `merged`.
    public var origin: String
    public var supplier: String?
    public var supplierLot: String?
    public var machine: String?
    public var workOrder: String?
    public var operation: String?
    public var created: String
    public var createdBy: String
    /// The active holds on it.
    public var holds: [Int64]

    enum CodingKeys: String, CodingKey {
        case id, material, quantity, unit, status, origin, supplier, machine, operation, created, holds
        case supplierLot = "supplier_lot"
        case workOrder = "work_order"
        case createdBy = "created_by"
    }

    // Every key, null where there is no value, as docs/genealogy.md lists them.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(material, forKey: .material)
        try c.encode(quantity, forKey: .quantity)
        try c.encode(unit, forKey: .unit)
        try c.encode(status, forKey: .status)
        try c.encode(origin, forKey: .origin)
        try c.encode(supplier, forKey: .supplier)
        try c.encode(supplierLot, forKey: .supplierLot)
        try c.encode(machine, forKey: .machine)
        try c.encode(workOrder, forKey: .workOrder)
        try c.encode(operation, forKey: .operation)
        try c.encode(created, forKey: .created)
        try c.encode(createdBy, forKey: .createdBy)
        try c.encode(holds, forKey: .holds)
    }

    public init(
        id: String, material: String, quantity: Double, unit: String, status: Status, origin: String, supplier: String? = nil,
        supplierLot: String? = nil, machine: String? = nil, workOrder: String? = nil, operation: String? = nil, created: String,
        createdBy: String, holds: [Int64] = []
    ) {
        self.id = id
        self.material = material
        self.quantity = quantity
        self.unit = unit
        self.status = status
        self.origin = origin
        self.supplier = supplier
        self.supplierLot = supplierLot
        self.machine = machine
        self.workOrder = workOrder
        self.operation = operation
        self.created = created
        self.createdBy = createdBy
        self.holds = holds
    }
}

/// A genealogy link: `quantity` of `from` went into `to` (consumed, split, merged or shipped).
public struct LotLink: Sendable, Equatable, Codable {
    public var from: String
    public var to: String
    /// `consumed`, `split`, `merged`, `shipped`.
    public var kind: String
    public var quantity: Double
    public var workOrder: String?
    public var operation: String?
    public var machine: String?
    /// When, in nanoseconds; written as ISO 8601 (`at`) and nanoseconds (`at_ns`) only when encoded,
    /// so that a trace of tens of thousands of links formats no time it does not show.
    public var atNanos: Timestamp
    public var user: String

    public var at: String { ISOTime.format(atNanos) }

    enum CodingKeys: String, CodingKey {
        case from, to, kind, quantity, operation, machine, at, user
        case workOrder = "work_order"
        case atNanos = "at_ns"
    }

    public init(
        from: String, to: String, kind: String, quantity: Double, workOrder: String?, operation: String?, machine: String?, atNanos: Timestamp,
        user: String
    ) {
        self.from = from
        self.to = to
        self.kind = kind
        self.quantity = quantity
        self.workOrder = workOrder
        self.operation = operation
        self.machine = machine
        self.atNanos = atNanos
        self.user = user
    }

    public init(
        from: String, to: String, kind: String, quantity: Double, workOrder: String?, operation: String?, machine: String?, at: String, user: String
    ) {
        self.init(
            from: from, to: to, kind: kind, quantity: quantity, workOrder: workOrder, operation: operation, machine: machine,
            atNanos: ISOTime.parse(at) ?? 0, user: user)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        from = try c.decode(String.self, forKey: .from)
        to = try c.decode(String.self, forKey: .to)
        kind = try c.decode(String.self, forKey: .kind)
        quantity = try c.decode(Double.self, forKey: .quantity)
        workOrder = try c.decodeIfPresent(String.self, forKey: .workOrder)
        operation = try c.decodeIfPresent(String.self, forKey: .operation)
        machine = try c.decodeIfPresent(String.self, forKey: .machine)
        user = try c.decode(String.self, forKey: .user)
        if let ns = try c.decodeIfPresent(Timestamp.self, forKey: .atNanos) {
            atNanos = ns
        } else {
            atNanos = ISOTime.parse(try c.decode(String.self, forKey: .at)) ?? 0
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from, forKey: .from)
        try c.encode(to, forKey: .to)
        try c.encode(kind, forKey: .kind)
        try c.encode(quantity, forKey: .quantity)
        try c.encodeIfPresent(workOrder, forKey: .workOrder)
        try c.encodeIfPresent(operation, forKey: .operation)
        try c.encodeIfPresent(machine, forKey: .machine)
        try c.encode(at, forKey: .at)
        try c.encode(atNanos, forKey: .atNanos)
        try c.encode(user, forKey: .user)
    }
}

/// A lot in a trace, with its distance from where the trace started.
public struct TracedLot: Sendable, Equatable, Codable {
    public var id: String
    public var material: String
    public var status: String
    public var depth: Int
    public var quantity: Double
    public var supplier: String?
    public var supplierLot: String?
    public var held: Bool

    enum CodingKeys: String, CodingKey {
        case id, material, status, depth, quantity, supplier, held
        case supplierLot = "supplier_lot"
    }

    public init(id: String, material: String, status: String, depth: Int, quantity: Double, supplier: String?, supplierLot: String?, held: Bool) {
        self.id = id
        self.material = material
        self.status = status
        self.depth = depth
        self.quantity = quantity
        self.supplier = supplier
        self.supplierLot = supplierLot
        self.held = held
    }
}

/// A trace: every lot reached (once, at its shortest depth) and every link on the way
/// (a lot reached by two paths has both links).
public struct Trace: Sendable, Equatable, Codable {
    public var direction: String
    public var start: [String]
    public var lots: [TracedLot]
    public var links: [LotLink]
    /// Customer orders the traced lots were shipped to (forward traces).
    public var shipments: [Shipment]

    public init(direction: String, start: [String], lots: [TracedLot], links: [LotLink], shipments: [Shipment]) {
        self.direction = direction
        self.start = start
        self.lots = lots
        self.links = links
        self.shipments = shipments
    }
}

/// A lot shipped to a customer order.
public struct Shipment: Sendable, Equatable, Codable {
    public var lot: String
    public var customerOrder: String
    public var quantity: Double
    public var at: String

    enum CodingKeys: String, CodingKey {
        case lot, quantity, at
        case customerOrder = "customer_order"
    }

    public init(lot: String, customerOrder: String, quantity: Double, at: String) {
        self.lot = lot
        self.customerOrder = customerOrder
        self.quantity = quantity
        self.at = at
    }
}

/// A quality hold and what it holds.
public struct Hold: Sendable, Equatable, Codable {
    public var id: Int64
    /// `lot`, `work_order`, `machine`, `supplier_lot`.
    public var scope: String
    public var target: String
    public var lots: [String]
    public var reason: String
    public var reasonCode: String?
    public var placedBy: String
    public var placedAt: String
    /// `active` or `released`.
    public var status: String
    public var disposition: String?
    public var releasedBy: String?
    public var releasedAt: String?
    public var comment: String?
    /// Lots of the held closure that had already shipped: who to notify.
    public var shipped: [Shipment]

    enum CodingKeys: String, CodingKey {
        case id, scope, target, lots, reason, status, disposition, comment, shipped
        case reasonCode = "reason_code"
        case placedBy = "placed_by"
        case placedAt = "placed_at"
        case releasedBy = "released_by"
        case releasedAt = "released_at"
    }

    // Optional values are written as `null`, never left out, as docs/genealogy.md lists them:
    // scripts (`gemba holds --json | jq`) read every key.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(scope, forKey: .scope)
        try c.encode(target, forKey: .target)
        try c.encode(lots, forKey: .lots)
        try c.encode(reason, forKey: .reason)
        try c.encode(reasonCode, forKey: .reasonCode)
        try c.encode(placedBy, forKey: .placedBy)
        try c.encode(placedAt, forKey: .placedAt)
        try c.encode(status, forKey: .status)
        try c.encode(disposition, forKey: .disposition)
        try c.encode(releasedBy, forKey: .releasedBy)
        try c.encode(releasedAt, forKey: .releasedAt)
        try c.encode(comment, forKey: .comment)
        try c.encode(shipped, forKey: .shipped)
    }

    public init(
        id: Int64, scope: String, target: String, lots: [String], reason: String, reasonCode: String?, placedBy: String, placedAt: String,
        status: String, disposition: String? = nil, releasedBy: String? = nil, releasedAt: String? = nil, comment: String? = nil,
        shipped: [Shipment] = []
    ) {
        self.id = id
        self.scope = scope
        self.target = target
        self.lots = lots
        self.reason = reason
        self.reasonCode = reasonCode
        self.placedBy = placedBy
        self.placedAt = placedAt
        self.status = status
        self.disposition = disposition
        self.releasedBy = releasedBy
        self.releasedAt = releasedAt
        self.comment = comment
        self.shipped = shipped
    }
}

/// Release dispositions.
public enum Disposition: String, Sendable, Codable, CaseIterable {
    case useAsIs = "use_as_is"
    case rework
    case scrap
    case returnToVendor = "return_to_vendor"
}

/// Why a lot movement was refused, in words for the person.
public struct LotError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A lot and a quantity of it (an input consumed, a part of a split).
public struct LotQuantity: Sendable, Equatable, Codable {
    public var lot: String
    public var quantity: Double?

    public init(lot: String, quantity: Double?) {
        self.lot = lot
        self.quantity = quantity
    }

    /// `LOT:QTY` as the command line writes it (`LOT` alone: no quantity).
    public init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":") else {
            guard !text.isEmpty else { return nil }
            self.init(lot: text, quantity: nil)
            return
        }
        guard let q = Double(text[text.index(after: colon)...]), q > 0, q.isFinite else { return nil }
        let lot = String(text[..<colon])
        guard !lot.isEmpty else { return nil }
        self.init(lot: lot, quantity: q)
    }
}

/// The reply to a lot movement: the lots it made or changed, and a shipment.
public struct LotMovement: Sendable, Equatable, Codable {
    public var lots: [Lot]
    public var shipment: Shipment?

    public init(lots: [Lot], shipment: Shipment?) {
        self.lots = lots
        self.shipment = shipment
    }
}
