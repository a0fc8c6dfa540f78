import Foundation
import GembaCore

/// One machine in full: state and counters, the shift's state timeline as a
/// horizontal bar, every stop of the shift with its reason (one selected, to book or correct
/// it), and the latest process values.
public enum DetailView {
    public static func render(_ model: ConsoleModel, id: String, now: Timestamp, theme: Theme, into grid: inout Grid, in area: Rect) {
        guard !area.isEmpty else { return }
        guard let m = model.machines[id] else {
            grid.put("No machine \(id)", x: area.x + 1, y: area.y + 1, style: theme.warning)
            return
        }
        func local(_ t: Timestamp) -> String {
            Format.clock(t, offsetSeconds: model.plant?.utcOffset(at: t) ?? 0)
        }
        let lineName = model.plant?.lines.first { $0.id == m.line }?.name ?? m.line
        var y = area.y
        let x = area.x + 1
        let w = area.width - 2
        // Another plant's machine (an enterprise floor) names its site; its cycle time is that plant's to know.
        let title =
            m.site.map { "\(m.name) (\(m.id))  site \($0)  line \(lineName)" }
            ?? "\(m.name) (\(m.id))  line \(m.line) \(lineName)  ideal cycle \(Format.number(m.idealCycleTime)) s"
        grid.put(Format.fit(title, w), x: x, y: y, style: theme.title)
        y += 1
        var banner = theme.stateBanner(m.state)
        banner.bold = true
        let stateText = " " + theme.symbol(m.state) + " " + theme.label(m.state) + " "
        let used = grid.put(stateText, x: x, y: y, style: banner)
        let reason = m.reason.map { "  reason: \($0)" } ?? (m.state == .down ? "  reason: (not given)" : "")
        grid.put(Format.fit(" since \(local(m.sinceNanos)) (\(Format.duration(now - m.sinceNanos)))" + reason, w - used), x: x + used, y: y)
        y += 1
        let reported =
            m.site.map { "as site \($0) publishes it; its timeline and lots are on that plant's console" }
            ?? "counters as reported: total \(m.countTotal.map(Format.count) ?? "—"), reject \(m.countReject.map(Format.count) ?? "—")"
        grid.put(Format.fit(reported, w), x: x, y: y)
        y += 1
        grid.put(
            Format.fit(
                "this shift: \(Format.count(m.shiftTotal - m.shiftReject)) good, \(Format.count(m.shiftReject)) reject, \(Format.count(m.shiftTotal)) total",
                w), x: x, y: y)
        y += 1
        // Maintenance that is due stands out; the rest say what is left.
        if let plans = model.detail?.machine.id == id ? model.detail?.maintenance : nil, !plans.isEmpty, y < area.maxY {
            let text =
                "maintenance: "
                + plans.map { "\($0.plan) \($0.state == .ok ? "" : $0.state.rawValue.uppercased() + " ")(\($0.remaining))" }
                .joined(separator: ", ")
            let worst = plans.contains { $0.state == .overdue } ? theme.warning : plans.contains { $0.state == .due } ? Style(bold: true) : .plain
            grid.put(Format.fit(text, w, ellipsis: theme.ellipsis), x: x, y: y, style: worst)
            y += 1
        }
        y += 1
        guard y < area.maxY else { return }

        // Timeline.
        let intervals = (model.detail?.machine.id == id ? model.detail?.intervals : nil) ?? []
        let from = model.detail?.shift?.startNanos ?? model.shift?.startNanos ?? (intervals.first?.startNanos ?? m.sinceNanos)
        let to = model.detail?.shift?.endNanos ?? model.shift?.endNanos ?? now
        grid.put(
            "State timeline " + (model.shift.map { "shift \($0.name)" } ?? "") + (model.detail == nil ? " (loading" + theme.ellipsis + ")" : ""),
            x: x, y: y, style: theme.title)
        y += 1
        let barWidth = max(1, w)
        if y < area.maxY && to > from {
            let span = (to - from) / Timestamp(barWidth)
            var k = 0
            for col in 0..<barWidth {
                let mid = from + span * Timestamp(col) + span / 2
                var state: MachineState?
                if mid >= now {
                    state = nil
                } else if mid >= m.sinceNanos {
                    state = m.state
                } else {
                    while k < intervals.count && intervals[k].endNanos <= mid { k += 1 }
                    if k < intervals.count && intervals[k].startNanos <= mid { state = intervals[k].state } else { state = .offline }
                }
                if let s = state {
                    let style = theme.color ? Style(fg: .black, bg: theme.stateColor(s)) : (s == .down ? Style(reverse: true) : .plain)
                    grid.put(theme.symbol(s), x: x + col, y: y, style: style)
                } else {
                    grid.put(theme.unicode ? "·" : ".", x: x + col, y: y, style: theme.dimmed)
                }
            }
            y += 1
            let a = local(from)
            let b = local(to)
            grid.put(String(a.prefix(5)), x: x, y: y, style: theme.dimmed)
            grid.put(String(b.prefix(5)), x: x + barWidth - 5, y: y, style: theme.dimmed)
            y += 1
            var legend = ""
            for s in MachineState.allCases { legend += theme.symbol(s) + " " + s.rawValue.replacing("_", with: " ") + "  " }
            grid.put(Format.fit(legend, w), x: x, y: y, style: theme.dimmed)
            y += 2
        }
        guard y < area.maxY else { return }

        // Every stop of the shift (newest first, the selected one marked, ↑↓ scroll) and the
        // process values, side by side when there is room.
        let half = w >= 70 ? w / 2 : w
        let all = Stop.of(model, machine: id)
        let unexplained = all.filter(\.unexplained).count
        grid.put(
            Format.fit("Stops this shift: \(all.count)" + (unexplained > 0 ? ", \(unexplained) without a reason" : ""), half - 2),
            x: x, y: y, style: theme.title)
        // Side by side, the stops take the rest of the screen; stacked, at most half of it.
        let stopRows = max(1, half == w ? min(all.count, max(3, (area.maxY - y - 1) / 2)) : area.maxY - y - 1)
        let first = max(0, min(model.detailStop - stopRows + 1, all.count - stopRows))
        if all.isEmpty, y + 1 < area.maxY { grid.put("none this shift", x: x, y: y + 1, style: theme.dimmed) }
        for (i, s) in all.enumerated().dropFirst(first).prefix(stopRows) where y + 1 + i - first < area.maxY {
            let d = s.end.map { Format.duration($0 - s.start) } ?? "now"
            let text =
                theme.mark(i == model.detailStop && !model.detailValuesFocused) + "\(local(s.start).prefix(5)) \(theme.symbol(s.state)) "
                + Format.pad(s.state.rawValue.replacing("_", with: " "), 9) + Format.pad(d, 8)
                + (s.reason ?? (s.state == .down ? "(no reason)" : ""))
            let chosen = i == model.detailStop && !model.detailValuesFocused
            let style: Style = chosen ? Style(reverse: true) : s.unexplained ? theme.warning : .plain
            grid.put(Format.fit(text, half - 2, ellipsis: theme.ellipsis), x: x, y: y + 1 + i - first, style: style)
        }
        var py = y
        var px = x + half
        if half == w {
            py = y + 2 + max(1, min(all.count, stopRows))
            px = x
        }
        guard py < area.maxY else { return }
        let values = m.processValues.sorted { $0.name < $1.name }
        let focused = model.detailValuesFocused && !values.isEmpty
        grid.put(
            Format.fit(focused ? "Process values (Enter: chart)" : "Process values" + (values.isEmpty ? "" : " (v, Enter: chart)"), w - (px - x)),
            x: px, y: py, style: theme.title)
        if values.isEmpty, py + 1 < area.maxY { grid.put("none reported", x: px, y: py + 1, style: theme.dimmed) }
        let room = w - (px - x)
        let nameWidth = min(18, values.map { CharWidth.of($0.name) }.max() ?? 0)
        let trends = Dictionary((model.detail?.trends ?? []).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        // The value list scrolls to keep the selected one in view.
        let rows = max(1, area.maxY - py - 1)
        let firstValue = focused ? max(0, min(model.detailValue - rows + 1, values.count - rows)) : 0
        for (i, v) in values.enumerated().dropFirst(firstValue) where py + 1 + i - firstValue < area.maxY {
            let selected = focused && i == model.detailValue
            var text =
                theme.mark(selected) + Format.pad(Format.fit(v.name, nameWidth, ellipsis: theme.ellipsis), nameWidth + 1)
                + Format.pad(Format.number(v.value), 9)
            // The shift's trend, as much of it as there is room for, then the time of the reading.
            if let t = trends[v.name], room - CharWidth.of(text) >= 12 {
                let cells = min(t.means.count, room - CharWidth.of(text) - 10)
                text += " " + Sparkline.text(Sparkline.fit(t.means, width: cells), unicode: theme.unicode)
            }
            if room - CharWidth.of(text) >= 9 { text += " " + local(v.at).prefix(8) }
            grid.put(
                Format.fit(text, room, ellipsis: theme.ellipsis), x: px, y: py + 1 + i - firstValue, style: selected ? Style(reverse: true) : .plain)
        }
        // The lots it made, held ones standing out with their holds.
        guard let lots = model.detail?.lots, !lots.isEmpty else { return }
        var ly = py + 2 + max(1, values.count)
        guard ly < area.maxY else { return }
        grid.put("Lots made", x: px, y: ly, style: theme.title)
        ly += 1
        for lot in lots where ly < area.maxY {
            let held = !lot.holds.isEmpty
            let text =
                "\(lot.id)  \(DurationText.number(lot.quantity)) \(lot.unit) \(lot.material)  "
                + (held ? "HELD " + lot.holds.map { "#\($0)" }.joined(separator: " ") : lot.status.rawValue)
            grid.put(Format.fit(text, w - (px - x), ellipsis: theme.ellipsis), x: px, y: ly, style: held ? theme.warning : .plain)
            ly += 1
        }
    }
}
