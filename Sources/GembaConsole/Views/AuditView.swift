import Foundation
import GembaCore

/// The Audit screen: the hash chain's verdict, the trail newest first (time, user, action,
/// object, outcome, what it set, comment), and the selected record whole underneath: who,
/// before and after, the comment and the hash, wrapped so that nothing is cut.
public enum AuditView {
    public static func render(_ model: ConsoleModel, now: Timestamp, theme: Theme, into grid: inout Grid, in area: Rect) {
        guard !area.isEmpty else { return }
        let x = area.x + 1
        let w = area.width - 2
        var y = area.y
        let records = model.visibleAudit
        var title = "Audit trail: \(records.count) record\(records.count == 1 ? "" : "s"), newest first"
        if !model.auditScreen.filter.isEmpty { title += "  \(theme.separator)  filter \"\(model.auditScreen.filter)\"" }
        let (verdict, verdictStyle) = Self.verdict(model.auditScreen.verdict, theme: theme)
        // Where the whole title and the verdict do not fit, a short one that still says what is
        // shown and that a filter is on (at 80 columns a filtered trail lost both).
        var short = "Audit: \(records.count) record\(records.count == 1 ? "" : "s")"
        if !model.auditScreen.filter.isEmpty { short += " \(theme.separator) filter \"\(model.auditScreen.filter)\"" }
        if let fitting = [title, short].first(where: { CharWidth.of($0) + 2 + CharWidth.of(verdict) <= w }) {
            grid.put(fitting, x: x, y: y, style: theme.title)
            grid.put(verdict, x: x + w - CharWidth.of(verdict), y: y, style: verdictStyle)
        } else {
            // A narrow screen: the verdict matters more than the count.
            grid.fill(Rect(x: x, y: y, width: w, height: 1))
            grid.put(Format.fit(verdict, w, ellipsis: theme.ellipsis), x: x, y: y, style: verdictStyle)
        }
        y += 1
        let detail = records[safe: model.auditScreen.list.selected].map { Self.detailLines($0, width: w) } ?? []
        if model.auditScreen.expanded, !detail.isEmpty {
            // The record whole, over the list: every field, wrapped; nothing cut.
            for (k, line) in detail.enumerated() where y + k < area.maxY {
                grid.put(line.text, x: x, y: y + k, style: line.title ? theme.title : line.dim ? theme.dimmed : .plain, maxWidth: w)
            }
            return
        }
        let detailRows = area.height >= 12 ? min(detail.count + 1, max(5, area.height / 3)) : 0
        let bottom = area.maxY - detailRows
        // Narrow columns, so that the outcome and what was set start inside 80 columns; the
        // time without its year unless it is another year's; the pane below has it all.
        let seqWidth = max(4, String(records.map(\.seq).max() ?? 0).count + 1)
        let thisYear = String(ISOTime.format(now).prefix(4))
        let timeWidth = records.contains { !$0.time.hasPrefix(thisYear) } ? 17 : 12
        func time(_ iso: String) -> String {
            let t = String(iso.prefix(16)).replacing("T", with: " ")
            return iso.hasPrefix(thisYear) ? String(t.dropFirst(5)) : t
        }
        let head =
            Format.pad("SEQ", seqWidth) + Format.pad("TIME", timeWidth) + Format.pad("USER", 9) + Format.pad("ACTION", 18) + Format.pad("OBJECT", 19)
            + "OUTCOME"
        grid.put(Format.fit("  " + head, w), x: x, y: y, style: theme.dimmed)
        y += 1
        let list = Rect(x: x, y: y, width: w, height: max(0, bottom - y))
        ListView.render(count: records.count, state: model.auditScreen.list, theme: theme, into: &grid, in: list) { i in
            let r = records[i]
            let line =
                Format.pad(String(r.seq), seqWidth) + Format.pad(time(r.time), timeWidth) + Format.pad(r.user, 9) + Format.pad(r.action, 18)
                + Format.pad(r.object, 19)
                + r.outcome + (r.after.map { "  → \($0)" } ?? "") + (r.comment.map { "  \"\($0)\"" } ?? "")
            return ListView.Row(line, style: r.outcome.hasPrefix("refused") ? theme.warning : .plain)
        }
        guard detailRows > 0, !detail.isEmpty else { return }
        var dy = bottom
        grid.put(String(repeating: theme.horizontal, count: w), x: x, y: dy, style: theme.dimmed)
        dy += 1
        for (k, line) in detail.enumerated() where dy < area.maxY {
            // The last row says when the record goes on beyond the pane.
            let more = dy == area.maxY - 1 && k < detail.count - 1
            grid.put(
                more ? Format.fit(line.text, w - 16, ellipsis: theme.ellipsis) + "  (Enter: all)" : line.text, x: x, y: dy,
                style: line.title ? theme.title : line.dim ? theme.dimmed : .plain, maxWidth: w)
            dy += 1
        }
    }

    /// The hash chain's verdict for the title line: intact, broken (where and why) or not yet known.
    static func verdict(_ v: AuditVerification?, theme: Theme) -> (String, Style) {
        guard let v else { return ("chain: checking", theme.dimmed) }
        if v.ok {
            return (
                "\(theme.unicode ? "✓" : "ok") chain intact (\(Format.count(Int64(v.records))) records)", theme.color ? Style(fg: .green) : .plain
            )
        }
        let at = v.firstBad.map { " at #\($0)" } ?? ""
        return ("CHAIN BROKEN\(at): \(v.reason ?? "a record does not match")", theme.warning)
    }

    /// One line of the detail pane.
    struct DetailLine {
        var text: String
        var title = false
        var dim = false
    }

    /// The selected record whole, wrapped to the width: who, before, after, comment, hash.
    static func detailLines(_ r: AuditEntry, width: Int) -> [DetailLine] {
        var out = Format.wrap("#\(r.seq) \(r.time)  \(r.user) (uid \(r.uid), \(r.role)): \(r.action) on \(r.object), \(r.outcome)", width).map {
            DetailLine(text: $0, title: true)
        }
        func field(_ name: String, _ value: String?) {
            guard let value, !value.isEmpty else { return }
            out += Format.wrap("\(name): \(value)", width).map { DetailLine(text: $0) }
        }
        field("before", r.before)
        field("after", r.after)
        field("comment", r.comment)
        out += Format.wrap("hash \(r.hash)", width).map { DetailLine(text: $0, dim: true) }
        return out
    }
}
