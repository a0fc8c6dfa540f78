/// Lots, traces and quality holds.
extension Requests {
    public struct LotQuery: ConsoleRequestPayload {
        public typealias Response = Lot
        public static let type = "lot"
        public static let permission = Permission.view
        public var lot: String
        public init(lot: String) { self.lot = lot }
    }

    /// A lot received from a supplier.
    public struct LotReceive: LotMovementPayload {
        public static let type = "lot_receive"
        public static let auditAction = "receive_lot"
        public var lot: String
        public var material: String
        public var amount: Double
        public var supplier: String?
        public var supplierLot: String?
        enum CodingKeys: String, CodingKey {
            case lot, material, amount, supplier
            case supplierLot = "supplier_lot"
        }
        public init(lot: String, material: String, amount: Double, supplier: String? = nil, supplierLot: String? = nil) {
            self.lot = lot
            self.material = material
            self.amount = amount
            self.supplier = supplier
            self.supplierLot = supplierLot
        }
    }

    /// A lot made on a machine from input lots (`LOT:QTY`).
    public struct LotProduce: LotMovementPayload {
        public static let type = "lot_produce"
        public static let auditAction = "produce_lot"
        public var lot: String
        public var material: String
        public var amount: Double
        public var lots: [LotQuantity]?
        public var machine: String?
        public var order: String?
        public var index: Int?
        public init(
            lot: String, material: String, amount: Double, lots: [LotQuantity]? = nil, machine: String? = nil, order: String? = nil,
            index: Int? = nil
        ) {
            self.lot = lot
            self.material = material
            self.amount = amount
            self.lots = lots
            self.machine = machine
            self.order = order
            self.index = index
        }
    }

    /// A lot split into new lots (`NEW:QTY`).
    public struct LotSplit: LotMovementPayload {
        public static let type = "lot_split"
        public static let auditAction = "split_lot"
        public var lot: String
        public var lots: [LotQuantity]
        public init(lot: String, lots: [LotQuantity]) {
            self.lot = lot
            self.lots = lots
        }
    }

    /// Lots of one material merged into a new lot.
    public struct LotMerge: LotMovementPayload {
        public static let type = "lot_merge"
        public static let auditAction = "merge_lots"
        public var lot: String
        public var lots: [LotQuantity]
        public init(lot: String, lots: [LotQuantity]) {
            self.lot = lot
            self.lots = lots
        }
    }

    public struct LotShip: LotMovementPayload {
        public static let type = "lot_ship"
        public static let auditAction = "ship_lot"
        public var lot: String
        public var customerOrder: String
        enum CodingKeys: String, CodingKey {
            case lot
            case customerOrder = "customer_order"
        }
        public init(lot: String, customerOrder: String) {
            self.lot = lot
            self.customerOrder = customerOrder
        }
    }

    /// A lot's genealogy forward or backward, or the lots a machine made in a window.
    public struct TraceQuery: ConsoleRequestPayload {
        public typealias Response = Trace
        public static let type = "trace"
        public static let permission = Permission.view
        public var lot: String?
        public var machine: String?
        public var from: String?
        public var to: String?
        /// `forward` (default) or `backward`.
        public var direction: String?
        public init(lot: String? = nil, machine: String? = nil, from: String? = nil, to: String? = nil, direction: String? = nil) {
            self.lot = lot
            self.machine = machine
            self.from = from
            self.to = to
            self.direction = direction
        }
    }

    public struct Holds: ConsoleRequestPayload {
        public typealias Response = [Hold]
        public static let type = "holds"
        public static let permission = Permission.view
        public init() {}
    }

    /// A hold on a lot, a work order, a machine's window or a supplier lot; `contain` holds the
    /// forward closure too.
    public struct HoldPlace: ConsoleRequestPayload {
        public typealias Response = Hold
        public static let type = "hold_place"
        public static let auditAction = "place_hold"
        public static let permission = Permission.placeHold
        /// `lot` (default), `work_order`, `machine` or `supplier_lot`.
        public var scope: String?
        public var target: String?
        public var lot: String?
        public var machine: String?
        public var order: String?
        public var from: String?
        public var to: String?
        public var reason: String?
        /// The reason code, when one was picked.
        public var comment: String?
        public var contain: Bool?
        public var auditObject: String { "\(scope ?? "lot"):\(target ?? lot ?? machine ?? order ?? "?")" }
        public var auditComment: String? { reason }
        public init(
            scope: String? = nil, target: String? = nil, lot: String? = nil, machine: String? = nil, order: String? = nil, from: String? = nil,
            to: String? = nil, reason: String? = nil, comment: String? = nil, contain: Bool? = nil
        ) {
            self.scope = scope
            self.target = target
            self.lot = lot
            self.machine = machine
            self.order = order
            self.from = from
            self.to = to
            self.reason = reason
            self.comment = comment
            self.contain = contain
        }
    }

    /// Releases a hold with a disposition (`use_as_is`, `rework`, `scrap`, `return_to_vendor`); needs a comment.
    public struct HoldRelease: ConsoleRequestPayload {
        public typealias Response = Hold
        public static let type = "hold_release"
        public static let auditAction = "release_hold"
        public static let permission = Permission.releaseHold
        public var hold: Int64
        public var disposition: String?
        public var comment: String?
        public var auditObject: String { "hold:\(hold)" }
        public var auditComment: String? { comment }
        public init(hold: Int64, disposition: String? = nil, comment: String? = nil) {
            self.hold = hold
            self.disposition = disposition
            self.comment = comment
        }
    }
}

/// A movement of one lot (receive, produce, split, merge, ship).
public protocol LotMovementPayload: ConsoleRequestPayload where Response == LotMovement {
    var lot: String { get }
}

extension LotMovementPayload {
    public static var permission: Permission { .moveLots }
    public var auditObject: String { "lot:\(lot)" }
}
