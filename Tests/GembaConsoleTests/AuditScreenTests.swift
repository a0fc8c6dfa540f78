import Foundation
import GembaConsole
import GembaCore
import Testing

/// The audit screen: the chain's verdict, what each record set, and a record read whole.
struct AuditScreenTests {
    static func entry(_ seq: Int64, _ action: String, _ object: String, after: String? = nil, comment: String? = nil) -> AuditEntry {
        AuditEntry(
            AuditRecord(
                seq: seq, at: Fixtures.now - (100 - seq) * Nanos.perSecond, user: "lena", uid: 1001, role: "shift_lead", action: action,
                object: object, before: nil, after: after, comment: comment, outcome: "ok", prevHash: "0", hash: "ab12cd\(seq)"))
    }

    static func app(verdict: AuditVerification?) -> ConsoleApp {
        var app = AlarmScreenTests.app()
        #expect(app.handle(.char("t")) == [.request(.audit(.init(limit: 500))), .request(.auditVerify(.init()))])
        let comment = "press 2 tripped twice on the oil temperature; the fitter replaced the sensor cable and checked the pump, waiting for the spare"
        app.received(
            AuditList(records: [
                entry(42, "classify_downtime", "machine:press-01", after: "down 2025-11-25T11:40:00Z: jam"),
                entry(41, "ack_alarm", "alarm:press-02-oil", comment: comment),
            ]))
        app.model.auditScreen.verdict = verdict
        return app
    }

    @Test func theChainsVerdictIsShownIntactOrBrokenWithWhere() {
        var app = Self.app(verdict: AuditVerification(ok: true, records: 1234))
        #expect(Fixtures.render(&app).lines[1].hasSuffix("✓ chain intact (1,234 records) "))
        app.model.auditScreen.verdict = AuditVerification(ok: false, records: 1234, firstBad: 57, reason: "hash does not match its record")
        #expect(Fixtures.render(&app).lines[1].contains("CHAIN BROKEN at #57: hash does not match its record"))
    }

    /// At 80 columns a filtered trail still says it is filtered and what it shows, beside the verdict.
    @Test func aFilterStaysInTheTitleAt80Columns() {
        var app = Self.app(verdict: AuditVerification(ok: true, records: 1234))
        app.model.auditScreen.filter = "classify"
        let title = Fixtures.render(&app).lines[1]
        #expect(title.contains("1 record") && title.contains("filter \"classify\""), "\(title)")
        #expect(title.hasSuffix("✓ chain intact (1,234 records) "))
    }

    @Test func aClassificationShowsTheReasonBookedAndACommentIsReadWhole() {
        var app = Self.app(verdict: nil)
        var lines = Fixtures.render(&app).lines
        #expect(
            lines.contains { $0.contains("classify_downtime") && $0.contains("ok  → down 20") }, "at 80 columns the reason booked begins on the row")
        lines = Fixtures.render(&app, width: 140, height: 24).lines
        #expect(lines.contains { $0.contains("classify_downtime") && $0.contains("ok  → down 2025-11-25T11:40:00Z: jam") })
        _ = app.handle(.down)
        lines = Fixtures.render(&app).lines
        let pane = lines.joined(separator: " ").split(separator: " ").joined(separator: " ")
        #expect(
            pane.contains(
                "comment: press 2 tripped twice on the oil temperature; the fitter replaced the sensor cable and checked the pump, waiting for the spare"
            ))
        #expect(pane.contains("hash ab12cd41"))
    }

    @Test func enterShowsTheSelectedRecordWholeAndEscGoesBackToTheList() {
        var app = Self.app(verdict: nil)
        _ = app.handle(.down)
        var long = app.model.auditScreen.records
        long[1].comment = String(repeating: "the fitter replaced the sensor cable and checked the pump; ", count: 6) + "END"
        app.received(AuditList(records: long))
        _ = app.handle(.enter)
        #expect(app.model.auditScreen.expanded)
        let text = Fixtures.render(&app, width: 80, height: 24).lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(text.contains("pump; END hash"), "the whole comment: \(text)")
        _ = app.handle(.escape)
        #expect(!app.model.auditScreen.expanded && app.model.screen == .audit, "Esc leaves the record, not the screen")
    }
}
