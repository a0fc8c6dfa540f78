import GembaConsole
import GembaCore
import Testing

/// The list widget's state: moves, follows its item, and the window it shows.
struct ListStateTests {
    @Test func movesStayInsideTheList() {
        var s = ListState()
        s.move(.up, count: 5, page: 3)
        #expect(s.selected == 0)
        s.move(.pageDown, count: 5, page: 3)
        #expect(s.selected == 3)
        s.move(.pageDown, count: 5, page: 3)
        #expect(s.selected == 4)
        s.move(.first, count: 5, page: 3)
        #expect(s.selected == 0)
        s.move(.last, count: 0, page: 3)
        #expect(s.selected == 0, "an empty list keeps row 0")
    }

    @Test func theSelectionFollowsItsItemAndFallsToItsNeighbourWhenItGoes() {
        var s = ListState(selected: 1)
        s.anchor(in: ["a", "b", "c"])
        #expect(s.anchor == "b")
        s.follow(["new", "a", "b", "c"])
        #expect(s.selected == 2, "an item arriving above pushes the selection down with its item")
        s.follow(["new", "a", "c"])
        #expect(s.selected == 2 && s.anchor == "c", "gone: the row stays and shows its neighbour, anchored there")
        s.follow([])
        #expect(s.selected == 0 && s.anchor == nil)
    }

    @Test func theWindowKeepsTheSelectionInView() {
        var s = ListState(selected: 0)
        #expect(s.window(count: 100, height: 10) == 0..<10)
        s.selected = 25
        #expect(s.window(count: 100, height: 10) == 16..<26)
        s.selected = 99
        #expect(s.window(count: 100, height: 10) == 90..<100)
        #expect(s.window(count: 3, height: 10) == 0..<3)
    }

    @Test func everyListScreenMarksItsSelectionWithAGlyphWithoutColour() {
        var app = ConsoleApp(theme: Theme(unicode: false, color: false))
        app.connected(.init(protocol: 1, server: "t", plant: "Demo Works", user: "u", uid: 1))
        var snap = Fixtures.snapshot
        snap.alarms = AlarmScreenTests.board()
        app.received(snap)
        _ = app.handle(.char("a"))
        _ = app.handle(.down)
        let lines = Fixtures.render(&app, width: 100, height: 24).lines
        #expect(lines.filter { $0.hasPrefix(" > ") }.count == 1, "one row marked with > in ASCII")
    }
}
