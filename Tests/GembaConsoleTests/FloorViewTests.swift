import Foundation
import GembaConsole
import GembaCore
import Testing

struct FloorViewTests {
    /// Three machines on the longest line: at 80 columns the tiles grow to 26 cells.
    @Test func boardShowsEveryMachineGroupedByLineAt80x24() {
        var app = Fixtures.app()
        let grid = Fixtures.render(&app)
        let lines = grid.lines
        #expect(lines[0].hasPrefix(" Gemba │ Demo Works │ Floor │ Shift A 2h00m left"))
        #expect(lines[0].contains("● live │ alice │ 12:00:00"))
        #expect(lines[1].hasPrefix("Stamping (L1)  1/3 running, 1 down"))
        let text = grid.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(text[2] == "▸▶ Press 01                ✖ Press 02                ↻ Press 03")
        #expect(text[3] == " RUNNING          12m03s   DOWN              1m35s   SETUP             1h01m")
        #expect(text[4] == "                           jam                       changeover")
        #expect(text[5] == " 1,039 ok          3 rej   12 ok             0 rej   1,039 ok          3 rej")
        #expect(lines[7].hasPrefix("Welding (L2)  0/2 running"))
        #expect(lines[9].hasPrefix(" OFFLINE             45s   PLANNED STOP         5s"))
        #expect(lines[10].hasPrefix(" no data                   cleaning"))
        #expect(lines[23].hasPrefix(" ←↑↓→ move  Enter detail  a alarms  w queues  o OEE  t audit  ? help  q quit"))
    }

    @Test func statesCarryColourAndStillReadWithout() {
        var colour = Fixtures.app(theme: .full)
        let g = Fixtures.render(&colour)
        #expect(g[28, 2].style.bg == .red)  // Press 02's banner: down
        #expect(g[1, 2].style.fg == .green)  // running: a green symbol on a calm row
        #expect(g[3, 2].style.bg == .default)

        var mono = Fixtures.app(theme: .ascii)
        let m = Fixtures.render(&mono)
        #expect(m[28, 2].style.reverse)
        #expect(m[28, 2].style.bg == .default)
        #expect(m.lines[2].hasPrefix(">> Press 01                X Press 02                ~ Press 03"))
        // ASCII theme: nothing outside ASCII anywhere on the screen.
        #expect(m.lines.allSatisfy { $0.unicodeScalars.allSatisfy { $0.value < 128 } })
    }

    @Test func selectionMovesWithArrowsAndVimKeys() {
        var app = Fixtures.app()
        _ = Fixtures.render(&app)
        _ = app.handle(.right)
        #expect(app.model.selectedID == "press-02")
        _ = app.handle(.char("j"))
        #expect(app.model.selectedID == "weld-02")
        _ = app.handle(.char("k"))
        #expect(app.model.selectedID == "press-02")
        _ = app.handle(.end)
        #expect(app.model.selectedID == "weld-02")
        _ = app.handle(.char("h"))
        #expect(app.model.selectedID == "weld-01")
        let grid = Fixtures.render(&app)
        #expect(grid.lines[8].hasPrefix("▸? Weld Cell 01"))
    }

    @Test func deltaChangesOnlyTheMachinesItNames() {
        var app = Fixtures.app()
        var changed = Fixtures.machine("press-01", "Press 01", line: "L1", .down, reason: "tool_change", sinceSeconds: 2)
        changed.shiftTotal = 1100
        app.received(FloorDelta(shift: Fixtures.snapshot.shift, serverTime: "", machines: [changed], telemetry: nil, consoles: nil))
        let lines = Fixtures.render(&app).lines
        #expect(lines[3].hasPrefix(" DOWN                 2s   DOWN              1m35s"))
        #expect(lines[4].hasPrefix(" tool_change               jam"))
        #expect(lines[5].hasPrefix(" 1,097 ok          3 rej   12 ok"))
    }

    @Test func tilesShowTheShiftOEESoFar() {
        var app = Fixtures.app()
        var m = Fixtures.machine("press-02", "Press 02", line: "L1", .down, reason: "jam", sinceSeconds: 95)
        m.oee = OEEFigures(availability: 0.888095, performance: 0.861081, quality: 0.97805, oee: 0.747937)
        var n = Fixtures.machine("press-03", "Press 03", line: "L1", .setup, reason: "changeover", sinceSeconds: 10)
        n.oee = OEEFigures(availability: nil, performance: nil, quality: nil, oee: nil)
        app.received(FloorDelta(shift: Fixtures.snapshot.shift, serverTime: "", machines: [m, n], telemetry: nil, consoles: nil))
        let lines = Fixtures.render(&app).lines
        #expect(lines[4].hasPrefix("                           jam           OEE 74.8%   changeover        OEE —"))
    }

    @Test func manyMachinesScrollToKeepTheSelectionVisible() {
        var app = ConsoleApp(theme: .full)
        var snap = Fixtures.snapshot
        let ids = (1...40).map { String(format: "m-%02d", $0) }
        snap.plant.lines = [PlantSummary.Line(id: "L9", name: "Big", machines: ids)]
        snap.machines = ids.map { Fixtures.machine($0, $0.uppercased(), line: "L9", .running, sinceSeconds: 10) }
        app.received(snap)
        _ = Fixtures.render(&app)
        _ = app.handle(.end)
        let lines = Fixtures.render(&app).lines
        #expect(lines.contains { $0.contains("▸▶ M-40") })
        #expect(!lines.contains { $0.contains("M-01") })
    }
}
