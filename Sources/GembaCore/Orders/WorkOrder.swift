/// A work order (ISA-95 job order): make `quantity` of `product` by `due`, not
/// before `release`, weighted by `priority` when the schedule cannot meet every due date.
public struct WorkOrder: Sendable, Equatable, Codable {
    /// ISA-95 job-order states.
    public enum State: String, Sendable, Codable, CaseIterable {
        case notReleased = "not_released"
        case released
        case running
        case interrupted
        case ended
        case aborted

        /// Orders the scheduler plans.
        public var isOpen: Bool { self == .released || self == .running || self == .interrupted }
    }

    /// The most an order may ask for: more is taken for a typo and refused at import.
    public static let maximumQuantity = 100_000_000

    public var id: String
    public var product: String
    public var quantity: Int
    public var due: Timestamp
    /// The weight of its lateness: 1 normal, higher more urgent.
    public var priority: Int
    public var release: Timestamp?
    public var state: State

    public init(id: String, product: String, quantity: Int, due: Timestamp, priority: Int = 1, release: Timestamp? = nil, state: State = .released) {
        self.id = id
        self.product = product
        self.quantity = quantity
        self.due = due
        self.priority = priority
        self.release = release
        self.state = state
    }
}
