import Foundation
import GembaCore

/// The Orders screen: every work order with its progress, planned end and lateness;
/// supervisors add, re-prioritise and cancel here.
public enum OrdersView {
    public static func render(_ model: ConsoleModel, now: Timestamp, theme: Theme, into grid: inout Grid, in area: Rect) {
        guard !area.isEmpty else { return }
        let x = area.x + 1
        let w = area.width - 2
        var y = area.y
        let open = model.ordersScreen.orders.filter { ["released", "running", "interrupted"].contains($0.state) }.count
        let late = model.ordersScreen.orders.filter { ($0.lateness ?? 0) > 0 && ["released", "running", "interrupted"].contains($0.state) }.count
        grid.put(
            Format.fit("Work orders: \(model.ordersScreen.orders.count), \(open) open, \(late) late", w, ellipsis: theme.ellipsis), x: x, y: y,
            style: theme.title)
        y += 2
        let offset = AlarmsView.plantOffset(model, now: now)
        let head =
            Format.pad("ORDER", 10) + Format.pad("PRODUCT", 10) + Format.pad("QTY", 7) + Format.pad("DUE", 13) + Format.pad("PRIO", 5)
            + Format.pad("STATE", 12) + Format.pad("DONE", 6) + Format.pad("PLANNED END", 13) + "LATE"
        grid.put(Format.fit("  " + head, w), x: x, y: y, style: theme.dimmed)
        y += 1
        if model.ordersScreen.orders.isEmpty {
            grid.put("No work orders. Import them with gemba import orders FILE, or n for a new one.", x: x, y: y + 1, style: theme.dimmed)
        }
        let orders = model.ordersScreen.orders
        let list = Rect(x: x, y: y, width: w, height: max(0, area.maxY - y))
        ListView.render(count: orders.count, state: model.ordersScreen.list, theme: theme, into: &grid, in: list) { i in
            let o = orders[i]
            func when(_ iso: String?) -> String {
                guard let t = iso.flatMap(ISOTime.parse) else { return "-" }
                return QueuesView.when(t, now: now, offset: offset)
            }
            let done = o.operations.filter { $0.state == "done" }.count
            let lateness = o.lateness ?? 0
            let line =
                Format.pad(Format.fit(o.id, 9, ellipsis: theme.ellipsis), 10) + Format.pad(Format.fit(o.product, 9, ellipsis: theme.ellipsis), 10)
                + Format.pad(Format.count(Int64(o.quantity), fitting: 6), 7) + Format.pad(when(o.due), 13) + Format.pad(String(o.priority), 5)
                + Format.pad(o.state.replacing("_", with: " "), 12) + Format.pad("\(done)/\(o.operations.count)", 6)
                + Format.pad(when(o.plannedEnd), 13) + (lateness > 0 ? "+" + Format.minutes(seconds: lateness) : "")
            let style: Style =
                lateness > 0 && o.state != "ended" && o.state != "aborted"
                ? theme.warning : (o.state == "aborted" || o.state == "ended" ? theme.dimmed : .plain)
            return ListView.Row(line, style: style)
        }
    }
}
