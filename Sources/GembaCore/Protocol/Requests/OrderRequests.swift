/// Work orders, the schedule and the operators' steps.
extension Requests {
    public struct Orders: ConsoleRequestPayload {
        public typealias Response = [OrderStatus]
        public static let type = "orders"
        public static let permission = Permission.view
        public init() {}
    }

    public struct Schedule: ConsoleRequestPayload {
        public typealias Response = PlantSchedule
        public static let type = "schedule"
        public static let permission = Permission.view
        public init() {}
    }

    /// The planned operations of one machine, in order.
    public struct Queue: ConsoleRequestPayload {
        public typealias Response = [PlannedOperation]
        public static let type = "queue"
        public static let permission = Permission.view
        public var machine: String
        public init(machine: String) { self.machine = machine }
    }

    /// What the machine counted since an operation started: the default for finishing it.
    public struct OperationCounts: ConsoleRequestPayload {
        public typealias Response = CountedQuantity
        public static let type = "op_counts"
        public static let permission = Permission.view
        public var order: String
        public var index: Int
        public init(order: String, index: Int) {
            self.order = order
            self.index = index
        }
    }

    /// `gemba export performance`: what the orders that ran in a window made, operation by
    /// operation, with the lots consumed and produced (the CLI writes it as B2MML).
    public struct Performance: ConsoleRequestPayload {
        public typealias Response = ProductionPerformance
        public static let type = "performance"
        public static let permission = Permission.view
        public var from: String
        public var to: String
        public var order: String?
        public init(from: String, to: String, order: String? = nil) {
            self.from = from
            self.to = to
            self.order = order
        }
    }

    /// Imports orders from a file's text (CSV, JSON or B2MML XML); all or nothing.
    public struct ImportOrders: ConsoleRequestPayload {
        public typealias Response = OrderChangeResult
        public static let type = "import_orders"
        public static let permission = Permission.manageOrders
        public var text: String
        public var file: String?
        public var auditObject: String { "orders" }
        public var auditComment: String? { file }
        public init(text: String, file: String? = nil) {
            self.text = text
            self.file = file
        }
    }

    /// Adds one order.
    public struct OrderAdd: ConsoleRequestPayload {
        public typealias Response = OrderChangeResult
        public static let type = "order_add"
        public static let auditAction = "add_order"
        public static let permission = Permission.manageOrders
        public var order: String
        public var product: String
        public var quantity: Int
        public var due: String
        public var priority: Int?
        public var auditObject: String { "orders" }
        public init(order: String, product: String, quantity: Int, due: String, priority: Int? = nil) {
            self.order = order
            self.product = product
            self.quantity = quantity
            self.due = due
            self.priority = priority
        }
    }

    public struct OrderPriority: ConsoleRequestPayload {
        public typealias Response = OrderChangeResult
        public static let type = "order_priority"
        public static let auditAction = "reprioritise_order"
        public static let permission = Permission.manageOrders
        public var order: String
        public var priority: Int
        public var comment: String?
        public var auditObject: String { "order:\(order)" }
        public var auditComment: String? { comment }
        public init(order: String, priority: Int, comment: String? = nil) {
            self.order = order
            self.priority = priority
            self.comment = comment
        }
    }

    /// Cancels an order; needs a reason.
    public struct OrderCancel: ConsoleRequestPayload {
        public typealias Response = OrderChangeResult
        public static let type = "order_cancel"
        public static let auditAction = "cancel_order"
        public static let permission = Permission.manageOrders
        public var order: String
        public var comment: String?
        public var auditObject: String { "order:\(order)" }
        public var auditComment: String? { comment }
        public init(order: String, comment: String? = nil) {
            self.order = order
            self.comment = comment
        }
    }

    /// Starts an operation (`index` counts from 0) on a machine, with the input lots scanned.
    public struct OperationStart: OperationStepPayload {
        public static let type = "op_start"
        public var order: String
        public var index: Int
        public var machine: String?
        public var lots: [LotQuantity]?
        public var comment: String?
        public init(order: String, index: Int, machine: String? = nil, lots: [LotQuantity]? = nil, comment: String? = nil) {
            self.order = order
            self.index = index
            self.machine = machine
            self.lots = lots
            self.comment = comment
        }
    }

    public struct OperationPause: OperationStepPayload {
        public static let type = "op_pause"
        public var order: String
        public var index: Int
        public var machine: String?
        public var comment: String?
        public init(order: String, index: Int, machine: String? = nil, comment: String? = nil) {
            self.order = order
            self.index = index
            self.machine = machine
            self.comment = comment
        }
    }

    /// Finishes an operation with its good and scrap quantities, and optionally the lot it made.
    /// Less than the order's remaining quantity needs `partial`.
    public struct OperationFinish: OperationStepPayload {
        public static let type = "op_finish"
        public var order: String
        public var index: Int
        public var machine: String?
        public var good: Int
        public var scrap: Int
        public var lot: String?
        public var partial: Bool?
        public var comment: String?
        public init(
            order: String, index: Int, machine: String? = nil, good: Int, scrap: Int, lot: String? = nil, partial: Bool? = nil,
            comment: String? = nil
        ) {
            self.order = order
            self.index = index
            self.machine = machine
            self.good = good
            self.scrap = scrap
            self.lot = lot
            self.partial = partial
            self.comment = comment
        }
    }
}

/// An operator's step on one operation of an order.
public protocol OperationStepPayload: ConsoleRequestPayload where Response == OrderChangeResult {
    var order: String { get }
    var index: Int { get }
    var machine: String? { get }
    var comment: String? { get }
}

extension OperationStepPayload {
    public static var permission: Permission { .runOperations }
    /// The operation, as its accepted steps name it (numbered from 1; any index a request
    /// carries, Int.max included, is named without arithmetic that could trap).
    public var auditObject: String { "operation:\(order)/\(index < Int.max ? index + 1 : index)" }
    public var auditComment: String? { comment }
}
