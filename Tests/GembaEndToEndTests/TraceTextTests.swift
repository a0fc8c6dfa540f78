import GembaCore
import GembaServer
import GembaTesting
import Testing

/// `gemba trace LOT` as text: the genealogy as a tree, each lot under the lot it came from
/// (forward) or went into (backward), its status once.
@Suite struct TraceTextTests {
    /// C2 went into P1 and Q1; P1 was split into P1a (shipped) and P1b; P1b and Q1 were
    /// merged into M1, which is reached twice; a containment on C2 holds C2 and M1.
    static func genealogy() throws -> DaemonHarness {
        let h = try DaemonHarness(extra: Plants.steelBrackets)
        let boss = Identity.person("bob", [.supervisor])
        func ok(_ p: some ConsoleRequestPayload) {
            let r = h.request(p, as: boss)
            #expect(r.ok, "\(r.line)")
        }
        ok(Requests.LotReceive(lot: "C1", material: "steel", amount: 1000))
        ok(Requests.LotReceive(lot: "C2", material: "steel", amount: 500, supplier: "Acme", supplierLot: "A-7"))
        ok(
            Requests.LotProduce(
                lot: "P1", material: "bracket", amount: 100, lots: [LotQuantity(lot: "C1", quantity: 300), LotQuantity(lot: "C2", quantity: 100)],
                machine: "press-01"))
        ok(Requests.LotProduce(lot: "Q1", material: "bracket", amount: 50, lots: [LotQuantity(lot: "C2", quantity: 100)], machine: "press-01"))
        ok(Requests.LotSplit(lot: "P1", lots: [LotQuantity(lot: "P1a", quantity: 40), LotQuantity(lot: "P1b", quantity: 60)]))
        ok(Requests.LotMerge(lot: "M1", lots: [LotQuantity(lot: "P1b", quantity: nil), LotQuantity(lot: "Q1", quantity: nil)]))
        ok(Requests.LotShip(lot: "P1a", customerOrder: "CO-1"))
        ok(Requests.HoldPlace(scope: "lot", target: "C2", reason: "cracked coil", contain: true))
        return h
    }

    @Test func aForwardTraceShowsEachLotUnderItsParentAndItsStatusOnce() throws {
        let h = try Self.genealogy()
        let lines = try GembaCLI(h).lines(["trace", "C2", "--forward"], environment: ["LANG": "C.UTF-8"])
        #expect(
            lines == [
                "C2  steel 300 held  supplier lot A-7 (Acme)",
                "  P1  bracket 0 consumed",
                "    P1a  bracket 40 shipped",
                "    P1b  bracket 0 consumed",
                "      M1  bracket 110 held",
                "  Q1  bracket 0 consumed",
                "    M1  bracket 110 held  (above)",
                "shipped: P1a → CO-1 (40)",
            ], "\(lines.joined(separator: "\n"))")
    }

    @Test func aBackwardTraceShowsEachLotUnderTheLotItWentInto() throws {
        let h = try Self.genealogy()
        let lines = try GembaCLI(h).lines(["trace", "M1", "--backward"], environment: ["LANG": "C.UTF-8"])
        #expect(
            lines == [
                "M1  bracket 110 held",
                "  P1b  bracket 0 consumed",
                "    P1  bracket 0 consumed",
                "      C1  steel 700 available",
                "      C2  steel 300 held  supplier lot A-7 (Acme)",
                "  Q1  bracket 0 consumed",
                "    C2  steel 300 held  supplier lot A-7 (Acme)  (above)",
            ], "\(lines.joined(separator: "\n"))")
    }
}
