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
}
