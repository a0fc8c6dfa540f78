import GembaConsole
import GembaTerminal
import Testing

struct FrameEncoderTests {
    func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func firstFrameClearsAndSkipsBlankCells() {
        var e = FrameEncoder(capabilities: .ansi)
        var g = Grid(width: 10, height: 3)
        g.put("ab", x: 0, y: 0)
        g.put("z", x: 4, y: 2, style: Style(fg: .red, bold: true))
        #expect(text(e.encode(from: nil, to: g)) == "\u{1B}[H\u{1B}[2J\u{1B}[0mab\u{1B}[3;5H\u{1B}[0;1;31mz")
    }

    @Test func onlyChangedCellsAreSentAndShortGapsBridged() {
        var e = FrameEncoder(capabilities: .ansi)
        var a = Grid(width: 20, height: 2)
        a.put("RUNNING   12s", x: 0, y: 0)
        _ = e.encode(from: nil, to: a)
        var b = a
        b.put("13s", x: 10, y: 0)
        #expect(text(e.encode(from: a, to: b)) == "\u{1B}[1;12H3")
        var c = b
        c.put("DOWN   ", x: 0, y: 0)
        c.put("14s", x: 10, y: 0)
        // D, O, W change; N stays; I, N, G become spaces; then the unchanged "   1" is
        // rewritten rather than jumped over, up to the "4".
        #expect(text(e.encode(from: b, to: c)) == "\u{1B}[1;1HDOWN      14")
        #expect(e.encode(from: c, to: c).isEmpty)
    }

    @Test func shortMovesOnARowUseCursorForward() {
        var e = FrameEncoder(capabilities: .ansi)
        var a = Grid(width: 40, height: 2)
        _ = e.encode(from: nil, to: a)
        var b = a
        b.put("1", x: 12, y: 1)
        b.put("2", x: 30, y: 1)
        #expect(text(e.encode(from: a, to: b)) == "\u{1B}[2;13H1\u{1B}[17C2")
        a = b
    }

    @Test func tickingColumnsBecomeTabStopsReachedInOneByte() {
        var e = FrameEncoder(capabilities: .ansi)
        var a = Grid(width: 60, height: 2)
        a.tabStops = [16, 36, 56]
        let first = text(e.encode(from: nil, to: a))
        #expect(first.hasSuffix("\u{1B}[3g\u{1B}[1;17H\u{1B}H\u{1B}[1;37H\u{1B}H\u{1B}[1;57H\u{1B}H"))
        var b = a
        b.put("1", x: 16, y: 1)
        b.put("2", x: 36, y: 1)
        b.put("3", x: 56, y: 1)
        #expect(text(e.encode(from: a, to: b)) == "\u{1B}[2;17H1\t2\t3")
        // Leaving: the default stops come back.
        #expect(text(e.restoreDefaultTabStops(width: 20)) == "\u{1B}[3g\u{1B}[1;9H\u{1B}H\u{1B}[1;17H\u{1B}H")
    }

    @Test func wideGlyphsAdvanceTwoCellsAndTheLastCellIsNeverWritten() {
        var e = FrameEncoder(capabilities: .ansi)
        var g = Grid(width: 4, height: 1)
        g.put("漢xy", x: 0, y: 0)
        #expect(text(e.encode(from: nil, to: g)) == "\u{1B}[H\u{1B}[2J\u{1B}[0m漢x")
    }

    @Test func withoutColourOnlyAttributesAreSent() {
        var caps = TerminalCapabilities.ansi
        caps.colors = false
        caps.combinedSGR = false
        var e = FrameEncoder(capabilities: caps)
        var g = Grid(width: 5, height: 2)
        g.put("x", x: 0, y: 0, style: Style(fg: .red, bg: .blue, reverse: true))
        #expect(text(e.encode(from: nil, to: g)) == "\u{1B}[H\u{1B}[2J\u{1B}[0m\u{1B}[0m\u{1B}[7mx")
    }

    @Test func aPromptsCursorIsShownAtItsPlaceAndHiddenAfter() {
        var e = FrameEncoder(capabilities: .ansi)
        let a = Grid(width: 20, height: 3)
        _ = e.encode(from: nil, to: a)
        var b = a
        b.put("ab", x: 0, y: 2)
        b.cursor = (1, 2)
        // Drawn, then the cursor goes back onto the "b" and is shown.
        #expect(text(e.encode(from: a, to: b)) == "\u{1B}[3;1Hab\u{1B}[3;2H\u{1B}[?25h")
        #expect(e.encode(from: b, to: b).isEmpty, "nothing again while it stays")
        var c = b
        c.put("abc", x: 0, y: 2)
        c.cursor = (3, 2)
        // From the cursor on the "b", rewriting it is shorter than a jump; after the "c" the
        // cursor is where it should be: no move needed.
        #expect(text(e.encode(from: b, to: c)) == "bc")
        var d = c
        d.cursor = nil
        #expect(text(e.encode(from: c, to: d)) == "\u{1B}[?25l")
    }
}
