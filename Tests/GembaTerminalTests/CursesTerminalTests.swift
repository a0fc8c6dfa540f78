import Foundation
import GembaConsole
import Testing

@testable import GembaTerminal

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

    /// Sequences are written as they are, not through tputs: an entry's padding (`$<5>` in
    /// vt100's) must not reach the screen as text. Every common TERM, bytes read back.
    @Test(arguments: ["vt100", "vt220", "linux", "screen", "tmux-256color", "xterm", "xterm-256color"])
    func noTerminfoPaddingReachesTheScreen(term: String) throws {
        setenv("LINES", "12", 1)
        setenv("COLUMNS", "60", 1)
        let path = "/tmp/gemba-term-\(getpid())-\(term)"
        defer { unlink(path) }
        guard let out = fopen(path, "w") else { throw TerminalError(message: "cannot open \(path)") }
        do {
            let t = try CursesTerminal(term: term, input: fopen("/dev/null", "r"), output: out, installSignalHandlers: false)
            var g = Grid(width: 60, height: 12)
            g.put("Press 01  RUNNING", x: 2, y: 3, style: Style(fg: .green, bold: true))
            g.put("Weld 02   DOWN", x: 30, y: 7, style: Style(fg: .red, reverse: true))
            _ = t.draw(g)
            g.put("Press 01  IDLE   ", x: 2, y: 3, style: Style(dim: true))
            g.put("x", x: 59, y: 11, style: Style(underline: true))
            _ = t.draw(g)
            t.close()
        }
        fclose(out)
        let bytes = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!bytes.contains("$<"), "\(term): \(bytes.debugDescription.prefix(300))")
        #expect(bytes.contains("RUNNING") && bytes.contains("IDLE"))
    }

    /// Keys the terminal's terminfo entry does not name (Home on a vt100, Shift-← on linux,
    /// Alt-b) arrive as ESC and letters: read whole, taken for their key or dropped, never an
    /// Esc that closes a prompt followed by letters that run as screen keys.
    @Test func unknownEscapeSequencesAreReadWholeNotAsEscAndLetters() throws {
        setenv("LINES", "10", 1)
        setenv("COLUMNS", "40", 1)
        let path = "/tmp/gemba-keys-\(getpid())"
        defer { unlink(path) }
        try Data("\u{1B}[1~\u{1B}[1;2D\u{1B}b\u{1B}[Z\u{1B}[3~x".utf8).write(to: URL(fileURLWithPath: path))
        let t = try CursesTerminal(term: "vt100", input: fopen(path, "r"), output: fopen("/dev/null", "w"), installSignalHandlers: false)
        defer { t.close() }
        var keys: [Key] = []
        for _ in 0..<12 { if let k = t.readKey(timeoutMs: 30) { keys.append(k) } }
        #expect(keys == [.home, .backTab, .delete, .char("x")], "\(keys)")
    }

    @Test func theDelaysOfATerminfoStringAreTakenOut() {
        #expect(withoutPadding("\u{1B}[%i%p1%d;%p2%dH$<5>") == "\u{1B}[%i%p1%d;%p2%dH")
        #expect(withoutPadding("$<2*>a$<100/>b$<1.5>") == "ab")
        #expect(withoutPadding("cost $<x> stays") == "cost $<x> stays", "not a delay: kept")
    }

    @Test func unknownTerminalTypeIsAClearError() {
        #expect(throws: TerminalError.self) {
            _ = try CursesTerminal(
                term: "no-such-terminal-xyz", input: fopen("/dev/null", "r"), output: fopen("/dev/null", "w"), installSignalHandlers: false)
        }
    }
}
