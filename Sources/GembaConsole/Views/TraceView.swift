import Foundation
import GembaCore

/// The Trace screen: the traced lot's genealogy as a tree that folds (Enter), each lot
/// with its material, quantity, status (held ones stand out), and the link that led to
/// it (kind, quantity, machine, work order, time); shipments at the end.
public enum TraceView {
    public static func render(_ model: ConsoleModel, theme: Theme, into grid: inout Grid, in area: Rect) {
        guard !area.isEmpty else { return }
        let x = area.x + 1
        let w = area.width - 2
        var y = area.y
        guard let t = model.traceScreen.trace else {
            grid.put("Type or scan a lot id after / to trace it.", x: x, y: y + 1, style: theme.dimmed)
            return
        }
        let lots = Dictionary(t.lots.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let held = t.lots.filter(\.held).count
        var title =
            "Trace \(t.start.joined(separator: ", ")) \(t.direction == "forward" ? "forward (where used)" : "backward (where from)"): \(t.lots.count) lots, depth \(t.lots.map(\.depth).max() ?? 0)"
        if held > 0 { title += ", \(held) held" }
        if !t.shipments.isEmpty { title += ", \(t.shipments.count) shipped" }
        grid.put(Format.fit(title, w, ellipsis: theme.ellipsis), x: x, y: y, style: theme.title)
        y += 2
        let rows = TraceTree.rows(model)
        let list = Rect(x: x, y: y, width: w, height: max(0, area.maxY - y - (t.shipments.isEmpty ? 0 : 2)))
        ListView.render(count: rows.count, state: model.traceScreen.list, theme: theme, into: &grid, in: list) { i in
            let r = rows[i]
            let lot = lots[r.lot]
            let fold =
                r.hasChildren && !r.repeated
                ? (model.traceScreen.collapsed.contains(r.lot) ? (theme.unicode ? "▸ " : "+ ") : (theme.unicode ? "▾ " : "- ")) : "  "
            var text = String(repeating: "  ", count: min(r.level, 30)) + fold + r.lot
            if let lot {
                text += "  \(lot.material) \(DurationText.number(lot.quantity)) \(lot.status)"
                if let sl = lot.supplierLot { text += "  supplier lot \(sl)" + (lot.supplier.map { " (\($0))" } ?? "") }
            }
            if let l = r.link {
                text +=
                    "  ← \(l.kind) \(DurationText.number(l.quantity))" + (l.machine.map { " on \($0)" } ?? "") + (l.workOrder.map { " \($0)" } ?? "")
                    + " " + String(l.at.prefix(16)).replacing("T", with: " ")
            }
            if r.repeated { text += "  (above)" }
            return ListView.Row(text, style: lot?.held == true ? theme.warning : (r.repeated ? theme.dimmed : .plain))
        }
        if !t.shipments.isEmpty {
            let text = "Shipped: " + t.shipments.map { "\($0.lot) → \($0.customerOrder)" }.joined(separator: ", ")
            grid.put(Format.fit(text, w, ellipsis: theme.ellipsis), x: x, y: area.maxY - 1, style: theme.title)
        }
    }
}
