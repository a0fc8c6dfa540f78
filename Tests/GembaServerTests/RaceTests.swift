import Foundation
import GembaCore
import GembaServer
import GembaStore
import GembaTesting
import Testing

/// Consoles and scripts racing for the same thing: exactly one wins, the others are refused
/// with a reason, the store holds what one winner leaves, and the audit chain verifies.
/// Each race runs 8 requests at once through the daemon's one way in.
@Suite(.serialized)
struct RaceTests {
    static let plant = Plants.steelBrackets + "\n" + Plants.oilHotAlarm
    static let racers = 8
    static let rounds = 10

    let boss = Identity.person("bob", [.supervisor])

    /// Sends `make(k)` from `racers` threads at once (threads of their own, released together
    /// by one condition, so that their reads and writes overlap); returns the replies in racer order.
    func race<P: ConsoleRequestPayload>(_ h: DaemonHarness, _ make: @escaping @Sendable (Int) -> P) -> [(ok: Bool, line: String)] {
        let replies = Replies(count: Self.racers)
        let service = h.daemon.service
        let gate = NSCondition()
        nonisolated(unsafe) var open = false
        let done = DispatchGroup()
        for k in 0..<Self.racers {
            done.enter()
            let t = Thread {
                gate.lock()
                while !open { gate.wait() }
                gate.unlock()
                replies.set(k, service.request(make(k), as: boss))
                done.leave()
            }
            t.start()
        }
        Thread.sleep(forTimeInterval: 0.05)
        gate.lock()
        open = true
        gate.broadcast()
        gate.unlock()
        done.wait()
        return replies.all
    }

    func expectOneWinner(_ replies: [(ok: Bool, line: String)], refusedWith code: String, _ what: String) {
        #expect(replies.filter(\.ok).count == 1, "\(what): \(replies.map(\.line))")
        for r in replies where !r.ok {
            #expect(r.line.contains("\"code\":\"\(code)\""), "\(what): \(r.line)")
        }
    }

    func expectChainVerifies(_ h: DaemonHarness) throws {
        let v = try h.daemon.store.verifyAudit()
        #expect(v.ok, "the audit chain: \(v)")
    }

    func order(_ h: DaemonHarness, _ id: String) throws {
        let due = ISOTime.format(DaemonClock.now() + 8 * 3600 * Nanos.perSecond)
        #expect(h.request(Requests.ImportOrders(text: "order,product,quantity,due\n\(id),bracket,10,\(due)\n", file: "o.csv"), as: boss).ok)
    }

    /// Ten rounds: the version that read in one transaction and wrote in another let 3 to 8 of
    /// the 8 win in most rounds.
    @Test func startingTheSameOperation() throws {
        let h = try DaemonHarness(extra: Self.plant)
        for round in 1...Self.rounds {
            let id = "WO-\(round)"
            try order(h, id)
            let replies = race(h) { _ in Requests.OperationStart(order: id, index: 0, machine: "press-01") }
            expectOneWinner(replies, refusedWith: "not_applicable", "op_start, round \(round)")
            #expect(try h.daemon.store.auditRecords(object: "operation:\(id)/1").filter { $0.action == "op_start" && $0.outcome == "ok" }.count == 1)
            #expect(try h.daemon.store.progress()[OperationKey(order: id, index: 0)]?.progress.state == .running)
            // press-01 runs one operation at a time: the winner pauses before the next round.
            #expect(h.request(Requests.OperationPause(order: id, index: 0), as: boss).ok)
        }
        try expectChainVerifies(h)
    }

    @Test func consumingTheLastQuantityOfALot() throws {
        let h = try DaemonHarness(extra: Self.plant)
        #expect(h.request(Requests.LotReceive(lot: "C1", material: "steel", amount: 100), as: boss).ok)
        let replies = race(h) { k in
            Requests.LotProduce(lot: "B\(k)", material: "bracket", amount: 10, lots: [LotQuantity(lot: "C1", quantity: 100)], machine: "press-01")
        }
        expectOneWinner(replies, refusedWith: "refused", "lot_produce")
        #expect(try h.daemon.store.lot("C1")?.status == .consumed)
        #expect(try h.daemon.store.lot("C1")?.quantity == 0)
        let made = try (0..<Self.racers).compactMap { try h.daemon.store.lot("B\($0)") }
        #expect(made.count == 1)
        #expect(try h.daemon.store.trace(["C1"], forward: true).lots.count == 2, "C1 and the one lot made from it")
        try expectChainVerifies(h)
    }

    @Test func releasingTheSameHold() throws {
        let h = try DaemonHarness(extra: Self.plant)
        #expect(h.request(Requests.LotReceive(lot: "C1", material: "steel", amount: 100), as: boss).ok)
        #expect(h.request(Requests.HoldPlace(scope: "lot", target: "C1", reason: "crack"), as: boss).ok)
        let replies = race(h) { k in Requests.HoldRelease(hold: 1, disposition: k % 2 == 0 ? "use_as_is" : "scrap", comment: "racer \(k)") }
        expectOneWinner(replies, refusedWith: "refused", "hold_release")
        let index = replies.firstIndex { $0.ok }
        let winner = try #require(index)
        let holds = try h.daemon.store.holds()
        let hold = try #require(holds.first)
        #expect(hold.status == "released")
        #expect(hold.comment == "racer \(winner)")
        #expect(try h.daemon.store.lot("C1")?.status == (winner % 2 == 0 ? .available : .scrapped))
        #expect(try h.daemon.store.auditRecords(object: "hold:1").filter { $0.action == "release_hold" && $0.outcome == "ok" }.count == 1)
        // The losers are in the trail under the same action, refused.
        #expect(
            try h.daemon.store.auditRecords(object: "hold:1").contains { $0.action == "release_hold" && $0.outcome.hasPrefix("refused") })
        try expectChainVerifies(h)
    }

    @Test func acknowledgingTheSameAlarm() throws {
        let h = try DaemonHarness(extra: Self.plant)
        try h.send(["process,machine=press-01 oil_temp=85.5 \(DaemonClock.now())"])
        let deadline = Date().addingTimeInterval(10)
        while h.daemon.floor.alarm("press-01-oil-hot")?.record.state != .unacknowledged && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.02)
        }
        #expect(h.daemon.floor.alarm("press-01-oil-hot")?.record.state == .unacknowledged)
        let replies = race(h) { k in Requests.Acknowledge(alarm: "press-01-oil-hot", comment: "lead \(k)") }
        expectOneWinner(replies, refusedWith: "not_applicable", "ack")
        #expect(
            try h.daemon.store.auditRecords(object: "alarm:press-01-oil-hot").filter { $0.action == "acknowledge_alarm" && $0.outcome == "ok" }.count
                == 1)
        // The losers are in the trail under the same action, refused.
        #expect(
            try h.daemon.store.auditRecords(object: "alarm:press-01-oil-hot").contains {
                $0.action == "acknowledge_alarm" && $0.outcome.hasPrefix("refused")
            })
        #expect(h.daemon.floor.alarm("press-01-oil-hot")?.record.acknowledged == true)
        try expectChainVerifies(h)
    }

    @Test func cancellingTheSameOrder() throws {
        let h = try DaemonHarness(extra: Self.plant)
        for round in 1...Self.rounds {
            let id = "WO-\(round)"
            try order(h, id)
            let replies = race(h) { k in Requests.OrderCancel(order: id, comment: "customer \(k) withdrew") }
            expectOneWinner(replies, refusedWith: "not_applicable", "order_cancel, round \(round)")
            #expect(try h.daemon.store.orders().first { $0.id == id }?.state == .aborted)
            #expect(try h.daemon.store.auditRecords(object: "order:\(id)").filter { $0.action == "cancel_order" && $0.outcome == "ok" }.count == 1)
        }
        try expectChainVerifies(h)
    }
}

/// Replies collected from several threads.
private final class Replies: @unchecked Sendable {
    // Safe: every access holds `lock`.
    private let lock = NSLock()
    private var items: [(ok: Bool, line: String)]
    init(count: Int) { items = Array(repeating: (false, ""), count: count) }
    func set(_ k: Int, _ r: (ok: Bool, line: String)) { lock.withLock { items[k] = r } }
    var all: [(ok: Bool, line: String)] { lock.withLock { items } }
}

/// `machine_reset`: the request issue 10 adds through the one way in.
@Suite(.serialized)
struct MachineResetTests {
    @Test func anAdminClearsAMachinesLiveStateAuditedAndOthersAreRefused() throws {
        let h = try DaemonHarness()
        let now = DaemonClock.now()
        try h.send(["machine,machine=press-01 state=\"down\",reason=\"jam\",count_total=500i \(now)"])
        _ = try h.waitFor("press-01 down") { $0.machines.first { $0.id == "press-01" }?.state == .down }
        let lead = Identity.person("lena", [.shiftLead], uid: 5001)
        let refused = h.request(Requests.MachineReset(machine: "press-01"), as: lead)
        #expect(!refused.ok && refused.line.contains("\"code\":\"forbidden\""), "\(refused.line)")
        #expect(!h.request(Requests.MachineReset(machine: "press-99"), as: .daemon).line.contains("\"ok\":true"))
        let done = h.request(Requests.MachineReset(machine: "press-01", comment: "gateway sent another machine's counter"), as: .daemon)
        #expect(done.ok, "\(done.line)")
        #expect(done.line.contains("\"state\":\"down\""))
        let record = try #require(try h.daemon.store.auditRecords(object: "machine:press-01").first { $0.action == "reset_machine" })
        #expect(record.before?.hasPrefix("down since") == true)
        #expect(record.comment == "gateway sent another machine's counter")
        #expect(h.daemon.floor.live(machine: "press-01")?.countTotal == nil)
        // Its next line is its first: a counter of 10 is a fresh baseline, not a reset from 500.
        try h.send(["machine,machine=press-01 state=\"running\",count_total=10i \(now + 1_000_000_000)"])
        _ = try h.waitFor("press-01 running") { $0.machines.first { $0.id == "press-01" }?.state == .running }
        #expect(h.daemon.floor.live(machine: "press-01")?.countTotal == 10)
        #expect(try h.daemon.store.verifyAudit().ok)
    }
}
