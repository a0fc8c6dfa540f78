import Foundation

/// The operator's steps on one operation (start, pause, finish) as pure decisions: the state
/// read inside the write transaction and the command in, the changes and the audit record
/// out, or a refusal with its reason. The daemon applies the result in that same transaction,
/// so two consoles racing for one operation get one winner.
public enum OperationDecision {
    /// Where one operation stands, as stored.
    public struct Progress: Sendable, Equatable {
        public var state: PlantScheduler.Progress.State
        public var machine: String
        public var started: Timestamp?
        public var good: Int
        public var scrap: Int

        public init(state: PlantScheduler.Progress.State, machine: String, started: Timestamp?, good: Int, scrap: Int) {
            self.state = state
            self.machine = machine
            self.started = started
            self.good = good
            self.scrap = scrap
        }
    }

    /// What the decision needs to know, read in the transaction that will write its result.
    public struct Context: Sendable {
        public var order: WorkOrder?
        public var routing: [RoutingStep]?
        public var current: Progress?
        /// The operation before this one in the routing, when there is one.
        public var previous: Progress?
        /// Where the schedule put the operation.
        public var plannedMachine: String?
        /// The lots scanned at start, as stored now (nil: no such lot).
        public var scanned: [String: Lot?]
        /// For a finish with an output lot: whether that id is taken.
        public var outputLotExists: Bool
        /// How far above the order's quantity a good count may go (0.1 = 10 %).
        public var overrunTolerance: Double
        /// Every running operation and its machine: a machine runs one operation at a time.
        public var running: [OperationKey: String]

        public init(
            order: WorkOrder?, routing: [RoutingStep]?, current: Progress?, previous: Progress?, plannedMachine: String?,
            scanned: [String: Lot?] = [:], outputLotExists: Bool = false, overrunTolerance: Double = 0.1, running: [OperationKey: String] = [:]
        ) {
            self.running = running
            self.order = order
            self.routing = routing
            self.current = current
            self.previous = previous
            self.plannedMachine = plannedMachine
            self.scanned = scanned
            self.outputLotExists = outputLotExists
            self.overrunTolerance = overrunTolerance
        }
    }

    public enum Step: Sendable, Equatable {
        case start(lots: [LotQuantity])
        case pause
        case finish(good: Int, scrap: Int, outputLot: String?, partial: Bool)
    }

    /// What to write: the operation's new progress, the order's state, the inputs scanned at
    /// start, the output lot at finish, and the audit record.
    public struct Change: Sendable, Equatable {
        public var key: OperationKey
        public var progress: Progress
        public var ended: Timestamp?
        public var orderState: WorkOrder.State
        public var inputs: [LotQuantity]?
        public var outputLot: String?
        public var product: String
        public var operation: String
        public var audit: AuditRecord
    }

    /// The largest quantity one operation may report: no count a person types may overflow what adds it up.
    public static let maximumQuantity = 10_000_000

    public static func decide(
        _ step: Step, order id: String, index k: Int, machine requested: String?, comment: String?, context c: Context, by actor: Actor,
        at now: Timestamp
    ) throws(Refusal) -> Change {
        guard let order = c.order else { throw Refusal("unknown_order", "no work order \"\(id)\"") }
        guard order.state.isOpen else { throw Refusal("not_applicable", "\(id) is \(order.state.rawValue)") }
        guard let routing = c.routing, routing.indices.contains(k) else { throw Refusal("bad_request", "\(id) has no operation \(k + 1)") }
        let key = OperationKey(order: id, index: k)
        let machine = requested ?? c.current?.machine ?? c.plannedMachine ?? routing[k].machines[0].machine
        guard routing[k].machines.contains(where: { $0.machine == machine }) else {
            throw Refusal("bad_request", "\(routing[k].operation) of \(id) cannot run on \(machine)")
        }
        var progress = c.current ?? Progress(state: .paused, machine: machine, started: nil, good: 0, scrap: 0)
        progress.machine = machine
        var inputs: [LotQuantity]?
        var outputLot: String?
        switch step {
        case .start(let lots):
            if c.current?.state == .done { throw Refusal("not_applicable", "\(key) is finished") }
            if c.current?.state == .running { throw Refusal("not_applicable", "\(key) is running already") }
            if k > 0, c.previous?.state != .done {
                throw Refusal("not_applicable", "\(key) waits for \(OperationKey(order: id, index: k - 1)) to finish")
            }
            if let other = c.running.first(where: { $0.value == machine && $0.key != key })?.key {
                throw Refusal("not_applicable", "\(machine) is running \(other): pause or finish it first")
            }
            for input in lots {
                guard let found = c.scanned[input.lot], let lot = found else { throw Refusal("unknown_lot", "no lot \(input.lot)") }
                try LotRules.mustBeUsable(lot)
                if let q = input.quantity, !(q > 0 && q.isFinite) {
                    throw Refusal("bad_request", "the quantity of \(input.lot) must be above zero")
                }
            }
            progress.state = .running
            progress.started = progress.started ?? now
            inputs = lots.isEmpty ? nil : lots
        case .pause:
            guard c.current?.state == .running else { throw Refusal("not_applicable", "\(key) is not running") }
            progress.state = .paused
        case .finish(let good, let scrap, let out, let partial):
            guard c.current?.state == .running || c.current?.state == .paused else { throw Refusal("not_applicable", "\(key) has not started") }
            guard good >= 0, scrap >= 0 else { throw Refusal("bad_request", "good and scrap must be 0 or more (\(good) good, \(scrap) scrap)") }
            let ceiling = Int((Double(order.quantity) * (1 + c.overrunTolerance)).rounded(.down))
            guard good <= ceiling else {
                throw Refusal(
                    "too_many", "\(good) good is more than \(id) asks for: \(order.quantity), at most \(ceiling) with the plant's overrun tolerance")
            }
            guard scrap <= maximumQuantity else {
                throw Refusal("too_many", "\(scrap) scrap is more than any operation reports (at most \(maximumQuantity))")
            }
            if good < order.quantity && !partial {
                throw Refusal(
                    "partial", "\(good) good is less than the \(order.quantity) \(id) asks for: confirm a partial finish (--partial)")
            }
            if let out, !out.isEmpty {
                guard good > 0 else { throw Refusal("bad_request", "an output lot needs a good quantity above zero") }
                if let problem = LotRules.idProblem(out) { throw Refusal("bad_request", problem) }
                if c.outputLotExists { throw Refusal("refused", "lot \(out) exists already") }
                outputLot = out
            }
            progress.good = good
            progress.scrap = scrap
            progress.state = .done
        }
        let lastDone = progress.state == .done && k == routing.count - 1
        let orderState: WorkOrder.State = lastDone ? .ended : (progress.state == .paused ? .interrupted : .running)
        let action: String
        switch step {
        case .start: action = "op_start"
        case .pause: action = "op_pause"
        case .finish: action = "op_finish"
        }
        let after = progress.state.rawValue + (progress.state == .done ? " (\(progress.good) good, \(progress.scrap) scrap)" : "") + " on \(machine)"
        let audit = actor.record(
            action, "operation:\(key)", at: now, before: c.current?.state.rawValue ?? "planned", after: after, comment: comment)
        return Change(
            key: key, progress: progress, ended: progress.state == .done ? now : nil, orderState: orderState, inputs: inputs,
            outputLot: outputLot, product: order.product, operation: routing[k].operation, audit: audit)
    }
}

/// Re-prioritising and cancelling work orders.
public enum OrderDecision {
    public static func reprioritise(
        _ order: WorkOrder?, id: String, to priority: Int, comment: String?, by actor: Actor, at now: Timestamp
    )
        throws(Refusal) -> (WorkOrder, AuditRecord)
    {
        guard var o = order else { throw Refusal("unknown_order", "no work order \"\(id)\"") }
        guard (1...1000).contains(priority) else { throw Refusal("bad_request", "priority must be a whole number from 1 to 1000, not \(priority)") }
        let before = "\(o.state.rawValue), priority \(o.priority)"
        o.priority = priority
        return (
            o,
            actor.record(
                "reprioritise_order", "order:\(id)", at: now, before: before, after: "\(o.state.rawValue), priority \(o.priority)", comment: comment)
        )
    }

    public static func cancel(
        _ order: WorkOrder?, id: String, comment: String?, running: [OperationKey: String] = [:], by actor: Actor, at now: Timestamp
    ) throws(Refusal) -> (WorkOrder, AuditRecord) {
        guard var o = order else { throw Refusal("unknown_order", "no work order \"\(id)\"") }
        guard o.state != .ended && o.state != .aborted else { throw Refusal("not_applicable", "\(id) is \(o.state.rawValue) already") }
        // An operation left running under a cancelled order could never be paused or finished.
        if let (key, machine) = running.min(by: { $0.key.index < $1.key.index }) {
            throw Refusal("not_applicable", "\(key) is running on \(machine): pause or finish it before cancelling \(id)")
        }
        guard let c = comment?.trimmingCharacters(in: .whitespacesAndNewlines), !c.isEmpty else {
            throw Refusal("comment_required", "cancelling an order needs a reason")
        }
        let before = "\(o.state.rawValue), priority \(o.priority)"
        o.state = .aborted
        return (
            o, actor.record("cancel_order", "order:\(id)", at: now, before: before, after: "\(o.state.rawValue), priority \(o.priority)", comment: c)
        )
    }
}
