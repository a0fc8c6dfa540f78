/// What the plant made in a window, order by order and operation by operation, as the ERP
/// asks for it back (ISA-95 production performance): the actual start and end, the machine
/// used, good and scrap quantities, the lots consumed and produced. The exchange module
/// writes it as a B2MML `OperationsPerformance` document; the store fills it from the
/// orders' progress and the genealogy.
public struct ProductionPerformance: Sendable, Equatable, Codable {
    public var plant: String
    /// The window asked for: orders with an operation that ran in it.
    public var from: Timestamp
    public var to: Timestamp
    /// When the document was made.
    public var published: Timestamp
    public var orders: [Order]

    public init(plant: String, from: Timestamp, to: Timestamp, published: Timestamp, orders: [Order]) {
        self.plant = plant
        self.from = from
        self.to = to
        self.published = published
        self.orders = orders
    }

    /// One work order: what was asked, what happened.
    public struct Order: Sendable, Equatable, Codable {
        public var id: String
        public var product: String
        /// The product's name in the plant file (its description).
        public var productName: String
        public var quantity: Int
        public var due: Timestamp
        public var state: WorkOrder.State
        /// The first operation's start and the last finished operation's end (nil: not yet).
        public var start: Timestamp?
        public var end: Timestamp?
        public var operations: [Operation]

        public init(
            id: String, product: String, productName: String, quantity: Int, due: Timestamp, state: WorkOrder.State, start: Timestamp?,
            end: Timestamp?, operations: [Operation]
        ) {
            self.id = id
            self.product = product
            self.productName = productName
            self.quantity = quantity
            self.due = due
            self.state = state
            self.start = start
            self.end = end
            self.operations = operations
        }
    }

    /// One operation of an order's routing as it ran.
    public struct Operation: Sendable, Equatable, Codable {
        /// 0-based place in the routing.
        public var index: Int
        /// The routing step's operation name (`stamp`, `weld`).
        public var name: String
        /// `running`, `paused`, `finished` as the floor recorded it.
        public var state: String
        public var machine: String
        public var line: String?
        public var start: Timestamp?
        public var end: Timestamp?
        public var good: Int64
        public var scrap: Int64
        public var consumed: [LotQuantity]
        public var produced: [LotQuantity]

        public init(
            index: Int, name: String, state: String, machine: String, line: String?, start: Timestamp?, end: Timestamp?, good: Int64,
            scrap: Int64, consumed: [LotQuantity], produced: [LotQuantity]
        ) {
            self.index = index
            self.name = name
            self.state = state
            self.machine = machine
            self.line = line
            self.start = start
            self.end = end
            self.good = good
            self.scrap = scrap
            self.consumed = consumed
            self.produced = produced
        }
    }

    /// A quantity of a lot of a material.
    public struct LotQuantity: Sendable, Equatable, Codable {
        public var lot: String
        public var material: String
        public var quantity: Double
        public var unit: String

        public init(lot: String, material: String, quantity: Double, unit: String) {
            self.lot = lot
            self.material = material
            self.quantity = quantity
            self.unit = unit
        }
    }
}
