import GembaConsole
import GembaTerminal
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The ncurses backend on a headless screen (output to /dev/null).
@Suite(.serialized)
struct CursesTerminalTests {
    @Test func setsUpHeadlessAndSendsNothingWhenNothingChanged() throws {
        setenv("LINES", "10", 1)
        setenv("COLUMNS", "40", 1)
        let t = try CursesTerminal(
            term: "xterm-256color", input: fopen("/dev/null", "r"), output: fopen("/dev/null", "w"), installSignalHandlers: false)
        defer { t.close() }
        #expect(t.size.width == 40)
        #expect(t.size.height == 10)
        var g = Grid(width: 40, height: 10)
        g.put("Press 01", x: 2, y: 3, style: Style(fg: .green, bold: true))
        #expect(t.draw(g) > 0)
        #expect(t.draw(g) == 0)
        g.put("Press 02", x: 2, y: 3, style: Style(fg: .green, bold: true))
        // One jump and one character: xterm's cup for row 4, column 10, then "2".
        #expect(t.draw(g) == "\u{1B}[4;10H2".utf8.count)
    }

    @Test func unknownTerminalTypeIsAClearError() {
        #expect(throws: TerminalError.self) {
            _ = try CursesTerminal(
                term: "no-such-terminal-xyz", input: fopen("/dev/null", "r"), output: fopen("/dev/null", "w"), installSignalHandlers: false)
        }
    }
}
