import GembaConsole
import Testing

struct GridTests {
    @Test func wideGlyphsTakeTwoCellsAndNeverHalfFit() {
        var g = Grid(width: 6, height: 1)
        let used = g.put("ab漢字", x: 0, y: 0)
        #expect(used == 6)
        #expect(g[2, 0].text == "漢")
        #expect(g[3, 0].isContinuation)
        #expect(g.lines == ["ab漢字"])
        var h = Grid(width: 5, height: 1)
        h.put("ab漢字", x: 0, y: 0)
        #expect(h.text == "ab漢")
    }

    @Test func writesAreClippedToTheGrid() {
        var g = Grid(width: 4, height: 2)
        g.put("hello", x: 2, y: 1)
        g.put("x", x: 0, y: 5)
        #expect(g.lines == ["    ", "  he"])
    }

    @Test func formatsAreCompactAndExact() {
        #expect(Format.duration(59 * 1_000_000_000) == "59s")
        #expect(Format.duration(723 * 1_000_000_000) == "12m03s")
        #expect(Format.duration(3700 * 1_000_000_000) == "1h01m")
        #expect(Format.count(1_234_567) == "1,234,567")
        #expect(Format.fit("Weld Cell 01", 6) == "Weld …")
    }

    /// Decimals as `%.Nf` printed them, without Foundation's formatter.
    @Test func fixedDecimalsRoundLikePrintf() {
        #expect(Format.fixed(2.345, 1) == "2.3")
        #expect(Format.fixed(2.25, 1) == "2.2", "a tie goes to the even digit, as printf does")
        #expect(Format.fixed(9.96, 1) == "10.0")
        #expect(Format.fixed(-0.04, 1) == "0.0", "no minus zero")
        #expect(Format.fixed(-1.5, 0) == "-2")
        #expect(Format.fixed(0.747_912_3, 6) == "0.747912")
        #expect(Format.fixed(0.05, 6) == "0.050000")
        #expect(Format.fixed(.nan, 1) == "nan")
        #expect(Format.fixed(1e20, 1) == "1e+20")
    }
}
