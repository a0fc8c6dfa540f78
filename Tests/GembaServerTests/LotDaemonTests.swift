import Foundation
import GembaClient
import GembaCore
import GembaServer
import GembaStore
import GembaTesting
import Testing

/// Lots, holds and releases through the daemon, with roles and the audit trail.
@Suite(.serialized)
struct LotDaemonTests {
    @Test func aHeldLotIsRefusedAndOnlyQualityOrSupervisorsRelease() throws {
        let h = try DaemonHarness(extra: Plants.steelBrackets)
        let op = Identity.person("oscar", [.lineOperator])
        let qa = Identity.person("quinn", [.quality])
        #expect(
            h.request(ClientRequest(type: "lot_receive", lot: "C1", material: "steel", amount: 500, supplier: "Acme", supplierLot: "A-1"), as: op).ok)
        #expect(h.request(ClientRequest(type: "lot_receive", lot: "X", material: "unobtainium", amount: 5), as: op).line.contains("unknown_material"))
        let hold = h.request(ClientRequest(type: "hold_place", reason: "coil cracked", scope: "lot", target: "C1", contain: true), as: op)
        #expect(hold.ok, "anyone may raise a hold: \(hold.line)")
        let consume = h.request(
            ClientRequest(
                type: "lot_produce", machine: "press-01", lot: "B1", material: "bracket", amount: 10, lots: [LotQuantity(lot: "C1", quantity: 5)]),
            as: op)
        #expect(!consume.ok)
        #expect(consume.line.contains("lot C1 is on hold #1 (coil cracked): it cannot be consumed"), "\(consume.line)")
        let refused = h.request(ClientRequest(type: "hold_release", comment: "looks fine", hold: 1, disposition: "use_as_is"), as: op)
        #expect(!refused.ok && refused.line.contains("forbidden"))
        #expect(try h.daemon.store.auditRecords(object: "hold:1").first?.outcome.hasPrefix("refused") == true, "the refusal is audited")
        #expect(!h.request(ClientRequest(type: "hold_release", hold: 1, disposition: "use_as_is"), as: qa).ok, "a comment is required")
        #expect(
            !h.request(ClientRequest(type: "hold_release", comment: "x", hold: 1, disposition: "bury"), as: qa).ok,
            "an unknown disposition is refused")
        let released = h.request(ClientRequest(type: "hold_release", comment: "lab cleared it", hold: 1, disposition: "use_as_is"), as: qa)
        #expect(released.ok, "\(released.line)")
        #expect(
            h.request(
                ClientRequest(
                    type: "lot_produce", machine: "press-01", lot: "B1", material: "bracket", amount: 10, lots: [LotQuantity(lot: "C1", quantity: 5)]),
                as: op
            ).ok)
        let trace = h.request(ClientRequest(type: "trace", lot: "C1", direction: "forward"), as: op)
        #expect(trace.line.contains("\"id\":\"B1\""))
        #expect(try h.daemon.store.auditRecords(object: "hold:1").map(\.action).contains("release_hold"))
    }

    @Test func aHeldWorkOrderLeavesTheScheduleWithTheReason() throws {
        let h = try DaemonHarness(extra: Plants.steelBrackets)
        let boss = Identity.person("bob", [.supervisor])
        let due = ISOTime.format(DaemonClock.now() + 8 * 3600 * Nanos.perSecond)
        #expect(
            h.request(ClientRequest(type: "import_orders", text: "order,product,quantity,due\nWO-1,bracket,10,\(due)\n", file: "o.csv"), as: boss).ok)
        #expect(h.request(ClientRequest(type: "hold_place", reason: "drawing revision", scope: "work_order", target: "WO-1"), as: boss).ok)
        // Reschedules run in the background: wait until one shows the hold.
        let plan = try h.waitForSchedule { $0.unscheduled.contains { $0.order == "WO-1" } }
        #expect(plan.operations.isEmpty)
        #expect(plan.unscheduled.first?.reason == "held (hold #1: drawing revision)")
    }

    @Test func scannedInputLotsAreCheckedAtStartAndTheOutputLotIsMadeFromThemAtFinish() throws {
        let h = try DaemonHarness(extra: Plants.steelBrackets)
        let op = Identity.person("oscar", [.lineOperator])
        let boss = Identity.person("bob", [.supervisor])
        let due = ISOTime.format(DaemonClock.now() + 8 * 3600 * Nanos.perSecond)
        #expect(
            h.request(ClientRequest(type: "import_orders", text: "order,product,quantity,due\nWO-1,bracket,10,\(due)\n", file: "o.csv"), as: boss).ok)
        #expect(h.request(ClientRequest(type: "lot_receive", lot: "C1", material: "steel", amount: 500), as: op).ok)
        #expect(h.request(ClientRequest(type: "lot_receive", lot: "C2", material: "steel", amount: 500), as: op).ok)
        #expect(h.request(ClientRequest(type: "hold_place", reason: "rust", scope: "lot", target: "C2"), as: op).ok)
        let unknown = h.request(
            ClientRequest(type: "op_start", machine: "press-01", order: "WO-1", index: 0, lots: [LotQuantity(lot: "C9", quantity: nil)]), as: op)
        #expect(unknown.line.contains("no lot C9"), "\(unknown.line)")
        let held = h.request(
            ClientRequest(type: "op_start", machine: "press-01", order: "WO-1", index: 0, lots: [LotQuantity(lot: "C2", quantity: nil)]), as: op)
        #expect(held.line.contains("lot C2 is on hold #1: it cannot be used"), "\(held.line)")
        #expect(
            h.request(
                ClientRequest(type: "op_start", machine: "press-01", order: "WO-1", index: 0, lots: [LotQuantity(lot: "C1", quantity: 120)]), as: op
            ).ok)
        let done = h.request(ClientRequest(type: "op_finish", order: "WO-1", index: 0, good: 10, scrap: 0, lot: "B1"), as: op)
        #expect(done.ok, "\(done.line)")
        let b1 = try #require(try h.daemon.store.lot("B1"))
        #expect(b1.material == "bracket" && b1.quantity == 10 && b1.machine == "press-01" && b1.workOrder == "WO-1" && b1.operation == "stamp")
        let back = try h.daemon.store.trace(["B1"], forward: false)
        #expect(back.links.map { "\($0.from)→\($0.to):\(DurationText.number($0.quantity))" } == ["C1→B1:120"])
        #expect(try h.daemon.store.lot("C1")?.quantity == 380)
    }

    /// The lots a containment found already shipped are the hold's notification list: `holds`
    /// (and so `gemba holds --json`) and the release show them as placing the hold did.
    @Test func aContainmentKeepsTheLotsThatHadShippedInTheHoldList() throws {
        let h = try DaemonHarness(extra: Plants.steelBrackets)
        let boss = Identity.person("bob", [.supervisor])
        #expect(h.request(Requests.LotReceive(lot: "C1", material: "steel", amount: 500), as: boss).ok)
        #expect(h.request(Requests.LotReceive(lot: "C2", material: "steel", amount: 500), as: boss).ok)
        #expect(h.request(Requests.LotProduce(lot: "B1", material: "bracket", amount: 10, lots: [LotQuantity(lot: "C1", quantity: 50)]), as: boss).ok)
        #expect(h.request(Requests.LotProduce(lot: "B2", material: "bracket", amount: 10, lots: [LotQuantity(lot: "C1", quantity: 50)]), as: boss).ok)
        #expect(h.request(Requests.LotProduce(lot: "B3", material: "bracket", amount: 10, lots: [LotQuantity(lot: "C2", quantity: 50)]), as: boss).ok)
        #expect(h.request(Requests.LotShip(lot: "B1", customerOrder: "CO-1"), as: boss).ok)
        #expect(h.request(Requests.LotShip(lot: "B3", customerOrder: "CO-3"), as: boss).ok)
        let c = try ConsoleConnection(path: h.runtime.consoleSocket)
        let placed = try c.request(Requests.HoldPlace(scope: "lot", target: "C1", reason: "cracked coil", contain: true))
        #expect(placed.lots == ["B2", "C1"])
        #expect(placed.shipped.map { "\($0.lot) → \($0.customerOrder)" } == ["B1 → CO-1"], "B3 came from C2: not this hold's")
        let listed = try #require(try c.request(Requests.Holds()).first)
        #expect(listed.shipped == placed.shipped)
        let released = try c.request(Requests.HoldRelease(hold: placed.id, disposition: "use_as_is", comment: "lab cleared it"))
        #expect(released.shipped == placed.shipped)
    }
}
