import GembaCore
import Testing

/// The operator's and planner's rules as pure decisions: what a machine, an order and a count allow.
struct DecisionTests {
    static let now: Timestamp = 1_764_072_000_000_000_000
    static let actor = Actor(user: "oscar", uid: 5000, role: "operator")
    static let routing = [RoutingStep(operation: "stamp", machines: [EligibleMachine(machine: "press-01", cycleTime: 2)])]
    static let order = WorkOrder(id: "WO-2", product: "bracket", quantity: 120, due: now + 3_600_000_000_000)

    func context(current: OperationDecision.Progress? = nil, running: [OperationKey: String] = [:]) -> OperationDecision.Context {
        OperationDecision.Context(
            order: Self.order, routing: Self.routing, current: current, previous: nil, plannedMachine: "press-01", running: running)
    }

    @Test func aMachineRunsOneOperationAtATime() throws {
        let busy = [OperationKey(order: "WO-1", index: 0): "press-01"]
        #expect {
            _ = try OperationDecision.decide(
                .start(lots: []), order: "WO-2", index: 0, machine: "press-01", comment: nil, context: context(running: busy), by: Self.actor,
                at: Self.now)
        } throws: { ($0 as? Refusal)?.message == "press-01 is running WO-1/1: pause or finish it first" }
        let started = try OperationDecision.decide(
            .start(lots: []), order: "WO-2", index: 0, machine: "press-01", comment: nil, context: context(), by: Self.actor, at: Self.now)
        #expect(started.progress.state == .running)
    }

    @Test func aFinishCountsWithinTheOrderAndAShortOneIsConfirmed() throws {
        let running = OperationDecision.Progress(state: .running, machine: "press-01", started: Self.now, good: 0, scrap: 0)
        func finish(_ good: Int, _ scrap: Int, partial: Bool = false) throws(Refusal) -> OperationDecision.Change {
            try OperationDecision.decide(
                .finish(good: good, scrap: scrap, outputLot: nil, partial: partial), order: "WO-2", index: 0, machine: nil, comment: nil,
                context: context(current: running), by: Self.actor, at: Self.now)
        }
        #expect { _ = try finish(133, 0) } throws: { ($0 as? Refusal)?.code == "too_many" }
        #expect { _ = try finish(100, 2) } throws: { ($0 as? Refusal)?.code == "partial" }
        #expect { _ = try finish(-1, 0) } throws: { ($0 as? Refusal)?.code == "bad_request" }
        #expect(try finish(132, 1).progress.good == 132, "10 % over the order is allowed")
        #expect(try finish(100, 2, partial: true).progress.state == .done)
    }

    @Test func anOrderWithARunningOperationIsNotCancelled() throws {
        let running = [OperationKey(order: "WO-2", index: 0): "press-01"]
        #expect {
            _ = try OrderDecision.cancel(Self.order, id: "WO-2", comment: "customer withdrew", running: running, by: Self.actor, at: Self.now)
        } throws: { ($0 as? Refusal)?.message == "WO-2/1 is running on press-01: pause or finish it before cancelling WO-2" }
        let (cancelled, audit) = try OrderDecision.cancel(Self.order, id: "WO-2", comment: "customer withdrew", by: Self.actor, at: Self.now)
        #expect(cancelled.state == .aborted)
        #expect(audit.action == "cancel_order" && audit.comment == "customer withdrew")
    }
}
