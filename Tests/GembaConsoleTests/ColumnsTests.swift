import GembaConsole
import GembaCore
import Testing

/// Dates say their year when it is not this one; columns never run into each other.
struct ColumnsTests {
    static let s = Nanos.perSecond

    @Test func aDueDateInAnotherYearCarriesItsYearAndAHugeQuantityStaysInItsColumn() {
        var app = QueueScreenTests.app()
        let lastYear = ISOTime.format(Fixtures.now - 400 * 86_400 * Self.s)
        let nextWeek = ISOTime.format(Fixtures.now + 7 * 86_400 * Self.s)
        app.received([
            OrderStatus(
                id: "WO-OLD", product: "bracket", quantity: 12_345_678, due: lastYear, priority: 1, release: nil, state: "released",
                operations: [], plannedEnd: nextWeek, lateness: nil),
            OrderStatus(
                id: "WO-NEW", product: "bracket", quantity: 100_000, due: nextWeek, priority: 1, release: nil, state: "released",
                operations: [], plannedEnd: nil, lateness: nil),
        ])
        _ = app.perform(.showOrders)
        let lines = Fixtures.render(&app, width: 100, height: 24).lines
        let old = lines.first { $0.contains("WO-OLD") } ?? ""
        let new = lines.first { $0.contains("WO-NEW") } ?? ""
        #expect(old.contains(String(lastYear.prefix(10))), "the year of an old due date: \(old)")
        #expect(old.contains("12M ") || old.contains("12.3M "), "the quantity shortened with its unit, then a space: \(old)")
        #expect(new.contains("100k "), "six figures do not fit the 7-cell column with its space: \(new)")
        #expect(!new.contains(String(nextWeek.prefix(4)) + "-"), "this year's dates leave the year out: \(new)")
    }

    @Test func countsShortenWithAUnitRatherThanBeingCut() {
        #expect(Format.count(999_999, fitting: 7) == "999,999")
        #expect(Format.count(12_345_678, fitting: 6) == "12M")
        #expect(Format.count(1_234_567, fitting: 6) == "1.2M")
        #expect(Format.count(-45_000, fitting: 5) == "-45k")
        #expect(Format.pad("ABCDEFGHIJ", 6) == "ABCD… ", "a cut column keeps a space before the next")
    }
}
