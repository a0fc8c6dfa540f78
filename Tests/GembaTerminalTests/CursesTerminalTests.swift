import GembaConsole
import GembaTerminal
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The ncurses backend on a headless screen (output to /dev/null), read back
/// through ncurses' own screen with `mvin_wch`.
@Suite(.serialized)
struct CursesTerminalTests {
    func headless() throws -> CursesTerminal {
        let out = fopen("/dev/null", "w")
        let inp = fopen("/dev/null", "r")
        setenv("LINES", "10", 1)
        setenv("COLUMNS", "40", 1)
        return try CursesTerminal(term: "xterm-256color", input: inp, output: out, noColor: false, installSignalHandlers: false)
    }

    @Test func drawsGridsAndSendsOnlyChangedCells() throws {
        let t = try headless()
        defer { t.close() }
        #expect(t.size.width == 40)
        #expect(t.size.height == 10)
        var g = Grid(width: 40, height: 10)
        g.put("Press 01 ▶ RUNNING", x: 2, y: 3, style: Style(fg: .green, bold: true))
        g.put("漢字", x: 0, y: 0)
        let first = t.draw(g)
        #expect(first == 400 - 2)  // every cell, less the two continuation cells
        #expect(t.cellText(x: 2, y: 3) == "P")
        #expect(t.cellText(x: 11, y: 3) == "▶")
        #expect(t.cellText(x: 0, y: 0) == "漢")
        g.put("DOWN   ", x: 13, y: 3, style: Style(fg: .green, bold: true))
        // "RUNNING" → "DOWN   ": the fourth cell (N) is unchanged, the other six are sent.
        #expect(t.draw(g) == 6)
        #expect(t.cellText(x: 13, y: 3) == "D")
        #expect(t.draw(g) == 0)
    }

    @Test func unknownTerminalTypeIsAClearError() {
        #expect(throws: TerminalError.self) {
            _ = try CursesTerminal(term: "no-such-terminal-xyz", input: fopen("/dev/null", "r"), output: fopen("/dev/null", "w"), installSignalHandlers: false)
        }
    }
}
