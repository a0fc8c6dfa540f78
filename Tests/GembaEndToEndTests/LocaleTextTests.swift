import Foundation
import GembaTesting
import Testing

/// The text the scripting verbs print themselves (arrows, dashes, times signs) falls back to
/// ASCII when the locale is not UTF-8, as `gemba status` does for what machines report.
@Suite struct LocaleTextTests {
    static func ascii(_ lines: [String]) -> Bool { lines.allSatisfy { $0.unicodeScalars.allSatisfy { (0x20..<0x7F).contains($0.value) } } }

    @Test func traceHoldOEEAndCheckConfigPrintASCIIUnderTheCLocale() throws {
        let h = try TraceTextTests.genealogy()
        let cli = GembaCLI(h)
        let c = ["LANG": "C"]
        let trace = try cli.lines(["trace", "C1", "--forward"], environment: c)
        #expect(Self.ascii(trace) && trace.contains("shipped: P1a -> CO-1 (40)"), "\(trace)")
        let hold = try cli.lines(["hold", "C1", "--reason", "rust", "--contain"], environment: c)
        #expect(Self.ascii(hold) && hold.contains("already shipped (notify): P1a -> CO-1"), "\(hold)")
        let oee = try cli.lines(["oee", "--machine", "press-01"], environment: c)
        #expect(Self.ascii(oee) && oee.contains { $0.hasPrefix("OEE ") && $0.hasSuffix(" x performance - x quality -") }, "\(oee)")
        let config = try GembaCLI().lines(["check-config", h.folder + "/plant.yaml"], environment: c)
        #expect(Self.ascii(config) && config.first?.hasSuffix("plant.yaml: OK - Test Works, 1 lines, 2 machines, 2 shifts") == true, "\(config)")
        let utf8 = try cli.lines(["trace", "C1", "--forward"], environment: ["LANG": "C.UTF-8"])
        #expect(utf8.contains("shipped: P1a → CO-1 (40)"), "under UTF-8 the arrow stays: \(utf8)")
    }
}
