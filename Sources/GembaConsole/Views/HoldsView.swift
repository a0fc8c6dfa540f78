import GembaCore

/// The Holds screen: every hold (scope, reason, age, lots held, who placed it, status),
/// active ones first; release with a disposition; Enter traces the hold's lot.
public enum HoldsView {
    public static func render(_ model: ConsoleModel, now: Timestamp, theme: Theme, into grid: inout Grid, in area: Rect) {
        guard !area.isEmpty else { return }
        let x = area.x + 1
        let w = area.width - 2
        var y = area.y
        let active = model.holdsScreen.holds.filter { $0.status == "active" }
        let held = Set(active.flatMap(\.lots)).count
        grid.put(
            Format.fit(
                "Holds: \(active.count) active on \(held) lot(s), \(model.holdsScreen.holds.count - active.count) released", w,
                ellipsis: theme.ellipsis),
            x: x, y: y, style: theme.title)
        y += 2
        let head =
            Format.pad("HOLD", 6) + Format.pad("SCOPE", 26) + Format.pad("LOTS", 6) + Format.pad("AGE", 8) + Format.pad("BY", 9)
            + Format.pad("STATUS", 18) + "REASON"
        grid.put(Format.fit("  " + head, w), x: x, y: y, style: theme.dimmed)
        y += 1
        if model.holdsScreen.holds.isEmpty { grid.put("No holds.", x: x, y: y + 1, style: theme.dimmed) }
        let holds = model.holdsScreen.holds
        let list = Rect(x: x, y: y, width: w, height: max(0, area.maxY - y))
        ListView.render(count: holds.count, state: model.holdsScreen.list, theme: theme, into: &grid, in: list) { i in
            let h = holds[i]
            let age = ISOTime.parse(h.placedAt).map { Format.duration(now - $0) } ?? "-"
            let status = h.status == "active" ? "ACTIVE" : "released " + (h.disposition ?? "")
            let line =
                Format.pad("#\(h.id)", 6) + Format.pad(Format.fit("\(h.scope.replacingUnderscores) \(h.target)", 25, ellipsis: theme.ellipsis), 26)
                + Format.pad(String(h.lots.count), 6) + Format.pad(age, 8) + Format.pad(Format.fit(h.placedBy, 8, ellipsis: theme.ellipsis), 9)
                + Format.pad(Format.fit(status, 17, ellipsis: theme.ellipsis), 18) + h.reason
            return ListView.Row(line, style: h.status == "active" ? theme.warning : theme.dimmed)
        }
    }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
