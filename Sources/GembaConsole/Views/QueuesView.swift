import Foundation
import GembaCore

/// The Queues screen: one machine's operations in schedule order (order, operation,
/// product, quantity, planned start and end, due date, lateness, state), with a strip
/// of every machine's queue length above. A line terminal (`--station`) opens here.
public enum QueuesView {
    public static func render(_ model: ConsoleModel, now: Timestamp, theme: Theme, into grid: inout Grid, in area: Rect) {
        guard !area.isEmpty else { return }
        let x = area.x + 1
        let w = area.width - 2
        var y = area.y
        guard let plan = model.schedule else {
            grid.put("No schedule: the plant file has no products, or the daemon has not planned yet.", x: x, y: y + 1, style: theme.dimmed)
            return
        }
        guard let id = model.queueMachineID, let machine = model.machines[id] else { return }
        let offset = AlarmsView.plantOffset(model, now: now)
        let late = plan.lateOrders
        var title = "\(machine.name) (\(id))  " + theme.symbol(machine.state) + " " + theme.label(machine.state)
        title += "  \(theme.separator)  plan of " + Format.clock(plan.generatedNanos, offsetSeconds: offset)
        // Operations that could not be planned (too long, held, no machine) are not "on time".
        let notPlanned = plan.unscheduled.count
        title += "  \(theme.separator)  " + (late > 0 ? "\(late) late order\(late == 1 ? "" : "s")" : notPlanned > 0 ? "none late" : "all on time")
        if notPlanned > 0 { title += ", \(notPlanned) not planned" }
        grid.put(Format.fit(title, w, ellipsis: theme.ellipsis), x: x, y: y, style: theme.title)
        y += 1
        // Every machine and its queue length; the one shown is marked and always in view (the
        // strip starts further right when it would not fit).
        let labels = model.order.map { "\($0) \(model.queue(of: $0).count)" }
        var shownFrom = 0
        while shownFrom < model.queuesScreen.machine,
            labels[shownFrom...min(model.queuesScreen.machine, labels.count - 1)].reduce(0, { $0 + CharWidth.of($1) + 2 }) + 2 > area.maxX - x
        {
            shownFrom += 1
        }
        var sx = x
        if shownFrom > 0 { sx += grid.put(theme.unicode ? "‹ " : "< ", x: sx, y: y, style: theme.dimmed) }
        for (k, mid) in model.order.enumerated().dropFirst(shownFrom) {
            let n = model.queue(of: mid).count
            let text = labels[k]
            guard sx + CharWidth.of(text) + 2 <= area.maxX else { break }
            let style = k == model.queuesScreen.machine ? theme.selection : (n == 0 ? theme.dimmed : .plain)
            sx += grid.put(text, x: sx, y: y, style: style)
            sx += grid.put("  ", x: sx, y: y)
        }
        y += 2
        let ops = model.queue(of: id)
        // Orders on hold leave the schedule: say which, and why, so the line knows what is not coming.
        let held = Dictionary(plan.unscheduled.filter { $0.reason.hasPrefix("held") }.map { ($0.order, $0.reason) }, uniquingKeysWith: { a, _ in a })
        let heldRows = held.isEmpty ? 0 : 1
        // At 80 columns the product gives way, so that the state stays in view.
        let showProduct = w >= 90
        let head =
            Format.pad("ORDER", 10) + Format.pad("OPERATION", 13) + (showProduct ? Format.pad("PRODUCT", 10) : "") + Format.pad("QTY", 7)
            + Format.pad("START", 7) + Format.pad("END", 7) + Format.pad("DUE", 13) + Format.pad("LATE", 9) + "STATE"
        grid.put(Format.fit("  " + head, w), x: x, y: y, style: theme.dimmed)
        y += 1
        if ops.isEmpty {
            grid.put("Nothing planned on \(id).", x: x, y: y + 1, style: theme.dimmed)
        }
        let room = max(1, area.maxY - y - heldRows)
        let first = max(0, min(model.queuesScreen.list.selected - room + 1, ops.count - room))
        if heldRows > 0 {
            let text = "On hold: " + held.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: "; ")
            grid.put(Format.fit(text, w, ellipsis: theme.ellipsis), x: x, y: area.maxY - 1, style: theme.warning)
        }
        let list = Rect(x: x, y: y, width: w, height: max(0, area.maxY - heldRows - y))
        ListView.render(count: ops.count, state: model.queuesScreen.list, theme: theme, into: &grid, in: list) { i in
            let op = ops[i]
            let lateness = plan.operations.filter { $0.order == op.order }.map(\.lateness).max() ?? 0
            let due =
                ISOTime.parse(op.due).map { when($0, now: now, offset: offset) }
                ?? op.due
            var state = op.state == "planned" ? (op.setup > 0 ? "setup \(op.setup / 60)m" : "planned") : op.state.uppercased()
            if op.frozen && op.state == "planned" { state += " (frozen)" }
            let line =
                Format.pad(Format.fit(op.order, 9, ellipsis: theme.ellipsis), 10)
                + Format.pad(Format.fit("\(op.index + 1) \(op.operation)", 12, ellipsis: theme.ellipsis), 13)
                + (showProduct ? Format.pad(Format.fit(op.product, 9, ellipsis: theme.ellipsis), 10) : "")
                + Format.pad(Format.count(Int64(op.quantity), fitting: 6), 7)
                + Format.pad(String(Format.clock(op.startNanos, offsetSeconds: offset).prefix(5)), 7)
                + Format.pad(String(Format.clock(op.endNanos, offsetSeconds: offset).prefix(5)), 7) + Format.pad(String(due), 13)
                + Format.pad(lateness > 0 ? "+" + Format.minutes(seconds: lateness) : "on time", 9) + state
            return ListView.Row(line, style: lateness > 0 ? theme.warning : op.state == "running" ? Style(bold: true) : .plain)
        }
    }

    /// `today`, `tmrw` or the date, in the plant's time; the year too when it is not this year's.
    static func dayLabel(_ t: Timestamp, now: Timestamp, offset: Int) -> String {
        let day = { (v: Timestamp) in (v / Nanos.perSecond + Int64(offset)) / 86_400 }
        switch day(t) - day(now) {
        case 0: return "today"
        case 1: return "tmrw"
        default:
            let iso = ISOTime.format(t + Int64(offset) * Nanos.perSecond)
            let thisYear = ISOTime.format(now + Int64(offset) * Nanos.perSecond).prefix(4)
            return iso.prefix(4) == thisYear ? String(iso.dropFirst(5).prefix(5)) : String(iso.prefix(10))
        }
    }

    /// A due date or a planned end: the clock and the day, or the date alone (with its year)
    /// when it is not this year, so that it still fits its column.
    static func when(_ t: Timestamp, now: Timestamp, offset: Int) -> String {
        let day = dayLabel(t, now: now, offset: offset)
        return day.count == 10 ? day : String(Format.clock(t, offsetSeconds: offset).prefix(5)) + " " + day
    }
}
