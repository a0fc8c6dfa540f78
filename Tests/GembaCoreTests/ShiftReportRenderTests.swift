import Foundation
import GembaCore
import Testing

/// The shift report as the incoming shift lead and the plant manager read it: text within 80
/// columns, Markdown whose tables keep their columns, one self-contained HTML page that
/// xmllint accepts and in which no plant or user text can act as markup; the notes first, the
/// provisional marker only while the shift runs, every empty part said in words, and the same
/// bytes for the same report.
struct ShiftReportRenderTests {
    static let hostileNote = "Press 02: die change overran, crane was busy.\n<script>alert(1)</script> & \"quotes\" | do not skip"

    /// Demo Works in Europe/Berlin, early shift 06:00–14:00 local (05:00–13:00 UTC) on 2 December 2026:
    /// two lines, three machines, a booked and an unbooked stop, a standing shelved alarm, a hold
    /// placed and one released, an order finished and one late, two notes of which one was read.
    static func report(provisional: Bool = false, priorities: [(String, Int)]? = nil) -> ShiftReport {
        func row(
            _ kind: ShiftReport.OEERow.Kind, _ id: String, _ name: String, _ a: Double?, _ p: Double?, _ q: Double?, _ oee: Double?,
            good: Int64, reject: Int64
        ) -> ShiftReport.OEERow {
            ShiftReport.OEERow(
                kind: kind, id: id, name: name, availability: a, performance: p, quality: q, oee: oee, good: good, reject: reject,
                plannedSeconds: 28_800, availabilityLossSeconds: 3_900, performanceLossSeconds: 1_260, qualityLossSeconds: 45)
        }
        let order = priorities ?? [("low", 10), ("critical", 1), ("high", 6), ("medium", 25)]
        return ShiftReport(
            plant: "Demo Works", shift: "Early", date: "2026-12-02", timezone: "Europe/Berlin",
            from: "2026-12-02T05:00:00Z", to: "2026-12-02T13:00:00Z", asOf: provisional ? "2026-12-02T10:42:00Z" : "2026-12-02T13:00:00Z",
            provisional: provisional,
            oee: [
                row(.plant, "plant", "Demo Works", 0.851, 0.902, 0.991, 0.7243, good: 12_340, reject: 110),
                row(.line, "L1", "Stamping", 0.80, 0.88, 0.99, 0.697, good: 8_100, reject: 80),
                row(.machine, "press-01", "Press 01", 0.83, 0.90, 0.995, 0.743, good: 4_500, reject: 22),
                row(.machine, "press-02", "Press 02", 0.76, 0.86, 0.994, 0.6498, good: 3_600, reject: 58),
                row(.line, "L2", "Assembly | Packing", 0.93, 0.95, nil, nil, good: 4_240, reject: 30),
                row(.machine, "weld-01", "Welder 01", 0.93, 1.042, nil, nil, good: 4_240, reject: 30),
            ],
            downtime: [
                ShiftReport.DowntimeReason(
                    state: .down, reason: "Die change overran | waiting for crane", stops: 3, seconds: 3_900, machines: ["press-02"]),
                ShiftReport.DowntimeReason(state: .setup, reason: "Changeover", stops: 1, seconds: 1_800, machines: ["press-01"]),
                ShiftReport.DowntimeReason(state: .down, reason: nil, stops: 2, seconds: 1_260, machines: ["press-01", "weld-01"]),
            ],
            alarms: ShiftReport.Alarms(
                activations: 42, byPriority: Dictionary(uniqueKeysWithValues: order), averagePerTenMinutes: 0.875, peakTenMinutes: 12,
                floodShare: 0.021, chattering: ["press-02.oil_temp_hi"],
                top: [AlarmCount(definition: "press-02.oil_temp_hi", count: 9), AlarmCount(definition: "weld-01.gas_low", count: 4)],
                standing: [
                    ShiftReport.StandingAlarm(
                        definition: "weld-01.gas_low", machine: "weld-01", priority: .medium, state: "shelved", since: "2026-12-01T21:30:00Z",
                        message: "Shielding gas below 20 % \u{1B}[31m<check bottle>\u{1B}[0m")
                ]),
            holds: ShiftReport.Holds(
                placed: [
                    ShiftReport.HoldLine(
                        id: 12, scope: "lot", target: "LOT-2026-1202-A", reason: "Burr on edge | 3 of 20 sampled", by: "qa.kim",
                        at: "2026-12-02T08:15:00Z", disposition: nil)
                ],
                released: [
                    ShiftReport.HoldLine(
                        id: 9, scope: "supplier_lot", target: "SUP-7781", reason: "Coating thickness", by: "qa.kim", at: "2026-12-02T09:40:00Z",
                        disposition: "use_as_is")
                ]),
            orders: ShiftReport.Orders(
                finished: [
                    ShiftReport.OrderLine(
                        id: "WO-4711", product: "Bracket B-20", quantity: 1_200, good: 1_190, scrap: 10, due: "2026-12-02T12:00:00Z",
                        finished: "2026-12-02T11:20:00Z", lateSeconds: 0)
                ],
                late: [
                    ShiftReport.OrderLine(
                        id: "WO-2026-12-02-HOUSING-H7-RUSH-FOR-CUSTOMER-0001", product: "Housing H-7", quantity: 500, good: 320, scrap: 4,
                        due: "2026-12-02T09:00:00Z", finished: nil, lateSeconds: 6_120)
                ]),
            notes: [
                HandoverNote(
                    id: 1, shift: "Early", date: "2026-12-02", at: "2026-12-02T12:40:00Z", user: "Ana Lopez", text: hostileNote,
                    mentions: ["press-02"], confirmations: [HandoverNote.Confirmation(user: "Ben Okafor", at: "2026-12-02T13:05:00Z")]),
                HandoverNote(
                    id: 2, shift: "Early", date: "2026-12-02", at: "2026-12-02T12:50:00Z", user: "Ana Lopez",
                    text: String(repeating: "The gas bottle of weld-01 is nearly empty; the alarm is shelved until the new one comes. ", count: 3),
                    mentions: ["weld-01"], confirmations: []),
            ])
    }

    static let empty = ShiftReport(
        plant: "Demo Works", shift: "Late", date: "2026-12-02", timezone: "Europe/Berlin", from: "2026-12-02T13:00:00Z",
        to: "2026-12-02T21:00:00Z", asOf: "2026-12-02T21:00:00Z", provisional: false, oee: [], downtime: [],
        alarms: ShiftReport.Alarms(
            activations: 0, byPriority: [:], averagePerTenMinutes: 0, peakTenMinutes: 0, floodShare: 0, chattering: [], top: [], standing: []),
        holds: ShiftReport.Holds(placed: [], released: []), orders: ShiftReport.Orders(finished: [], late: []), notes: [])

    /// Everything that could go wrong in a report at once: not-a-number and infinite figures,
    /// the largest integers, names far too long, an unknown zone and times that are not times.
    static var hostile: ShiftReport {
        var r = report()
        let long = String(repeating: "Very-Long-Machine-Name-", count: 12)
        r.timezone = "Mars/Olympus_Mons"
        r.from = "not a time"
        r.plant = long + "<b>"
        r.oee = [
            ShiftReport.OEERow(
                kind: .plant, id: "", name: "", availability: .nan, performance: .infinity, quality: -.infinity, oee: 1e300, good: .max,
                reject: .min, plannedSeconds: .nan, availabilityLossSeconds: 1e300, performanceLossSeconds: -60,
                qualityLossSeconds: .infinity),
            ShiftReport.OEERow(
                kind: .machine, id: long, name: long, availability: 1.5, performance: -0.2, quality: nil, oee: .nan, good: 0, reject: 0,
                plannedSeconds: 0, availabilityLossSeconds: 0, performanceLossSeconds: 0, qualityLossSeconds: 0),
        ]
        r.downtime = (0..<30).map { (k: Int) -> ShiftReport.DowntimeReason in
            let reason: String? = k % 3 == 0 ? nil : long
            let seconds: Double = k % 2 == 0 ? .nan : 1e300 * Double(k)
            return ShiftReport.DowntimeReason(state: .down, reason: reason, stops: .max, seconds: seconds, machines: [long])
        }
        r.alarms.averagePerTenMinutes = .infinity
        r.alarms.floodShare = .nan
        r.alarms.byPriority = ["bogus": .max, "high": .min]
        r.orders.late[0].lateSeconds = .max
        r.notes[1].text = long + "\n\n\n" + String(repeating: "x", count: 300)
        return r
    }

    @Test func theTextFitsEightyColumnsAndShowsTheOEEOfThePlantAndAMachine() {
        let text = ShiftReportRenderer.text(Self.report())
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 80 }, "\(lines.filter { $0.count > 80 })")
        #expect(lines.contains { $0.hasPrefix("Demo Works") && $0.contains("72.4%") }, "the plant's OEE")
        #expect(lines.contains { $0.contains("Press 02") && $0.contains("65.0%") && $0.contains("76.0%") }, "a machine's OEE and availability")
        #expect(lines.contains { $0.contains("Press 02") && $0.contains("1h 05m") }, "a machine's availability loss in h/min")
        #expect(text.contains("—"), "a missing quality shows as a dash")
        #expect(text.contains("06:00 – 14:00, Europe/Berlin (UTC+01:00)"), "the shift in plant time")
        #expect(text.contains("(not booked)"))
        #expect(text.contains("critical 1 · high 6 · medium 25 · low 10"))
        #expect(text.contains("WO-2026-12-02-H…") && !text.contains("RUSH"), "a long id is cut")
        #expect(text.contains("10:00   1h 42m  open"), "the late order: due, late by h/min, open")
        #expect(!text.contains("\u{1B}"), "no escape codes, not even from a message")
        #expect(ShiftReportRenderer.text(Self.hostile).split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test func theProvisionalMarkerShowsOnlyWhileTheShiftRuns() throws {
        let running = Self.report(provisional: true)
        let ended = Self.report()
        for render in [ShiftReportRenderer.text, ShiftReportRenderer.markdown, ShiftReportRenderer.html] {
            #expect(render(running).contains("PROVISIONAL as of 11:42"))
            #expect(!render(ended).uppercased().contains("PROVISIONAL"))
        }
        let text = ShiftReportRenderer.text(running)
        let marker = try #require(text.range(of: "PROVISIONAL"))
        let notes = try #require(text.range(of: "HANDOVER NOTES"))
        #expect(marker.lowerBound < notes.lowerBound, "the marker stands above everything else")
    }

    @Test func theNotesComeFirstWithTheirLineBreaksAuthorsAndReaders() throws {
        let r = Self.report()
        let text = ShiftReportRenderer.text(r)
        let markdown = ShiftReportRenderer.markdown(r)
        let html = ShiftReportRenderer.html(r)
        for (output, headings) in [
            (text, ["\nHANDOVER NOTES\n", "\nOEE\n", "\nTOP DOWNTIME REASONS\n", "\nALARMS\n", "\nHOLDS\n", "\nORDERS\n"]),
            (markdown, ["## Handover notes", "## OEE", "## Top downtime reasons", "## Alarms", "## Holds", "## Orders"]),
            (html, ["id=\"notes\"", "id=\"oee\"", "id=\"downtime\"", "id=\"alarms\"", "id=\"holds\"", "id=\"orders\""]),
        ] {
            let places = try headings.map { try #require(output.range(of: $0)).lowerBound }
            #expect(places == places.sorted(), "sections in the reader's order")
            let note = try #require(output.range(of: "die change overran")).lowerBound
            #expect(places[0] < note && note < places[1], "the notes before OEE")
        }
        #expect(text.contains("1. Ana Lopez, 13:40\n   Press 02: die change overran, crane was busy.\n   <script>"), "the line break kept")
        #expect(text.contains("Read by: Ben Okafor at 14:05") && text.contains("Mentions: press-02"))
        #expect(text.contains("2. Ana Lopez, 13:50") && text.contains(ShiftReportWording.unread))
        #expect(markdown.contains("> Press 02: die change overran, crane was busy.\\\n> \\<script\\>"), "a hard line break in the quote")
        #expect(html.contains("crane was busy.\n&lt;script&gt;"), "the line break kept in a pre-wrap paragraph")
    }

    @Test func aNightShiftAcrossTheClockChangeReadsInPlantTime() {
        var r = Self.report()
        // 22:00 summer time on 24 October 2026 to 06:00 winter time on the 25th: nine hours.
        r.date = "2026-10-24"
        r.from = "2026-10-24T20:00:00Z"
        r.to = "2026-10-25T05:00:00Z"
        r.asOf = r.to
        r.notes[0].at = "2026-10-25T04:30:00Z"
        r.notes[0].confirmations[0].at = "2026-10-25T05:10:00Z"
        r.orders.late[0].due = "2026-10-23T10:00:00Z"
        let text = ShiftReportRenderer.text(r)
        #expect(text.contains("Saturday 2026-10-24"))
        #expect(text.contains("22:00 – 06:00 next day, Europe/Berlin (UTC+02:00 → UTC+01:00)"))
        #expect(text.contains("1. Ana Lopez, 05:30") && text.contains("Read by: Ben Okafor at 06:10"), "within the shift: the clock time")
        #expect(text.contains("2026-10-23 12:00"), "outside it: with the date")
    }

    @Test func markdownTablesKeepTheirColumnsWhateverTheTextHolds() {
        let markdown = ShiftReportRenderer.markdown(Self.report())
        /// The cell separators of a row: pipes not escaped by an odd number of backslashes.
        func separators(_ line: Substring) -> Int {
            var count = 0
            var backslashes = 0
            for ch in line {
                if ch == "|" && backslashes % 2 == 0 { count += 1 }
                backslashes = ch == "\\" ? backslashes + 1 : 0
            }
            return count
        }
        var tables: [[Substring]] = []
        var current: [Substring] = []
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("|") {
                current.append(line)
            } else if !current.isEmpty {
                tables.append(current)
                current = []
            }
        }
        #expect(tables.count == 9, "OEE, time lost, downtime, top and standing alarms, holds placed and released, late and finished orders")
        for table in tables {
            let columns = separators(table[0])
            #expect(table.count >= 3 && table.allSatisfy { separators($0) == columns }, "\(table)")
        }
        #expect(markdown.contains("Die change overran \\| waiting for crane"))
        #expect(markdown.contains("\\<script\\>alert(1)\\</script\\> \\& \"quotes\" \\| do not skip"), "the note's text stays text")
        #expect(!markdown.replacingOccurrences(of: "\\<", with: "").contains("<") && !markdown.contains("\u{1B}"), "no bare <")
    }

    @Test func theHTMLPageIsSelfContainedInertAndWellFormed() throws {
        let html = ShiftReportRenderer.html(Self.report(provisional: true))
        #expect(!html.lowercased().contains("<script"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; | do not skip"))
        #expect(html.contains("below 20 % &lt;check bottle&gt;</td>") && !html.contains("\u{1B}"), "a terminal escape sequence goes whole")
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>"))
        #expect(html.contains("<title>Shift report: Demo Works · Early · 2026-12-02</title>"))
        #expect(html.contains("<svg class=\"oee-chart\"") && html.contains("<svg class=\"pareto-chart\"") && html.contains("<polyline"))
        #expect(html.contains("<div class=\"table-wrap\">") && html.contains("@media print"))
        for reference in ["http://", "https://", "<link", "src=", "url(", "@import", "<script", "javascript:"] {
            #expect(!html.lowercased().contains(reference), "nothing to fetch: \(reference)")
        }
        try Self.expectWellFormed(html)
    }

    @Test func chartsStayInsideTheirPlotWhateverTheFigures() throws {
        let html = ShiftReportRenderer.html(Self.hostile)
        try Self.expectWellFormed(html)
        let svg = html.components(separatedBy: "<svg").dropFirst().map { $0.components(separatedBy: "</svg>")[0] }.joined()
        #expect(!svg.isEmpty)
        let attribute = try Regex(#" (x|y|x1|x2|y1|y2|cx|cy|r|width|height)="([^"]*)""#)
        var bars: [Double] = []
        for match in svg.matches(of: attribute) {
            let name = String(match.output[1].substring ?? "")
            let value = try #require(Double(String(match.output[2].substring ?? "")), "\(name) is a number")
            #expect(value.isFinite && value >= 0 && value <= 400, "\(name)=\(value)")
            if name == "width" { bars.append(value) }
        }
        #expect(bars.allSatisfy { $0 <= 310 }, "no bar wider than its track")
        #expect(!svg.lowercased().contains("nan") && !svg.contains("inf"))
        let text = ShiftReportRenderer.text(Self.hostile)
        #expect(text.contains("> 999,999,999h") && text.contains("9,223,372,036,854,775,807"))
        _ = ShiftReportRenderer.markdown(Self.hostile)
    }

    @Test func theSameReportGivesTheSameBytes() {
        let a = Self.report(provisional: true)
        let b = Self.report(provisional: true, priorities: [("medium", 25), ("high", 6), ("low", 10), ("critical", 1)])
        #expect(a == b)
        #expect(ShiftReportRenderer.text(a) == ShiftReportRenderer.text(b))
        #expect(ShiftReportRenderer.markdown(a) == ShiftReportRenderer.markdown(b))
        #expect(ShiftReportRenderer.html(a) == ShiftReportRenderer.html(b))
        #expect(ShiftReportRenderer.html(Self.hostile) == ShiftReportRenderer.html(Self.hostile))
    }

    @Test func anEmptyShiftSaysSoInEveryPart() throws {
        let text = ShiftReportRenderer.text(Self.empty)
        let markdown = ShiftReportRenderer.markdown(Self.empty)
        let html = ShiftReportRenderer.html(Self.empty)
        for sentence in ShiftReportWording.emptyReport {
            #expect(text.contains(sentence), "text: \(sentence)")
            #expect(markdown.contains(ShiftReportEscaping.markdown(sentence)), "markdown: \(sentence)")
            #expect(html.contains(ShiftReportEscaping.html(sentence)), "html: \(sentence)")
        }
        #expect(!markdown.contains("| "), "no table without rows")
        #expect(!html.contains("<table") && !html.contains("<svg"))
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 })
        try Self.expectWellFormed(html)
    }

    /// What xmllint says of the page: nothing as XML (so every element is closed and every
    /// `&` and `<` of text escaped), and as HTML nothing but that it does not know SVG's
    /// elements (libxml2 2.9's HTML parser predates HTML5; 2.14 and later say nothing).
    static func expectWellFormed(_ html: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let svgElements = Set(["svg", "g", "rect", "line", "polyline", "circle", "text"])
        let asHTML = try xmllint(html, ["--html", "--noout", "--nonet"])
        #expect(asHTML.status == 0, "\(asHTML.output)", sourceLocation: sourceLocation)
        for line in asHTML.output.split(separator: "\n") where line.contains("parser error") || line.contains("parser warning") {
            let tag = line.components(separatedBy: "Tag ").last?.components(separatedBy: " invalid").first ?? ""
            #expect(line.hasSuffix(" invalid") && svgElements.contains(tag), "xmllint --html: \(line)", sourceLocation: sourceLocation)
        }
        let asXML = try xmllint(html, ["--noout", "--nonet"])
        #expect(asXML.status == 0 && asXML.output.isEmpty, "xmllint: \(asXML.output)", sourceLocation: sourceLocation)
    }

    static func xmllint(_ document: String, _ options: [String]) throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gemba-shift-report-\(UUID().uuidString).html")
        try Data(document.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
        process.arguments = options + [file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
