import Foundation
import GembaClient
import GembaConsole
import GembaCore
import Testing

struct HoldTraceScreenTests {
    static let at = ISOTime.format(Fixtures.now - 3600 * Nanos.perSecond)

    static var trace: Trace {
        let l = { (f: String, t: String, k: String) in
            LotLink(from: f, to: t, kind: k, quantity: 10, workOrder: "WO-1", operation: "stamp", machine: "press-01", at: at, user: "op")
        }
        return Trace(
            direction: "forward", start: ["C1"],
            lots: [
                TracedLot(id: "C1", material: "steel", status: "held", depth: 0, quantity: 700, supplier: "Acme", supplierLot: "A-77", held: true),
                TracedLot(id: "B1", material: "bracket", status: "consumed", depth: 1, quantity: 0, supplier: nil, supplierLot: nil, held: false),
                TracedLot(id: "B2", material: "bracket", status: "available", depth: 1, quantity: 60, supplier: nil, supplierLot: nil, held: false),
                TracedLot(id: "K", material: "kit", status: "shipped", depth: 2, quantity: 10, supplier: nil, supplierLot: nil, held: false),
            ],
            links: [l("C1", "B1", "consumed"), l("C1", "B2", "consumed"), l("B1", "K", "consumed"), l("B2", "K", "consumed")],
            shipments: [Shipment(lot: "K", customerOrder: "CO-9", quantity: 10, at: at)])
    }

    static func app(permissions: [Permission] = Permission.allCases) -> ConsoleApp {
        var app = ConsoleApp(theme: .full)
        app.connected(
            ServerHello(
                protocol: 1, server: "t", plant: "Demo Works", user: "quinn", uid: 1, roles: ["quality"], permissions: permissions.map(\.rawValue)))
        app.received(Fixtures.snapshot)
        return app
    }

    @Test func theTraceIsATreeThatFoldsAndShowsALotReachedTwiceOnce() {
        var app = Self.app()
        app.model.screen = .trace
        app.received(Self.trace)
        let lines = Fixtures.render(&app, width: 120, height: 24).lines
        #expect(lines[1].hasPrefix(" Trace C1 forward (where used): 4 lots, depth 2, 1 held, 1 shipped"))
        #expect(lines[3].hasPrefix(" ▸ ▾ C1  steel 700 held  supplier lot A-77 (Acme)"))
        #expect(lines[4].hasPrefix("     ▾ B1  bracket 0 consumed  ← consumed 10 on press-01 WO-1"))
        #expect(lines[5].hasPrefix("         K  kit 10 shipped"))
        #expect(lines[7].hasPrefix("         K  kit 10 shipped") && lines[7].contains("(above)"), "K reached twice: opened once")
        #expect(lines[22].hasPrefix(" Shipped: K → CO-9"))
        _ = app.handle(.down)
        _ = app.handle(.enter)
        #expect(app.model.traceScreen.collapsed == ["B1"])
        #expect(TraceTree.rows(app.model).map(\.lot) == ["C1", "B1", "B2", "K"])
        #expect(app.handle(.char("d")) == [.requestTrace(lot: "C1", forward: false)])
    }

    @Test func aScannedLotIdIsTracedWhenEnterEndsIt() {
        var app = Self.app()
        _ = app.handle(.char("w"))
        _ = app.handle(.char("T"))
        #expect(app.model.screen == .trace)
        #expect(app.model.prompt?.label == "Trace lot (type or scan):")
        // A barcode scanner types the id and Enter, fast: every key lands in the prompt.
        var effects: [ConsoleApp.Effect] = []
        for c in "C-17/0042" { effects += app.handle(.char(c)) }
        effects += app.handle(.enter)
        #expect(effects == [.requestTrace(lot: "C-17/0042", forward: true)])
    }

    @Test func aLotIdWithAControlCharacterIsRefusedAtThePrompt() {
        var app = Self.app()
        _ = app.handle(.char("w"))
        _ = app.handle(.char("T"))
        var effects: [ConsoleApp.Effect] = []
        for c in "C-17\u{7}" { effects += app.handle(.char(c)) }
        effects += app.handle(.enter)
        #expect(effects == [], "not sent")
        #expect(
            app.model.notice
                == "lot id \"C-17\\u{7}\": character 5 is a control character (U+0007); a lot id is printable, without whitespace or control characters"
        )
        #expect(app.model.prompt?.text == "C-17\u{7}", "left to mend")
    }

    @Test func holdsListAndReleaseWithADisposition() {
        var app = Self.app()
        app.received([
            Hold(
                id: 2, scope: "supplier_lot", target: "A-77", lots: ["C1", "B2"], reason: "supplier recall", reasonCode: nil, placedBy: "qa",
                placedAt: Self.at, status: "active"),
            Hold(
                id: 1, scope: "lot", target: "C9", lots: ["C9"], reason: "dented", reasonCode: nil, placedBy: "olga", placedAt: Self.at,
                status: "released", disposition: "scrap"),
        ])
        app.model.screen = .holds
        let lines = Fixtures.render(&app, width: 120, height: 24).lines
        #expect(lines[1].hasPrefix(" Holds: 1 active on 2 lot(s), 1 released"))
        #expect(
            lines[4].hasPrefix(" #2    supplier lot A-77        2     1h00m00s qa       ACTIVE            supplier recall")
                || lines[4].contains("supplier recall"), "\(lines[4])")
        _ = app.handle(.char("r"))
        for c in "bury it" { _ = app.handle(.char(c)) }
        #expect(app.handle(.enter) == [])
        #expect(app.model.notice?.contains("write a disposition") == true)
        app.model.prompt?.text = ""
        for c in "use_as_is lab cleared it" { _ = app.handle(.char(c)) }
        #expect(app.handle(.enter) == [.request(.holdRelease(.init(hold: 2, disposition: "use_as_is", comment: "lab cleared it")))])
        #expect(app.handle(.enter) == [.requestTrace(lot: "C1", forward: true)], "Enter traces the hold's first lot")
    }

    @Test func heldLotsStandOutInTheMachineDetail() {
        var app = Self.app()
        _ = app.handle(.enter)
        let m = Fixtures.snapshot.machines[0]
        app.received(
            MachineDetail(
                machine: m, shift: Fixtures.snapshot.shift, intervals: [],
                lots: [
                    Lot(
                        id: "B-7", material: "bracket", quantity: 100, unit: "pcs", status: .held, origin: "produced", machine: "press-01",
                        created: Self.at, createdBy: "op", holds: [4]),
                    Lot(
                        id: "B-6", material: "bracket", quantity: 80, unit: "pcs", status: .available, origin: "produced", machine: "press-01",
                        created: Self.at, createdBy: "op"),
                ]))
        let grid = Fixtures.render(&app, width: 100, height: 30)
        let lines = grid.lines
        let row = lines.firstIndex { $0.contains("B-7  100 pcs bracket  HELD #4") }
        #expect(row != nil, "\(lines.joined(separator: "\n"))")
        #expect(lines.contains { $0.contains("Lots made") })
        #expect(lines.contains { $0.contains("B-6  80 pcs bracket  available") })
        if let row, let col = lines[row].range(of: "B-7").map({ lines[row].distance(from: lines[row].startIndex, to: $0.lowerBound) }) {
            #expect(grid[col, row].style.fg == .red, "held lots stand out")
        }
    }

    @Test func anOperatorMayHoldButNotRelease() {
        var app = Self.app(permissions: [.view, .placeHold])
        app.received([
            Hold(id: 2, scope: "lot", target: "C1", lots: ["C1"], reason: "x", reasonCode: nil, placedBy: "qa", placedAt: Self.at, status: "active")
        ])
        app.model.screen = .holds
        _ = app.handle(.char("c"))
        for c in "C1 coil cracked" { _ = app.handle(.char(c)) }
        #expect(app.handle(.enter) == [.request(.holdPlace(.init(scope: "lot", target: "C1", reason: "coil cracked", contain: true)))])
        #expect(app.handle(.char("r")) == [])
        #expect(app.model.notice == "your role (quality) may not release a hold with a disposition")
    }
}
