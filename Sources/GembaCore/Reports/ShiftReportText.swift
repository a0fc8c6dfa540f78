/// The shift report as plain text (80 columns, no escape codes: a terminal, a printer, the
/// body of an e-mail) and as Markdown (GitHub-flavoured tables: a wiki page, a ticket).
extension ShiftReportRenderer {
    /// The columns of the text form.
    package static let textWidth = 80

    /// The report as plain text, no line wider than `textWidth`.
    package static func text(_ r: ShiftReport) -> String {
        ShiftReportPlainText(width: textWidth).render(ShiftReportDocument(r))
    }

    /// The report as GitHub-flavoured Markdown.
    package static func markdown(_ r: ShiftReport) -> String {
        ShiftReportMarkdown.render(ShiftReportDocument(r))
    }
}

/// Lays a worded report out as plain text: a title, the header, a boxed provisional marker,
/// each section under an underlined capital title, notes indented under their byline,
/// tables by `ShiftReportTextTable`. Everything wraps or is cut to `width`.
struct ShiftReportPlainText {
    let width: Int

    func render(_ d: ShiftReportDocument) -> String {
        var out = ShiftReportTextLayout.wrap(d.title, to: width)
        out.append(String(repeating: "=", count: width))
        out += facts(d.facts)
        if let marker = d.provisional {
            let rule = "+" + String(repeating: "-", count: width - 2) + "+"
            out +=
                [""] + [rule] + ShiftReportTextLayout.wrap(marker, to: width - 4).map { "| " + ShiftReportTextLayout.pad($0, to: width - 4) + " |" }
            out.append(rule)
        }
        for section in d.sections {
            out += ["", ""]
            let title = ShiftReportTextLayout.truncate(section.title.uppercased(), to: width)
            out += [title, String(repeating: "-", count: ShiftReportTextLayout.width(title))]
            for block in section.blocks { out += self.block(block) }
        }
        out += [""] + ShiftReportTextLayout.wrap(d.footer, to: width)
        return out.map(ShiftReportTextLayout.trimTrailing).joined(separator: "\n") + "\n"
    }

    func block(_ block: ShiftReportBlock) -> [String] {
        switch block {
        case .sentence(let s): return [""] + ShiftReportTextLayout.wrap(s, to: width)
        case .heading(let h): return ["", ShiftReportTextLayout.truncate(h + ":", to: width)]
        case .facts(let f): return [""] + facts(f)
        case .table(let t): return [""] + ShiftReportTextTable.lines(t, width: width)
        case .note(let n): return [""] + note(n)
        case .chart: return []
        }
    }

    /// `Label    value`, the value wrapped under itself.
    func facts(_ facts: [ShiftReportFact]) -> [String] {
        let labelWidth = min(16, facts.map { ShiftReportTextLayout.width($0.label) }.max() ?? 0)
        let indent = String(repeating: " ", count: labelWidth + 2)
        return facts.flatMap { f in
            let label = ShiftReportTextLayout.pad(ShiftReportTextLayout.truncate(f.label, to: labelWidth), to: labelWidth) + "  "
            return ShiftReportTextLayout.wrap(f.value, to: width - labelWidth - 2).enumerated().map { ($0 == 0 ? label : indent) + $1 }
        }
    }

    /// `1. Ana Lopez, 13:40`, then the text as written (wrapped), the mentions and who read it, indented.
    func note(_ n: ShiftReportNoteBlock) -> [String] {
        let head = "\(n.number). "
        let indent = String(repeating: " ", count: head.count)
        let inner = width - indent.count
        var out = ShiftReportTextLayout.wrap(head + n.byline, to: width).enumerated().map { $0 == 0 ? $1 : indent + $1 }
        for line in n.lines {
            out += line.isEmpty ? [""] : ShiftReportTextLayout.wrap(line, to: inner).map { indent + $0 }
        }
        var tail: [String] = []
        if !n.mentions.isEmpty { tail.append("Mentions: " + n.mentions.joined(separator: ", ")) }
        tail.append(n.readBy.isEmpty ? ShiftReportWording.unread : "Read by: " + n.readBy.joined(separator: "; "))
        for line in tail { out += ShiftReportTextLayout.wrap(line, to: inner).map { indent + $0 } }
        return out
    }
}
