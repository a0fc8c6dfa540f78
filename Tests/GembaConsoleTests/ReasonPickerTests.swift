import GembaConsole
import GembaCore
import Testing

/// Booking and correcting stop reasons: every stop listed, type or scan to choose, `other`.
struct ReasonPickerTests {
    static let s = Nanos.perSecond
    static let reasons: [DowntimeReason] = [
        .init(code: "jam", description: "Material jam", category: "material"),
        .init(code: "tool_change", description: "Tool change", category: "mechanical"),
        .init(code: "hydraulic_fault", description: "Hydraulic fault", category: "mechanical"),
        .init(code: "no_operator", description: "No operator", category: "people"),
    ]

    /// press-02 down now without a reason, and twelve closed stops before, one with a reason.
    static func detailApp() -> ConsoleApp {
        var app = Fixtures.app()
        app.model.plant?.downtimeReasons = reasons
        var m = Fixtures.snapshot.machines[1]
        m.reason = nil
        app.received(FloorDelta(shift: nil, serverTime: "", machines: [m], telemetry: nil, consoles: nil))
        _ = app.handle(.right)
        _ = app.handle(.enter)
        var intervals: [IntervalRecord] = []
        var t = Fixtures.now - 5 * 3600 * s
        for k in 0..<12 {
            intervals.append(IntervalRecord(StateInterval(machine: "press-02", state: .running, reason: nil, start: t, end: t + 1200 * s)))
            t += 1200 * s
            intervals.append(
                IntervalRecord(StateInterval(machine: "press-02", state: .down, reason: k == 11 ? "jam" : nil, start: t, end: t + 60 * s)))
            t += 60 * s
        }
        app.received(MachineDetail(machine: m, shift: Fixtures.snapshot.shift, intervals: intervals))
        return app
    }

    @Test func theDetailListsEveryStopOfTheShiftAndScrolls() {
        var app = Self.detailApp()
        var text = Fixtures.render(&app, width: 100, height: 30).text
        #expect(text.contains("Stops this shift: 13, 12 without a reason"))
        #expect(app.model.detailStop == 0, "the open unexplained stop is selected first")
        for _ in 0..<12 { _ = app.handle(.down) }
        text = Fixtures.render(&app, width: 100, height: 30).text
        // The oldest stop, scrolled into view and selected.
        let oldest = Format.clock(Fixtures.now - 5 * 3600 * Self.s + 1200 * Self.s).prefix(5)
        #expect(text.contains("▸ \(oldest)"), "\(text)")
    }

    @Test func typingFiltersAScannedCodeGoesStraightToConfirmation() {
        var app = Self.detailApp()
        _ = app.handle(.char("r"))
        var text = Fixtures.render(&app, width: 100, height: 30).text
        #expect(text.contains("[mechanical]") && text.contains("[material]"), "categories from the plant file")
        #expect(text.contains("other  Other: say what happened"))
        for c in "hydr" { _ = app.handle(.char(c)) }
        #expect(app.model.picker?.visible.map(\.code) == ["hydraulic_fault", "other"])
        _ = app.handle(.escape)
        #expect(app.model.picker?.filter == "", "Esc clears the filter first")
        // A scanner types the code and Enter.
        for c in "tool_change" { _ = app.handle(.char(c)) }
        #expect(app.handle(.enter) == [])
        text = Fixtures.render(&app, width: 100, height: 30).text
        #expect(text.contains("Book \"tool_change\"? y: yes"))
        let start = Fixtures.snapshot.machines[1].sinceNanos
        #expect(app.handle(.enter) == [], "Enter alone does not book")
        #expect(app.handle(.char("y")) == [.request(.classify(.init(machine: "press-02", start: String(start), reason: "tool_change")))])
    }

    @Test func otherAsksWhatHappened() {
        var app = Self.detailApp()
        _ = app.handle(.char("r"))
        for c in "oth" { _ = app.handle(.char(c)) }
        _ = app.handle(.enter)
        _ = app.handle(.char("y"))
        #expect(app.model.prompt?.label == "What stopped press-02? (required)")
        #expect(app.handle(.enter) == [], "words are required")
        for c in "crane blocked the aisle" { _ = app.handle(.char(c)) }
        let start = Fixtures.snapshot.machines[1].sinceNanos
        #expect(
            app.handle(.enter) == [
                .request(.classify(.init(machine: "press-02", start: String(start), reason: "other", comment: "crane blocked the aisle")))
            ])
    }

    @Test func aBookedReasonCanBeCorrected() {
        var app = Self.detailApp()
        // The newest closed stop has "jam" already.
        _ = app.handle(.down)
        _ = app.handle(.char("r"))
        #expect(app.model.picker?.current == "jam")
        let text = Fixtures.render(&app, width: 100, height: 30).text
        #expect(text.contains("Correct press-02 down"), "\(text)")
        #expect(text.contains("(was jam)"))
        // A running or setup stop takes no reason.
        _ = app.handle(.escape)
        app.model.detailStop = 99
        _ = app.handle(.char("r"))
        #expect(app.model.picker == nil)
    }
}
