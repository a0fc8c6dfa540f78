import Foundation
import GembaConsole
import GembaCore
import Testing

/// A selection follows its item, never its row number: what a person acts on is what they
/// selected, whatever arrived meanwhile.
struct SelectionTests {
    typealias A = AlarmScreenTests

    /// The alarm board with one more alarm, critical and newest: it sorts first.
    static func boardWithNewCritical() -> AlarmBoard {
        var b = A.board()
        b.alarms.append(A.alarm("press-04-jam", machine: "press-04", .critical, .unacknowledged, acknowledged: false, activatedAgo: 5, occurrence: 6))
        return b
    }

    static func delta(_ alarms: AlarmBoard) -> FloorDelta {
        var d = FloorDelta(shift: Fixtures.snapshot.shift, serverTime: "", machines: [], telemetry: nil, consoles: nil)
        d.alarms = alarms
        return d
    }

    @Test func aNewAlarmAboveTheSelectedOneDoesNotMoveTheActionToIt() {
        var app = A.app()
        _ = app.handle(.char("a"))
        _ = app.handle(.down)  // press-01-oil (high, acknowledged) is now selected
        #expect(app.model.selectedItems[.alarms] == "press-01-oil")
        // A critical alarm arrives: it sorts above, and the row under the cursor changes.
        app.received(Self.delta(Self.boardWithNewCritical()))
        #expect(app.model.alarmsScreen.list.selected == 2, "the selection moved down with its alarm")
        let lines = Fixtures.render(&app, width: 100, height: 24).lines
        #expect(lines.first { $0.contains("▸") }?.contains("press-01-oil") == true, "the mark is on the alarm selected")
        _ = app.handle(.char("a"))
        #expect(app.model.prompt?.purpose == .acknowledge(alarm: "press-01-oil"), "the prompt names the alarm the lead selected")
    }

    @Test func whenTheSelectedAlarmLeavesTheListTheSelectionStaysOnItsNeighbour() {
        var app = A.app()
        _ = app.handle(.char("a"))
        _ = app.handle(.down)
        var b = A.board()
        b.alarms.removeAll { $0.definition == "press-01-oil" }
        app.received(Self.delta(b))
        #expect(app.model.alarmsScreen.list.selected == 1)
        #expect(app.model.selectedItems[.alarms] == "press-02-oil", "its neighbour, and the selection is anchored there")
    }

    @Test func aFilterKeepsTheSelectedAlarmSelected() {
        var app = A.app()
        _ = app.handle(.char("a"))
        _ = app.handle(.down)
        _ = app.handle(.down)  // press-02-oil
        #expect(app.model.selectedItems[.alarms] == "press-02-oil")
        _ = app.handle(.char("/"))
        for c in "press" { _ = app.handle(.char(c)) }
        _ = app.handle(.enter)
        let rows = AlarmList.rows(app.model)
        #expect(rows[safe: app.model.alarmsScreen.list.selected]?.definition == "press-02-oil")
    }

    @Test func ordersFollowTheirIdWhenTheListIsReadAgain() {
        var app = A.app()
        func order(_ id: String) -> OrderStatus {
            OrderStatus(
                id: id, product: "bracket", quantity: 10, due: "2025-11-25T18:00:00Z", priority: 1, release: nil, state: "released", operations: [],
                plannedEnd: nil, lateness: nil)
        }
        app.received([order("WO-1"), order("WO-2"), order("WO-3")])
        _ = app.handle(.char("w"))
        _ = app.handle(.char("O"))
        _ = app.handle(.down)
        #expect(app.model.screen == .orders)
        #expect(app.model.selectedItems[.orders] == "WO-2")
        app.received([order("WO-0"), order("WO-1"), order("WO-2"), order("WO-3")])
        #expect(app.model.ordersScreen.list.selected == 2)
    }

    /// The priority prompt offers the current one; typing replaces it (a 5 typed over 1 is 5,
    /// not 15, which was saved and audited as 15).
    @Test func aTypedPriorityReplacesTheOfferedOne() {
        var app = A.app()
        app.received([
            OrderStatus(
                id: "WO-1", product: "bracket", quantity: 10, due: "2025-11-25T18:00:00Z", priority: 1, release: nil, state: "released",
                operations: [], plannedEnd: nil, lateness: nil)
        ])
        _ = app.handle(.char("w"))
        _ = app.handle(.char("O"))
        _ = app.handle(.char("p"))
        #expect(app.model.prompt?.text == "1")
        _ = app.handle(.char("5"))
        #expect(app.model.prompt?.text == "5")
        #expect(app.handle(.enter) == [.request(.orderPriority(.init(order: "WO-1", priority: 5)))])
    }
}

extension Array {
    fileprivate subscript(safe i: Int) -> Element? { indices.contains(i) ? self[i] : nil }
}

/// Screen keys work from every screen where they mean nothing else.
struct ScreenKeyTests {
    @Test func aOpensTheAlarmsFromTheQueuesAndSStillStartsThere() {
        var app = AlarmScreenTests.app()
        _ = app.handle(.char("w"))
        #expect(app.model.screen == .queues)
        _ = app.handle(.char("a"))
        #expect(app.model.screen == .alarms, "a from the Queues screen")
        _ = app.handle(.char("s"))
        #expect(app.model.screen == .status, "s goes to the status screen from the alarm list too (z shelves)")
        _ = app.handle(.char("t"))
        #expect(app.model.screen == .audit, "and t to the audit trail from there")
        _ = app.handle(.char("o"))
        #expect(app.model.screen == .oee)
        _ = app.handle(.char("t"))
        #expect(app.model.screen == .audit, "t from the OEE screen (l shows the last shift)")
        var other = AlarmScreenTests.app()
        _ = other.handle(.char("w"))
        _ = other.handle(.char("o"))
        #expect(other.model.screen == .oee, "o from the Queues screen")
    }
}
