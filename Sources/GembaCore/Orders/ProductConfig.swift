/// A product the plant makes and its routing: the operations in order, each with
/// the machines that can run it (with the time per unit on each) and the setup a
/// machine needs before it (ISA-95 product definition and process segments).
public struct ProductConfig: Sendable, Equatable {
    public var id: String
    public var name: String
    public var routing: [RoutingStep]

    public init(id: String, name: String, routing: [RoutingStep]) {
        self.id = id
        self.name = name
        self.routing = routing
    }
}

/// One operation of a routing.
public struct RoutingStep: Sendable, Equatable {
    /// The operation's name (`stamp`, `weld`).
    public var operation: String
    /// Eligible machines and the seconds per unit on each, in the file's order.
    public var machines: [EligibleMachine]
    /// Seconds of setup a machine needs before this operation when it last ran something else.
    public var setup: Seconds

    public init(operation: String, machines: [EligibleMachine], setup: Seconds = 0) {
        self.operation = operation
        self.machines = machines
        self.setup = setup
    }
}

/// A machine that can run a routing step, and how long one unit takes on it.
public struct EligibleMachine: Sendable, Equatable {
    public var machine: String
    public var cycleTime: Seconds

    public init(machine: String, cycleTime: Seconds) {
        self.machine = machine
        self.cycleTime = cycleTime
    }
}
