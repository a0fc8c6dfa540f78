/// The shift report as one self-contained HTML page: its style inlined, its charts inline
/// SVG, no script, no font, no image and no link to fetch, so it can be mailed, saved on a
/// phone and printed as it is. Readable on a phone (viewport meta, tables that scroll inside
/// their wrapper) and on paper. Every piece of report text is escaped, and HTML 4 elements
/// only are used outside the charts, so that the page is well-formed as XML too.
extension ShiftReportRenderer {
    /// The report as an HTML page.
    package static func html(_ r: ShiftReport) -> String {
        ShiftReportHTMLPage(report: r).render(ShiftReportDocument(r))
    }
}

/// Writes the worded report as HTML; the charts are drawn from the report itself.
struct ShiftReportHTMLPage {
    let report: ShiftReport

    func render(_ d: ShiftReportDocument) -> String {
        let e = { (s: String) in ShiftReportEscaping.html(s) }
        let pageTitle = [d.title, ShiftReportWording.text(report.shift), ShiftReportWording.text(report.date)].joined(separator: " · ")
        var out = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8"/>
            <meta name="viewport" content="width=device-width, initial-scale=1"/>
            <title>\(e(pageTitle))</title>
            <style>
            \(ShiftReportHTMLStyle.css)
            </style>
            </head>
            <body>
            <div class="page">
            <div class="head">
            <h1>\(e(d.title))</h1>

            """
        out += facts(d.facts) + "</div>\n"
        if let marker = d.provisional { out += "<p class=\"marker\">\(e(marker))</p>\n" }
        for section in d.sections {
            out += "<div class=\"section\" id=\"\(e(section.anchor))\">\n<h2>\(e(section.title))</h2>\n"
            for block in section.blocks { out += self.block(block) }
            out += "</div>\n"
        }
        out += "<p class=\"foot\">\(e(d.footer))</p>\n</div>\n</body>\n</html>\n"
        return out
    }

    func block(_ block: ShiftReportBlock) -> String {
        switch block {
        case .sentence(let s): return "<p class=\"quiet\">\(ShiftReportEscaping.html(s))</p>\n"
        case .heading(let h): return "<h3>\(ShiftReportEscaping.html(h))</h3>\n"
        case .facts(let f): return facts(f)
        case .table(let t): return table(t)
        case .note(let n): return note(n)
        case .chart(.oeeBars): return "<div class=\"chart\">\n" + ShiftReportOEEChart.svg(report.oee) + "\n</div>\n"
        case .chart(.downtimePareto): return "<div class=\"chart\">\n" + ShiftReportParetoChart.svg(report.downtime) + "\n</div>\n"
        }
    }

    func facts(_ facts: [ShiftReportFact]) -> String {
        "<dl class=\"facts\">\n"
            + facts.map { "<dt>\(ShiftReportEscaping.html($0.label))</dt><dd>\(ShiftReportEscaping.html($0.value))</dd>\n" }.joined()
            + "</dl>\n"
    }

    /// The byline, the text with its line breaks (kept by `pre-wrap`), the mentions and who read it.
    func note(_ n: ShiftReportNoteBlock) -> String {
        var out = "<div class=\"note\">\n<h3>\(n.number). \(ShiftReportEscaping.html(n.byline))</h3>\n"
        if !n.lines.isEmpty {
            out += "<p class=\"note-text\">" + ShiftReportEscaping.html(n.lines.joined(separator: "\n"), keepLineBreaks: true) + "</p>\n"
        }
        if !n.mentions.isEmpty {
            out += "<p>Mentions: " + n.mentions.map { "<span class=\"tag\">\(ShiftReportEscaping.html($0))</span>" }.joined(separator: " ") + "</p>\n"
        }
        if n.readBy.isEmpty {
            out += "<p class=\"unread\">\(ShiftReportEscaping.html(ShiftReportWording.unread))</p>\n"
        } else {
            out += "<p>Read by: " + ShiftReportEscaping.html(n.readBy.joined(separator: "; ")) + "</p>\n"
        }
        return out + "</div>\n"
    }

    /// A table inside a wrapper that scrolls sideways on a narrow screen.
    func table(_ t: ShiftReportTable) -> String {
        func cls(_ c: ShiftReportColumn) -> String {
            switch c.kind {
            case .number: return " class=\"num\""
            case .prose: return " class=\"prose\""
            case .label: return ""
            }
        }
        var out = "<div class=\"table-wrap\">\n<table>\n<thead><tr>"
        out += t.columns.map { "<th scope=\"col\"\(cls($0))>\(ShiftReportEscaping.html($0.longTitle))</th>" }.joined()
        out += "</tr></thead>\n<tbody>\n"
        for row in t.rows {
            out += row.level.map { "<tr class=\"lvl\(min(max($0, 0), 2))\">" } ?? "<tr>"
            for (i, column) in t.columns.enumerated() {
                out += "<td\(cls(column))>\(ShiftReportEscaping.html(i < row.cells.count ? row.cells[i] : ""))</td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n</div>\n"
    }
}
