/// Lays a worded report out as GitHub-flavoured Markdown: headings per section, notes as
/// block quotes with their line breaks kept, tables with aligned figures. All report text
/// goes through `ShiftReportEscaping.markdown`, so a `|` in a reason cannot add a column and
/// a `<script>` in a note stays text.
enum ShiftReportMarkdown {
    static func render(_ d: ShiftReportDocument) -> String {
        var out = ["# " + ShiftReportEscaping.markdown(d.title), ""]
        out += facts(d.facts)
        if let marker = d.provisional { out += ["", "> **" + ShiftReportEscaping.markdown(marker) + "**"] }
        for section in d.sections {
            out += ["", "## " + ShiftReportEscaping.markdown(section.title)]
            for block in section.blocks { out += self.block(block) }
        }
        out += ["", "---", "", "*" + ShiftReportEscaping.markdown(d.footer) + "*"]
        return out.joined(separator: "\n") + "\n"
    }

    static func block(_ block: ShiftReportBlock) -> [String] {
        switch block {
        case .sentence(let s): return ["", ShiftReportEscaping.markdown(s)]
        case .heading(let h): return ["", "### " + ShiftReportEscaping.markdown(h)]
        case .facts(let f): return [""] + facts(f)
        case .table(let t): return [""] + table(t)
        case .note(let n): return [""] + note(n)
        case .chart: return []
        }
    }

    /// `- **Label:** value`.
    static func facts(_ facts: [ShiftReportFact]) -> [String] {
        facts.map { "- **" + ShiftReportEscaping.markdown($0.label) + ":** " + ShiftReportEscaping.markdown($0.value) }
    }

    /// The byline as a heading, the text quoted line by line (a backslash at the end of a
    /// line is a hard line break), then the mentions and who read it.
    static func note(_ n: ShiftReportNoteBlock) -> [String] {
        var out = ["### \(n.number). " + ShiftReportEscaping.markdown(n.byline), ""]
        for (k, line) in n.lines.enumerated() {
            let last = k == n.lines.count - 1 || n.lines[k + 1].isEmpty
            out.append(line.isEmpty ? ">" : "> " + ShiftReportEscaping.markdownLine(line) + (last ? "" : "\\"))
        }
        if !n.lines.isEmpty { out.append("") }
        if !n.mentions.isEmpty {
            out.append("**Mentions:** " + n.mentions.map(ShiftReportEscaping.markdown).joined(separator: ", ") + "\\")
        }
        out.append(
            n.readBy.isEmpty
                ? "**" + ShiftReportEscaping.markdown(ShiftReportWording.unread) + "**"
                : "**Read by:** " + n.readBy.map(ShiftReportEscaping.markdown).joined(separator: "; "))
        return out
    }

    /// A GFM table; the plant's row in bold and a machine's marked under its line.
    static func table(_ t: ShiftReportTable) -> [String] {
        func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |" }
        var out = [row(t.columns.map { ShiftReportEscaping.markdown($0.longTitle) })]
        out.append(row(t.columns.map { $0.kind == .number ? "---:" : ":---" }))
        for r in t.rows {
            out.append(
                row(
                    t.columns.indices.map { i in
                        let cell = ShiftReportEscaping.markdown(i < r.cells.count ? r.cells[i] : "")
                        guard i == 0, let level = r.level else { return cell }
                        return level == 0 ? "**" + cell + "**" : level >= 2 ? "↳ " + cell : cell
                    }))
        }
        return out
    }
}
