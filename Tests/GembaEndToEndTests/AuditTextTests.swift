import Foundation
import GembaCore
import GembaServer
import GembaTesting
import Testing

/// `gemba audit` as text: a comment too long for the terminal's width is cut to fit and the
/// cut is marked (`…`, or `...` when the locale is not UTF-8); one that fits is whole; a
/// comment of several lines stays on its record's line; without a width (a pipe, no
/// `COLUMNS`) nothing is cut.
@Suite struct AuditTextTests {
    static let long =
        "the coil showed edge cracks over its first forty metres; every bracket stamped from it goes to the lab before anything ships"

    static func trail() throws -> DaemonHarness {
        let h = try DaemonHarness(extra: Plants.steelBrackets)
        let boss = Identity.person("bob", [.supervisor])
        #expect(h.request(Requests.LotReceive(lot: "C1", material: "steel", amount: 500), as: boss).ok)
        #expect(h.request(Requests.HoldPlace(scope: "lot", target: "C1", reason: "short"), as: boss).ok)
        #expect(h.request(Requests.HoldPlace(scope: "lot", target: "C1", reason: long), as: boss).ok)
        #expect(h.request(Requests.HoldPlace(scope: "lot", target: "C1", reason: "first line\nsecond line"), as: boss).ok)
        return h
    }

    /// The record lines of the table: those of the holds placed.
    static func holds(_ lines: [String]) -> [String] { lines.filter { $0.contains("place_hold") } }

    @Test(arguments: [("C.UTF-8", "…"), ("C", "...")])
    func aLongCommentIsCutToTheWidthAndMarked(lang: String, mark: String) throws {
        let h = try Self.trail()
        let lines = try GembaCLI(h).lines(["audit"], environment: ["LANG": lang, "COLUMNS": "120"])
        let text = lines.joined(separator: "\n")
        #expect(lines.allSatisfy { $0.unicodeScalars.count <= 120 }, "every line fits in 120 columns:\n\(text)")
        let holds = Self.holds(lines)
        #expect(holds.count == 3, "one line per record, the two-line comment too:\n\(text)")
        #expect(holds.contains { $0.hasSuffix("first line second line") }, "\(text)")
        #expect(holds.contains { $0.hasSuffix("short") }, "\(text)")
        let cut = try #require(holds.first { $0.contains("the coil showed") }, "\(text)")
        #expect(cut.hasSuffix(mark) && cut.unicodeScalars.count == 120, "cut at the width and marked: \(cut)")
        #expect(Self.long.hasPrefix(String(cut[cut.range(of: "the coil")!.lowerBound...].dropLast(mark.count))), "\(cut)")
        #expect(text.unicodeScalars.allSatisfy { $0.isASCII } == (lang == "C"), "\(text)")
    }

    @Test func withoutAWidthNothingIsCut() throws {
        let h = try Self.trail()
        let lines = try GembaCLI(h).lines(["audit"], environment: ["LANG": "C.UTF-8"])
        #expect(Self.holds(lines).contains { $0.hasSuffix(Self.long) }, "\(lines.joined(separator: "\n"))")
    }
}
