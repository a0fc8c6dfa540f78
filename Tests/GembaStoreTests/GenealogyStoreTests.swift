import Foundation
import GembaCore
import GembaStore
import Testing

/// Genealogy on hand-built graphs: splits, merges and diamonds; holds and containment.
struct GenealogyStoreTests {
    static let steel = MaterialConfig(id: "steel", name: "Steel coil", unit: "kg")
    static let bracket = MaterialConfig(id: "bracket", name: "Bracket", unit: "pcs")
    static let kit = MaterialConfig(id: "kit", name: "Kit", unit: "pcs")
    let t: Timestamp = 1_795_478_400 * Nanos.perSecond

    func audit(_ action: String) -> AuditRecord {
        AuditRecord(seq: 0, at: t, user: "qa", uid: 1, role: "quality", action: action, object: "lot")
    }

    func store() throws -> FloorStore {
        try FloorStore(path: TestDatabases.path())
    }

    /// Two coils → brackets (B1 from C1, B2 from C1 and C2); B2 split into B2a, B2b; B1 and B2a
    /// merged into M; kit K from M and B2b (C1 reaches K by several paths); K shipped.
    func diamond(_ s: FloorStore) throws {
        _ = try s.receiveLot(
            "C1", material: Self.steel, quantity: 1000, supplier: "Acme", supplierLot: "A-77", user: "rx", at: t, audit: audit("receive"))
        _ = try s.receiveLot(
            "C2", material: Self.steel, quantity: 500, supplier: "Acme", supplierLot: "A-78", user: "rx", at: t, audit: audit("receive"))
        _ = try s.produceLot(
            "B1", material: Self.bracket, quantity: 100, inputs: [("C1", 300)], machine: "press-01", workOrder: "WO-1", operation: "stamp",
            user: "op", at: t + 10, audit: audit("produce"))
        _ = try s.produceLot(
            "B2", material: Self.bracket, quantity: 100, inputs: [("C1", 200), ("C2", 100)], machine: "press-02", workOrder: "WO-2",
            operation: "stamp", user: "op", at: t + 20, audit: audit("produce"))
        _ = try s.splitLot("B2", into: [("B2a", 60), ("B2b", 40)], user: "op", at: t + 30, audit: audit("split"))
        _ = try s.mergeLots(into: "M", from: ["B1", "B2a"], user: "op", at: t + 40, audit: audit("merge"))
        _ = try s.produceLot(
            "K", material: Self.kit, quantity: 40, inputs: [("M", 120), ("B2b", 40)], machine: "asm-01", workOrder: "WO-3", operation: "assemble",
            user: "op", at: t + 50, audit: audit("produce"))
        _ = try s.shipLot("K", customerOrder: "CO-9", user: "ship", at: t + 60, audit: audit("ship"))
    }

    @Test func backwardReachesSuppliersAndForwardReachesShipmentsEachLotOnce() throws {
        let s = try store()
        try diamond(s)
        let back = try s.trace(["K"], forward: false)
        #expect(back.lots.map(\.depth) == back.lots.map(\.depth).sorted(), "nearest first")
        #expect(Set(back.lots.map(\.id)) == ["K", "M", "B2b", "B1", "B2a", "B2", "C1", "C2"])
        #expect(back.lots.first { $0.id == "C1" }?.depth == 3, "the shortest way: K ← M ← B1 ← C1")
        #expect(back.lots.first { $0.id == "C1" }?.supplierLot == "A-77")
        #expect(back.links.filter { $0.from == "C1" }.count == 2, "C1 went into B1 and B2: both links")
        #expect(back.links.count == 9)
        let fwd = try s.trace(["C1"], forward: true)
        #expect(Set(fwd.lots.map(\.id)) == ["C1", "B1", "B2", "B2a", "B2b", "M", "K"])
        #expect(fwd.lots.filter { $0.id == "K" }.count == 1, "K reached by three paths appears once")
        #expect(fwd.shipments == [Shipment(lot: "K", customerOrder: "CO-9", quantity: 40, at: ISOTime.format(t + 60))])
        let link = try #require(fwd.links.first { $0.from == "C1" && $0.to == "B1" })
        #expect(link.quantity == 300 && link.machine == "press-01" && link.workOrder == "WO-1" && link.operation == "stamp")
        #expect(try s.lot("C1")?.quantity == 500, "1000 received, 300 and 200 consumed")
        #expect(try s.lot("B2")?.status == .consumed)
    }

    /// Scanned ids are whatever the label printed: quotes, backslashes, JSON's own characters,
    /// non-ASCII (lot ids may hold no whitespace or control characters: those are refused).
    @Test func lotIdsWithQuotesBackslashesAndNonASCIITraceAndContain() throws {
        let s = try store()
        #expect(throws: LotError(LotRules.idProblem("C\t1") ?? "")) {
            try s.receiveLot("C\t1", material: Self.steel, quantity: 10, supplier: nil, supplierLot: nil, user: "rx", at: t, audit: audit("receive"))
        }
        let coil = "C\"1\\x/y"
        let part = "B-ü\""
        let kit = "K{\"]}\u{00A9}"
        _ = try s.receiveLot(
            coil, material: Self.steel, quantity: 10, supplier: "Acme", supplierLot: "A\\1", user: "rx", at: t, audit: audit("receive"))
        _ = try s.produceLot(
            part, material: Self.bracket, quantity: 5, inputs: [(coil, 4)], machine: "press-01", workOrder: nil, operation: nil, user: "op",
            at: t + 1, audit: audit("produce"))
        _ = try s.produceLot(
            kit, material: Self.kit, quantity: 1, inputs: [(part, 5)], machine: nil, workOrder: nil, operation: nil, user: "op", at: t + 2,
            audit: audit("produce"))
        #expect(try s.trace([coil], forward: true).lots.map(\.id) == [coil, part, kit])
        #expect(try s.trace([kit], forward: false).lots.map(\.id) == [kit, part, coil])
        let hold = try s.placeHold(
            scope: "supplier_lot", target: "A\\1", from: nil, to: nil, reason: "odd", reasonCode: nil, contain: true, user: "qa", at: t + 3,
            audit: audit("place_hold"))
        #expect(Set(hold.lots) == [coil, kit], "the part is consumed: not held")
    }

    @Test func movementsCheckWhatTheyRelyOn() throws {
        let s = try store()
        try diamond(s)
        #expect(throws: LotError("lot C1 exists already")) {
            try s.receiveLot("C1", material: Self.steel, quantity: 1, supplier: nil, supplierLot: nil, user: "rx", at: t, audit: audit("receive"))
        }
        #expect(throws: Refusal("refused", "lot C2 holds 400 kg, not 401")) {
            try s.produceLot(
                "X", material: Self.bracket, quantity: 1, inputs: [("C2", 401)], machine: nil, workOrder: nil, operation: nil, user: "op", at: t,
                audit: audit("produce"))
        }
        #expect(throws: Refusal("refused", "lot B2 is consumed: it cannot be consumed")) {
            try s.produceLot(
                "X", material: Self.bracket, quantity: 1, inputs: [("B2", 1)], machine: nil, workOrder: nil, operation: nil, user: "op", at: t,
                audit: audit("produce"))
        }
        #expect(throws: LotError("no lot NOPE")) {
            try s.splitLot("NOPE", into: [("N1", 1)], user: "op", at: t, audit: audit("split"))
        }
        #expect(try s.lot("X") == nil, "a refused movement leaves nothing behind")
    }

    @Test func containmentHoldsExactlyTheForwardClosureStillInThePlantAndListsWhatShipped() throws {
        let s = try store()
        try diamond(s)
        _ = try s.receiveLot(
            "C3", material: Self.steel, quantity: 50, supplier: "Other", supplierLot: "O-1", user: "rx", at: t, audit: audit("receive"))
        let hold = try s.placeHold(
            scope: "supplier_lot", target: "A-78", from: nil, to: nil, reason: "supplier recall", reasonCode: "recall", contain: true, user: "qa",
            at: t + 100,
            audit: audit("place_hold"))
        // C2's closure: C2, B2, B2a, B2b, M, K. Still in the plant: C2 and the 40 left of M
        // (B2, B2a, B2b consumed; K shipped).
        #expect(hold.lots == ["C2", "M"])
        #expect(hold.shipped.map(\.customerOrder) == ["CO-9"])
        #expect(try s.lot("C2")?.status == .held)
        #expect(try s.lot("C3")?.status == .available)
        #expect(throws: Refusal("refused", "lot C2 is on hold #1 (supplier recall): it cannot be consumed")) {
            try s.produceLot(
                "Y", material: Self.bracket, quantity: 1, inputs: [("C2", 1)], machine: nil, workOrder: nil, operation: nil, user: "op", at: t,
                audit: audit("produce"))
        }
        #expect(throws: Refusal("refused", "lot C2 is on hold #1 (supplier recall): it cannot be shipped")) {
            try s.shipLot("C2", customerOrder: "CO-1", user: "ship", at: t, audit: audit("ship"))
        }
        let qa = Actor(user: "qa", uid: 1, role: "quality")
        let released = try s.releaseHold(1) { c in
            try HoldDecision.release(1, disposition: "return_to_vendor", comment: "back to Acme", context: c, by: qa, at: t + 200)
        }
        #expect(released.status == "released")
        #expect(released.disposition == "return_to_vendor")
        #expect(try s.lot("C2")?.status == .shipped)
        #expect(throws: Refusal("refused", "hold #1 was released already")) {
            try s.releaseHold(1) { c in try HoldDecision.release(1, disposition: "scrap", comment: "x", context: c, by: qa, at: t) }
        }
    }

    @Test func aMachineWindowHoldTakesWhatItMadeAndItsDescendants() throws {
        let s = try store()
        _ = try s.receiveLot("C1", material: Self.steel, quantity: 1000, supplier: nil, supplierLot: nil, user: "rx", at: t, audit: audit("receive"))
        _ = try s.produceLot(
            "B1", material: Self.bracket, quantity: 10, inputs: [("C1", 10)], machine: "press-01", workOrder: nil, operation: nil, user: "op",
            at: t + 5, audit: audit("produce"))
        _ = try s.produceLot(
            "B2", material: Self.bracket, quantity: 10, inputs: [("C1", 10)], machine: "press-01", workOrder: nil, operation: nil, user: "op",
            at: t + 500, audit: audit("produce"))
        _ = try s.splitLot("B1", into: [("B1a", 4), ("B1b", 6)], user: "op", at: t + 10, audit: audit("split"))
        #expect(try s.lotsProduced(machine: "press-01", from: t, to: t + 100) == ["B1"])
        let hold = try s.placeHold(
            scope: "machine", target: "press-01", from: t, to: t + 100, reason: "out of calibration", reasonCode: nil, contain: true, user: "qa",
            at: t + 600, audit: audit("place_hold"))
        #expect(hold.lots == ["B1a", "B1b"], "B1 itself was split (consumed); B2 was made after the window")
        #expect(try s.holds().first?.scope == "machine")
    }
}
