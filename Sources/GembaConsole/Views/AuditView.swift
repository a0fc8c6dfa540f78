import Foundation
import GembaCore

/// The Audit screen: the trail newest first (time, user, role, action, object,
/// outcome, comment), the selected record's before and after underneath.
public enum AuditView {
    public static func render(_ model: ConsoleModel, theme: Theme, into grid: inout Grid, in area: Rect) {
        guard !area.isEmpty else { return }
        let x = area.x + 1
        let w = area.width - 2
        var y = area.y
        let records = model.visibleAudit
        var title = "Audit trail: \(records.count) record\(records.count == 1 ? "" : "s"), newest first"
        if !model.auditFilter.isEmpty { title += "  \(theme.separator)  filter \"\(model.auditFilter)\"" }
        grid.put(Format.fit(title, w, ellipsis: theme.ellipsis), x: x, y: y, style: theme.title)
        y += 1
        let detailLines = area.height >= 12 ? 4 : 0
        let bottom = area.maxY - detailLines
        let head =
            Format.pad("SEQ", 6) + Format.pad("TIME", 20) + Format.pad("USER", 10) + Format.pad("ACTION", 21) + Format.pad("OBJECT", 24) + "OUTCOME"
        grid.put(Format.fit("  " + head, w), x: x, y: y, style: theme.dimmed)
        y += 1
        let room = max(1, bottom - y)
        let first = max(0, min(model.auditSelected - room + 1, records.count - room))
        for (i, r) in records.enumerated().dropFirst(first) {
            guard y < bottom else { break }
            let time = String(r.time.prefix(19)).replacingOccurrences(of: "T", with: " ")
            let line =
                Format.pad(String(r.seq), 6) + Format.pad(time, 20) + Format.pad(Format.fit(r.user, 9, ellipsis: theme.ellipsis), 10)
                + Format.pad(Format.fit(r.action, 20, ellipsis: theme.ellipsis), 21)
                + Format.pad(Format.fit(r.object, 23, ellipsis: theme.ellipsis), 24)
                + r.outcome + (r.comment.map { "  \"\($0)\"" } ?? "")
            var style: Style = r.outcome.hasPrefix("refused") ? theme.warning : .plain
            if i == model.auditSelected { style = Style(fg: style.fg, bold: style.bold, reverse: true) }
            grid.fill(Rect(x: x, y: y, width: w, height: 1), style: style)
            grid.put(Format.fit(theme.mark(i == model.auditSelected) + line, w, ellipsis: theme.ellipsis), x: x, y: y, style: style)
            y += 1
        }
        guard detailLines > 0, let r = records[safe: model.auditSelected] else { return }
        var dy = bottom
        grid.put(String(repeating: theme.horizontal, count: w), x: x, y: dy, style: theme.dimmed)
        dy += 1
        grid.put(
            Format.fit("#\(r.seq) \(r.user) (uid \(r.uid), \(r.role)): \(r.action) on \(r.object)", w, ellipsis: theme.ellipsis), x: x, y: dy,
            style: theme.title)
        dy += 1
        grid.put(Format.fit("before: \(r.before ?? "-")   after: \(r.after ?? "-")", w, ellipsis: theme.ellipsis), x: x, y: dy)
        dy += 1
        grid.put(Format.fit("hash \(r.hash)", w, ellipsis: theme.ellipsis), x: x, y: dy, style: theme.dimmed)
    }
}
