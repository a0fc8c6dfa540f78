/// A work order as `gemba orders --json` and the console show it: the order, where
/// each of its operations stands, and when the schedule says it will be done.
public struct OrderStatus: Sendable, Equatable, Codable {
    public var id: String
    public var product: String
    public var quantity: Int
    public var due: String
    public var priority: Int
    public var release: String?
    public var state: String
    public var operations: [OperationStatus]
    /// When its last operation ends in the schedule, and how late that is (seconds, 0 on time).
    public var plannedEnd: String?
    public var lateness: Int?

    enum CodingKeys: String, CodingKey {
        case id, product, quantity, due, priority, release, state, operations, lateness
        case plannedEnd = "planned_end"
    }

    public init(
        id: String, product: String, quantity: Int, due: String, priority: Int, release: String?, state: String,
        operations: [OperationStatus], plannedEnd: String?, lateness: Int?
    ) {
        self.id = id
        self.product = product
        self.quantity = quantity
        self.due = due
        self.priority = priority
        self.release = release
        self.state = state
        self.operations = operations
        self.plannedEnd = plannedEnd
        self.lateness = lateness
    }
}

/// One operation of an order: its routing step and what happened to it.
public struct OperationStatus: Sendable, Equatable, Codable {
    public var index: Int
    public var operation: String
    /// `waiting`, `planned`, `running`, `paused`, `done`, `unscheduled`.
    public var state: String
    public var machine: String?
    public var good: Int
    public var scrap: Int

    public init(index: Int, operation: String, state: String, machine: String?, good: Int, scrap: Int) {
        self.index = index
        self.operation = operation
        self.state = state
        self.machine = machine
        self.good = good
        self.scrap = scrap
    }
}

/// The reply to an order change or an import.
public struct OrderChangeResult: Sendable, Equatable, Codable {
    public var orders: [String]
    public var audit: Int64

    public init(orders: [String], audit: Int64) {
        self.orders = orders
        self.audit = audit
    }
}

/// What a machine counted since an operation started (nil when it reports no counters).
public struct CountedQuantity: Sendable, Equatable, Codable {
    public var good: Int?
    public var scrap: Int?
    public var machine: String
    /// What the order asks for: a finish with less good is partial and is confirmed first.
    public var quantity: Int?

    public init(good: Int?, scrap: Int?, machine: String, quantity: Int? = nil) {
        self.good = good
        self.scrap = scrap
        self.machine = machine
        self.quantity = quantity
    }
}
