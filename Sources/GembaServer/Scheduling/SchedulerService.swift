import Dispatch
import Foundation
import GembaCore
import GembaStore
import Logging
import NIOConcurrencyHelpers

/// Keeps the plant's schedule current: a new or changed order, a machine going down or
/// coming back, an operation started, paused or finished, and the passing of time each
/// ask for a reschedule; one background worker runs them, coalescing requests that
/// arrive while it works, within the plant's time limit (1 s by default).
///
/// An order book that cannot be read (orders, progress or holds) gives no schedule at all,
/// never an empty one: the schedule in force stays (the consoles keep their queues), the
/// failure is logged, and the next request (at the latest the minute's) tries again. A new
/// schedule that cannot be saved is in force and published all the same, and logged: a
/// restart would begin from the last one saved.
public final class SchedulerService: Sendable {
    private struct State: Sendable {
        var plan = PlantSchedule.empty
        var dirty = false
        var running = false
        var unavailable: Set<String> = []
        var lastRun: Timestamp = 0
        var reasons: [String] = []
    }

    let floor: LiveFloor
    let store: FloorStore
    let hub: ConsoleHub
    let clock: @Sendable () -> Timestamp
    let logger: Logger
    private let state = NIOLockedValueBox(State())
    private let queue = DispatchQueue(label: "gemba.scheduler")
    private let runs = NIOLockedValueBox(0)
    private let failures = NIOLockedValueBox(0)

    init(floor: LiveFloor, store: FloorStore, hub: ConsoleHub, clock: @escaping @Sendable () -> Timestamp, logger: Logger) {
        self.floor = floor
        self.store = store
        self.hub = hub
        self.clock = clock
        self.logger = logger
        do {
            if let saved = try store.loadPlan() { state.withLockedValue { $0.plan = saved } }
        } catch {
            logger.error(
                "the saved schedule cannot be read; starting from an empty one until the first reschedule replaces it",
                metadata: ["error": .string("\(error)")])
        }
    }

    /// The schedule in force.
    public var plan: PlantSchedule { state.withLockedValue { $0.plan } }

    /// How many reschedules have completed (tests wait on it).
    public var completedRuns: Int { runs.withLockedValue { $0 } }

    /// How many reschedules failed because the order book could not be read (the schedule in force stayed).
    public var failedRuns: Int { failures.withLockedValue { $0 } }

    /// Asks for a reschedule; returns at once.
    public func request(_ reason: String) {
        let start = state.withLockedValue { s -> Bool in
            s.dirty = true
            s.reasons.append(reason)
            if s.running { return false }
            s.running = true
            return true
        }
        if start { queue.async { self.work() } }
    }

    /// Called by the flusher every tick: machines going down or coming back, and time passing.
    func tick(now: Timestamp) {
        guard !floor.plant.products.isEmpty else { return }
        // Down, or silent after having reported (a machine that never reported is only not connected yet).
        let unavailable = floor.unavailableMachines()
        let why: String? = state.withLockedValue { s in
            if s.unavailable != unavailable {
                let went = unavailable.subtracting(s.unavailable)
                let back = s.unavailable.subtracting(unavailable)
                s.unavailable = unavailable
                return (went.map { "\($0) down" } + back.map { "\($0) back" }).sorted().joined(separator: ", ")
            }
            if now - s.lastRun >= 60 * Nanos.perSecond { return "a minute passed" }
            return nil
        }
        if let why { request(why) }
    }

    private func work() {
        while true {
            let reasons: [String]? = state.withLockedValue { s in
                guard s.dirty else {
                    s.running = false
                    return nil
                }
                s.dirty = false
                defer { s.reasons = [] }
                return s.reasons
            }
            guard let reasons else { return }
            let why = reasons.joined(separator: "; ")
            let plan: PlantSchedule
            do {
                plan = try compute()
            } catch {
                // No schedule rather than an empty one: an empty plan would wipe every console's queue.
                state.withLockedValue { s in s.lastRun = clock() }
                failures.withLockedValue { $0 += 1 }
                logger.error(
                    "reschedule failed: the order book cannot be read; the schedule in force stays, and the next request tries again",
                    metadata: ["why": .string(why), "error": .string("\(error)")])
                continue
            }
            state.withLockedValue { s in
                s.plan = plan
                s.lastRun = plan.generatedNanos
            }
            runs.withLockedValue { $0 += 1 }
            do {
                try store.savePlan(plan)
            } catch {
                logger.error(
                    "the new schedule is in force but cannot be saved; a restart would begin from the last one saved",
                    metadata: ["error": .string("\(error)")])
            }
            hub.publishSchedule(plan, shift: floor.calendar.shift(at: plan.generatedNanos).map(ShiftSummary.init), now: plan.generatedNanos)
            logger.debug(
                "rescheduled",
                metadata: [
                    "why": .string(why), "tardiness": .stringConvertible(plan.weightedTardiness), "moves": .stringConvertible(plan.iterations),
                ])
        }
    }

    /// One reschedule from the orders, progress and holds in the store and the machines as
    /// they are; throws when the store cannot give them.
    func compute() throws -> PlantSchedule {
        let now = clock()
        let plant = floor.plant
        let orders = try store.orders()
        let held = try store.heldOrders()
        var progress: [OperationKey: PlantScheduler.Progress] = [:]
        for (key, p) in try store.progress() {
            var q = p.progress
            if q.state != .done, let order = orders.first(where: { $0.id == key.order }),
                let step = plant.product(order.product)?.routing[safe: key.index],
                let cycle = step.machines.first(where: { $0.machine == q.machine })?.cycleTime
            {
                // Units left: the order's quantity less what the elapsed running time made (at least one).
                let elapsed = q.started.map { Double(now - $0) / 1e9 } ?? 0
                q.remaining = max(1, order.quantity - p.good - p.scrap - (q.state == .running ? Int(elapsed / cycle) : 0))
            }
            progress[key] = q
        }
        let unavailable = state.withLockedValue { $0.unavailable }
        let previous = state.withLockedValue { $0.plan }
        var input = PlantScheduler.Input(
            plant: plant, now: now, orders: orders, progress: progress, unavailable: unavailable,
            previous: previous.operations.isEmpty ? nil : previous)
        input.held = held
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(plant.scheduling.timeLimit * 1e9)
        return PlantScheduler.schedule(
            input, seed: 1, threads: plant.scheduling.threads, limits: SearchLimits { DispatchTime.now().uptimeNanoseconds >= deadline })
    }
}

extension Array {
    subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}
