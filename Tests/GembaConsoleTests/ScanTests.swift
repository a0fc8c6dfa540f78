import GembaConsole
import GembaCore
import Testing

/// Lots scanned at an operation's start are checked at the scan; nothing accepted is lost.
struct ScanTests {
    static func lot(_ id: String, status: Lot.Status = .available, holds: [Int64] = []) -> Lot {
        Lot(
            id: id, material: "coil", quantity: 100, unit: "kg", status: status, origin: "received", created: "2026-11-28T10:00:00Z",
            createdBy: "olga", holds: holds)
    }

    static func scanning() -> ConsoleApp {
        var app = QueueScreenTests.app(station: "press-01")
        _ = app.handle(.down)
        _ = app.handle(.enter)
        return app
    }

    static func scan(_ id: String, _ app: inout ConsoleApp) -> [ConsoleApp.Effect] {
        for c in id { _ = app.handle(.char(c)) }
        return app.handle(.enter)
    }

    static func accepted(_ app: ConsoleApp) -> [String]? {
        guard case .startInputs(_, _, _, let scanned) = app.model.prompt?.purpose else { return nil }
        return scanned
    }

    @Test func anUnknownHeldOrUsedUpLotIsRefusedAtItsScanAndTheOthersStay() {
        var app = Self.scanning()
        #expect(Self.scan("C-1", &app) == [.request(.lot(.init(lot: "C-1")))])
        app.received(Self.lot("C-1"))
        #expect(Self.accepted(app) == ["C-1"])
        // Unknown: the daemon refuses the lookup.
        #expect(Self.scan("C-404", &app) == [.request(.lot(.init(lot: "C-404")))])
        app.refused(ProtocolError(code: "unknown_lot", message: "no lot C-404"), request: .lot(.init(lot: "C-404")))
        #expect(app.model.notice == "no lot C-404")
        #expect(Self.accepted(app) == ["C-1"], "the accepted scan stays and the prompt stays open")
        // Held.
        _ = Self.scan("C-2", &app)
        app.received(Self.lot("C-2", status: .held, holds: [7]))
        #expect(app.model.notice == "lot C-2 is on hold #7: it cannot be used")
        // Used up.
        _ = Self.scan("C-3", &app)
        app.received(Self.lot("C-3", status: .consumed))
        #expect(app.model.notice == "lot C-3 is consumed: it cannot be used")
        // The same lot twice (a glove pressing the trigger twice).
        #expect(Self.scan("C-1", &app) == [])
        #expect(app.model.notice == "C-1 is scanned already")
        #expect(Self.accepted(app) == ["C-1"])
        #expect(app.model.prompt?.text == "", "each scan clears the field for the next")
        #expect(
            app.handle(.enter) == [
                .request(.opStart(.init(order: "WO-2", index: 0, machine: "press-01", lots: [LotQuantity(lot: "C-1", quantity: nil)])))
            ])
    }

    @Test func enterWhileAScanIsBeingCheckedDoesNotStartWithoutIt() {
        var app = Self.scanning()
        _ = Self.scan("C-1", &app)
        #expect(app.handle(.enter) == [])
        #expect(app.model.notice == "C-1 is still being checked; Enter again to start")
        app.received(Self.lot("C-1"))
        #expect(Self.accepted(app) == ["C-1"])
    }

    @Test func aRefusedStartOpensThePromptAgainWithItsScans() {
        var app = Self.scanning()
        _ = Self.scan("C-1", &app)
        app.received(Self.lot("C-1"))
        let start = Requests.OperationStart(order: "WO-2", index: 0, machine: "press-01", lots: [LotQuantity(lot: "C-1", quantity: nil)])
        #expect(app.handle(.enter) == [.request(.opStart(start))])
        #expect(app.model.prompt == nil)
        app.refused(ProtocolError(code: "refused", message: "press-01 runs WO-1/1 already"), request: .opStart(start))
        #expect(app.model.notice == "press-01 runs WO-1/1 already")
        #expect(Self.accepted(app) == ["C-1"])
        #expect(app.model.prompt?.label == "Start WO-2/1 with C-1; more, or Enter to start:")
    }

    @Test func escForgetsScansBeingChecked() {
        var app = Self.scanning()
        _ = Self.scan("C-1", &app)
        _ = app.handle(.escape)
        app.received(Self.lot("C-1"))
        #expect(app.model.prompt == nil)
        #expect(app.model.scansBeingChecked.isEmpty)
    }

    @Test func aRefusedStartTakesTheLotItNamesOffAndBackspaceTakesTheLastScan() {
        var app = Self.scanning()
        for id in ["C-3", "C-4"] {
            _ = Self.scan(id, &app)
            app.received(Self.lot(id))
        }
        let start = Requests.OperationStart(
            order: "WO-2", index: 0, machine: "press-01", lots: [LotQuantity(lot: "C-3", quantity: nil), LotQuantity(lot: "C-4", quantity: nil)])
        _ = app.handle(.enter)
        app.refused(ProtocolError(code: "refused", message: "lot C-4 is on hold #2: it cannot be used"), request: .opStart(start))
        #expect(Self.accepted(app) == ["C-3"], "the held lot is off the list, the other stays")
        #expect(app.model.notice == "lot C-4 is on hold #2: it cannot be used; C-4 taken off the list")
        _ = app.handle(.backspace)
        #expect(Self.accepted(app) == [], "Backspace on an empty line takes the last scan off")
        #expect(app.model.notice == "C-3 taken off the list")
    }

    @Test func aRefusedHoldOpensItsPromptAgainWithWhatWasTyped() {
        var app = QueueScreenTests.app()
        _ = app.perform(.showHolds)
        _ = app.handle(.char("c"))
        for c in "C-1001" { _ = app.handle(.char(c)) }
        _ = app.handle(.enter)
        #expect(app.model.prompt?.text == "C-1001 ", "the lot alone: a space, so what comes next is the reason")
        for c in "lamination" { _ = app.handle(.char(c)) }
        let effects = app.handle(.enter)
        guard case .request(.holdPlace(let place)) = effects.first else {
            Issue.record("no hold request: \(effects)")
            return
        }
        #expect(place.target == "C-1001" && place.reason == "lamination")
        app.refused(ProtocolError(code: "unknown_lot", message: "no lot C-1001"), request: .holdPlace(place))
        #expect(app.model.prompt?.text == "C-1001 lamination", "the typed line comes back")
    }
}
