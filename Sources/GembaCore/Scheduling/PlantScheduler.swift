/// The plant's schedule: every open work order's remaining operations on machines,
/// in time, with setups, release times, the shift calendar, machines that are down,
/// operations in progress and a frozen horizon; lowest total weighted tardiness first
/// (or makespan first, as the plant file says).
///
/// The search is the same family as `ShopTabuSearch`, made for due dates: it follows
/// the critical path of the latest job (weighted), tries swaps of adjacent operations
/// on it and moves of its operations to other eligible machines, ranks them by an
/// estimate and evaluates the best few exactly and incrementally (calendar and setups
/// included), and keeps a tabu list (`PlantSearch`). Deterministic for a seed; the
/// caller's clock decides when it stops.
public enum PlantScheduler {
    /// What the scheduler knows about an operation already under way or done.
    public struct Progress: Sendable, Equatable {
        /// Where an operation stands on the floor.
        public enum State: String, Sendable, Codable { case running, paused, done }
        public var state: State
        public var machine: String
        public var started: Timestamp?
        /// Units still to make (for a running or paused operation).
        public var remaining: Int

        public init(state: State, machine: String, started: Timestamp?, remaining: Int) {
            self.state = state
            self.machine = machine
            self.started = started
            self.remaining = remaining
        }
    }

    /// Everything one reschedule starts from.
    public struct Input: Sendable {
        public var plant: PlantConfig
        public var now: Timestamp
        public var orders: [WorkOrder]
        /// Keyed by `OperationKey`.
        public var progress: [OperationKey: Progress]
        /// Machines that are down or offline: no new work until they are back.
        public var unavailable: Set<String>
        /// The previous schedule: operations in it that start within the frozen horizon keep their machine and order.
        public var previous: PlantSchedule?
        /// Orders on hold, with why: they leave the schedule.
        public var held: [String: String] = [:]

        public init(
            plant: PlantConfig, now: Timestamp, orders: [WorkOrder], progress: [OperationKey: Progress] = [:],
            unavailable: Set<String> = [], previous: PlantSchedule? = nil
        ) {
            self.plant = plant
            self.now = now
            self.orders = orders
            self.progress = progress
            self.unavailable = unavailable
            self.previous = previous
        }
    }

    /// How the search evaluates the moves it considers.
    public enum Evaluation: Sendable, Equatable {
        /// Every candidate ranked by an estimate, the best few evaluated exactly, recomputing only
        /// what a move changes (`PlantMoveEstimate`, `PlantIncrementalEvaluation`).
        case incremental
        /// Every candidate evaluated exactly by evaluating the whole plant: the way before the
        /// incremental evaluation, kept as the benchmark's baseline.
        case full
    }

    /// With `threads` above one, that many searches run side by side from seeds drawn from
    /// `seed` (the first with `seed` itself); every `epoch` moves each search that is behind the
    /// best of them and did not improve in that stretch starts again from it. Deterministic for a seed and a thread count under a
    /// move limit; `limits.iterations` counts each thread's moves.
    public static func schedule(
        _ input: Input, seed: UInt64 = 1, threads: Int = 1, limits: SearchLimits, evaluation: Evaluation = .incremental
    ) -> PlantSchedule {
        var model = PlantModel(input)
        guard threads > 1, model.n > 1 else {
            model.search(seed: seed, limits: limits, evaluation: evaluation)
            return model.result()
        }
        var searches = (0..<threads).map { PlantSearch(model, seed: ShopTabuSearch.threadSeed(seed, $0), evaluation: evaluation) }
        func leader(_ all: [PlantSearch]) -> Int {
            var l = 0
            for t in all.indices where all[t].best.objective < all[l].best.objective { l = t }
            return l
        }
        // A search that found nothing better in the last stretch starts again from the best of
        // all; one still improving goes its own way.
        var previous = searches.map(\.best.objective)
        ParallelEpochs.run(
            &searches, epoch: epoch, step: { $0.run(moves: $1, limits: limits) },
            share: { all in
                let l = leader(all)
                for t in all.indices where all[l].best.objective < all[t].best.objective && !(all[t].best.objective < previous[t]) {
                    all[t].adopt(all[l].best)
                }
                previous = all.map(\.best.objective)
            })
        var iterations = 0
        for s in searches { iterations += s.iterations }
        let winner = searches[leader(searches)]
        model = winner.finish()
        model.iterations = iterations
        return model.result()
    }

    /// Moves each of several searches makes between two looks at their best.
    static let epoch = 512
}

/// An operation of a work order: the order and the routing step's index.
public struct OperationKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public var order: String
    public var index: Int

    public init(order: String, index: Int) {
        self.order = order
        self.index = index
    }

    public var description: String { "\(order)/\(index + 1)" }
}

/// One planned operation, as the Queues and Schedule screens and `gemba schedule --json` show it.
public struct PlannedOperation: Sendable, Equatable, Codable {
    public var order: String
    public var index: Int
    public var operation: String
    public var product: String
    public var machine: String
    public var quantity: Int
    public var start: String
    public var end: String
    public var startNanos: Timestamp
    public var endNanos: Timestamp
    /// Seconds of setup planned before it.
    public var setup: Int
    public var due: String
    /// Seconds its order finishes after its due date (0 when on time); on the order's last operation.
    public var lateness: Int
    /// `planned`, `running`, `paused`; frozen ones keep their place.
    public var state: String
    public var frozen: Bool

    enum CodingKeys: String, CodingKey {
        case order, index, operation, product, machine, quantity, start, end, setup, due, lateness, state, frozen
        case startNanos = "start_ns"
        case endNanos = "end_ns"
    }

    public init(
        order: String, index: Int, operation: String, product: String, machine: String, quantity: Int, start: String, end: String,
        startNanos: Timestamp, endNanos: Timestamp, setup: Int, due: String, lateness: Int, state: String, frozen: Bool
    ) {
        self.order = order
        self.index = index
        self.operation = operation
        self.product = product
        self.machine = machine
        self.quantity = quantity
        self.start = start
        self.end = end
        self.startNanos = startNanos
        self.endNanos = endNanos
        self.setup = setup
        self.due = due
        self.lateness = lateness
        self.state = state
        self.frozen = frozen
    }
}

/// A span of time [start, end) in nanoseconds.
public struct TimeSpan: Sendable, Equatable, Codable {
    public var start: Timestamp
    public var end: Timestamp

    public init(start: Timestamp, end: Timestamp) {
        self.start = start
        self.end = end
    }
}

/// An operation the scheduler could not place, and why.
public struct UnscheduledOperation: Sendable, Equatable, Codable {
    public var order: String
    public var index: Int
    public var reason: String

    public init(order: String, index: Int, reason: String) {
        self.order = order
        self.index = index
        self.reason = reason
    }
}

/// A whole schedule with its figures.
public struct PlantSchedule: Sendable, Equatable, Codable {
    public var generatedAt: String
    public var generatedNanos: Timestamp
    public var objective: String
    /// Σ priority × seconds late over the orders.
    public var weightedTardiness: Int
    public var lateOrders: Int
    /// When the last operation ends.
    public var makespanEnd: String?
    public var operations: [PlannedOperation]
    public var unscheduled: [UnscheduledOperation]
    public var iterations: Int
    /// Time no work is planned in (breaks, nights), from now to a day past the last operation.
    public var nonWorking: [TimeSpan]?

    enum CodingKeys: String, CodingKey {
        case objective, operations, unscheduled, iterations
        case nonWorking = "non_working"
        case generatedAt = "generated_at"
        case generatedNanos = "generated_ns"
        case weightedTardiness = "weighted_tardiness"
        case lateOrders = "late_orders"
        case makespanEnd = "makespan_end"
    }

    public static let empty = PlantSchedule(
        generatedAt: "", generatedNanos: 0, objective: "tardiness", weightedTardiness: 0, lateOrders: 0, makespanEnd: nil,
        operations: [], unscheduled: [], iterations: 0)
}
