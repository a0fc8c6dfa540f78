import Foundation
import GembaConsole
import GembaCore
import Testing

/// The prompt line edits as readline does, keeps the cursor in view, and errors are read whole.
struct PromptEditingTests {
    static func acknowledging() -> ConsoleApp {
        var app = AlarmScreenTests.app()
        _ = app.handle(.char("a"))
        _ = app.handle(.char("a"))
        return app
    }

    static func type(_ text: String, into app: inout ConsoleApp) {
        for c in text { _ = app.handle(.char(c)) }
    }

    @Test func readlineKeysMoveTheCursorAndCutText() {
        var app = Self.acknowledging()
        Self.type("waiting for maint", into: &app)
        // Ctrl-W takes the word before the cursor.
        _ = app.handle(.ctrl("w"))
        #expect(app.model.prompt?.text == "waiting for ")
        Self.type("fitter", into: &app)
        // Home (and Ctrl-A) go to the start; typing inserts there.
        _ = app.handle(.home)
        Self.type("still ", into: &app)
        #expect(app.model.prompt?.text == "still waiting for fitter")
        // ← and → move one character; Delete takes the one under the cursor.
        _ = app.handle(.ctrl("e"))
        for _ in 0..<6 { _ = app.handle(.left) }
        _ = app.handle(.delete)
        Self.type("F", into: &app)
        #expect(app.model.prompt?.text == "still waiting for Fitter")
        // Ctrl-K takes the rest of the line from the cursor (after the F); Ctrl-U all before it.
        _ = app.handle(.ctrl("k"))
        #expect(app.model.prompt?.text == "still waiting for F")
        _ = app.handle(.left)
        _ = app.handle(.ctrl("u"))
        #expect(app.model.prompt?.text == "F")
        #expect(app.model.prompt?.cursor == 0)
        _ = app.handle(.end)
        _ = app.handle(.backspace)
        Self.type("fitter called", into: &app)
        // Arrow keys and screen keys never leave the prompt or reach the list.
        _ = app.handle(.up)
        _ = app.handle(.tab)
        #expect(app.model.screen == .alarms)
        #expect(app.handle(.enter) == [.request(.ack(.init(alarm: "weld-01-stop", comment: "fitter called")))])
    }

    @Test func theCursorIsShownWhereTheNextCharacterGoes() {
        var app = Self.acknowledging()
        Self.type("seen it", into: &app)
        for _ in 0..<3 { _ = app.handle(.left) }
        let grid = Fixtures.render(&app, width: 80, height: 24)
        let line = grid.lines[22]
        let field = line.range(of: "seen it")!
        let column = line.distance(from: line.startIndex, to: field.lowerBound) + 4
        #expect(grid.cursor?.x == column && grid.cursor?.y == 22, "the terminal cursor sits on the 'i' of 'it'")
        #expect(grid[column, 22].style.reverse != grid[column - 1, 22].style.reverse, "and the cell is drawn as a cursor without one")
        // No prompt, no cursor.
        _ = app.handle(.escape)
        #expect(Fixtures.render(&app, width: 80, height: 24).cursor == nil)
    }

    @Test func aLongLineScrollsSoTheCursorAndTheEndStayInView() {
        var app = Self.acknowledging()
        let long = (1...30).map { "w\($0)" }.joined(separator: " ")
        Self.type(long, into: &app)
        var line = Fixtures.render(&app, width: 80, height: 24).lines[22]
        #expect(line.contains("w29 w30"), "the end of the text shows while the cursor is there")
        #expect(line.contains("…"), "the cut start is marked")
        _ = app.handle(.home)
        let grid = Fixtures.render(&app, width: 80, height: 24)
        line = grid.lines[22]
        #expect(line.contains("w1 w2 w3"), "Home scrolls back to the start")
        #expect(grid.cursor.map { line.dropFirst($0.x).hasPrefix("w1 ") } == true)
    }

    @Test func aLongErrorWrapsInsteadOfBeingCut() {
        var app = AlarmScreenTests.app()
        _ = app.perform(.showOrders)
        _ = app.handle(.char("n"))
        Self.type("WO-9", into: &app)
        _ = app.handle(.enter)
        let notice = "write: id product quantity due [priority], such as WO-9 bracket 100 2026-11-30 2"
        #expect(app.model.notice == notice)
        let lines = Fixtures.render(&app, width: 80, height: 24).lines
        let shown = lines[22...23].map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(shown == notice, "the whole hint, on two lines")
        #expect(lines[21].contains("New order") && lines[21].contains("WO-9"), "the prompt moves up above it, text kept")
    }

    @Test func wrapBreaksAtSpacesAndCutsOnlyWordsLongerThanALine() {
        #expect(Format.wrap("one two three", 7) == ["one two", "three"])
        #expect(Format.wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"])
        #expect(Format.wrap("", 10) == [])
    }
}
