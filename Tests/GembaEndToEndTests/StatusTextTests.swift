import Foundation
import GembaCore
import GembaServer
import GembaTesting
import Testing

/// `gemba status` as text when a machine reports a reason with glyphs (`✓`, `●`, `…`), wide
/// characters or a terminal escape: under a UTF-8 locale the glyphs as sent, in aligned
/// columns; under any other locale ASCII stand-ins; never a control character.
@Suite struct StatusTextTests {
    static func plant() throws -> DaemonHarness {
        let h = try DaemonHarness()
        try h.send([
            "machine,machine=press-01 state=\"down\",reason=\"✓ 工具交換…\"",
            "machine,machine=press-02 state=\"down\",reason=\"esc\u{1B}[31mred ● Störung\"",
        ])
        _ = try h.waitFor("both reasons") { s in s.machines.allSatisfy { $0.reason != nil } }
        return h
    }

    /// Terminal cells of the text: 2 for the CJK ideographs here, 1 for the rest.
    static func cells(_ s: Substring) -> Int { s.unicodeScalars.reduce(0) { $0 + ((0x4E00...0x9FFF).contains($1.value) ? 2 : 1) } }

    /// The cell where the SINCE column starts on each line of the table (header and machines).
    static func sinceColumns(_ lines: [String]) -> [Int] {
        lines.filter { $0.hasPrefix("MACHINE") || $0.hasPrefix("press-") }.map { line in
            let start = line.range(of: "SINCE")?.lowerBound ?? line.range(of: "20")?.lowerBound ?? line.endIndex
            return cells(line[..<start])
        }
    }

    @Test func underUTF8TheGlyphsShowAsSentInAlignedColumns() throws {
        let h = try Self.plant()
        let lines = try GembaCLI(h).lines(["status"], environment: ["LANG": "C.UTF-8"])
        let text = lines.joined(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("press-01") && $0.contains("✓ 工具交換…") }, "\(text)")
        #expect(lines.contains { $0.hasPrefix("press-02") && $0.contains("● Störung") }, "\(text)")
        let control = text.unicodeScalars.filter { $0 != "\n" && ($0.value < 0x20 || (0x7F..<0xA0).contains($0.value)) }
        #expect(control.isEmpty, "no control character: \(text.debugDescription)")
        let columns = Self.sinceColumns(lines)
        #expect(columns.count == 3 && Set(columns).count == 1, "SINCE starts at one column: \(columns)\n\(text)")
    }

    @Test(arguments: [["LANG": "C"], ["LC_ALL": "POSIX", "LANG": "C.UTF-8"], ["LANG": "en_US.ISO-8859-1"]])
    func underAnyOtherLocaleItIsASCII(environment: [String: String]) throws {
        let h = try Self.plant()
        let lines = try GembaCLI(h).lines(["status"], environment: environment)
        let text = lines.joined(separator: "\n")
        let printable = text.unicodeScalars.allSatisfy { (0x20..<0x7F).contains($0.value) || $0 == "\n" }
        #expect(printable, "printable ASCII only: \(text.debugDescription)")
        #expect(lines.contains { $0.hasPrefix("press-01") && $0.contains("v ????...") }, "\(text)")
        #expect(lines.contains { $0.hasPrefix("press-02") && $0.contains("* Storung") }, "\(text)")
        let columns = Self.sinceColumns(lines)
        #expect(columns.count == 3 && Set(columns).count == 1, "SINCE starts at one column: \(columns)\n\(text)")
    }
}
