import Foundation
import GembaCore

/// The Schedule screen: machines as rows, time across; operations labelled by order,
/// late ones standing out, breaks and nights shaded, a now-line, machines that are
/// down marked from now; scrolls (←→) and zooms (+ −). The schedule's weighted
/// tardiness and end are in its title.
public enum GanttView {
    public static func render(_ model: ConsoleModel, now: Timestamp, theme: Theme, into grid: inout Grid, in area: Rect) {
        guard !area.isEmpty else { return }
        let x = area.x + 1
        let w = area.width - 2
        var y = area.y
        guard let plan = model.schedule else {
            grid.put("No schedule: the plant file has no products, or the daemon has not planned yet.", x: x, y: y + 1, style: theme.dimmed)
            return
        }
        let offset = AlarmsView.plantOffset(model, now: now)
        var title =
            "Schedule: \(plan.operations.count) operations  \(theme.separator)  weighted tardiness "
            + Format.minutes(seconds: plan.weightedTardiness)
        // Operations whose only machines are down are in no bar: said here, or "0 late" would hide them.
        // (Also those behind one in their order: they wait for the same machine.)
        let waiting = plan.unscheduled.filter { $0.reason.hasPrefix(Self.noMachine) || $0.reason.hasSuffix(Self.behindNoMachine) }
        // So are the ones that cannot be planned at all (too long, held, past the horizon).
        let notPlanned = plan.unscheduled.count - waiting.count
        title +=
            " (\(plan.lateOrders) late" + (waiting.isEmpty ? "" : ", \(waiting.count) \(waiting.count == 1 ? "waits" : "wait") for a machine")
            + (notPlanned > 0 ? ", \(notPlanned) not planned)" : ")")
        if let end = plan.makespanEnd.flatMap(ISOTime.parse) {
            title +=
                "  \(theme.separator)  done " + String(Format.clock(end, offsetSeconds: offset).prefix(5)) + " "
                + QueuesView.dayLabel(end, now: now, offset: offset)
        }
        title += "  \(theme.separator)  \(model.scheduleScreen.hours) h"
        grid.put(Format.fit(title, w, ellipsis: theme.ellipsis), x: x, y: y, style: theme.title)
        y += 1
        let label = 10
        let cols = max(1, w - label)
        let span = Int64(model.scheduleScreen.hours) * 3600 * Nanos.perSecond
        let origin = now + Int64(model.scheduleScreen.offsetMinutes) * 60 * Nanos.perSecond
        // Times far off the window (a plan years long) are clamped first: the product would overflow.
        func column(_ t: Timestamp) -> Int { Int((min(max(t, origin - span), origin + 2 * span) - origin) * Int64(cols) / span) }
        // The time axis: a tick and the clock every few columns.
        let step = max(1, cols / max(1, min(model.scheduleScreen.hours, cols / 6)))
        var axis = [Character](repeating: " ", count: cols)
        var c = 0
        while c < cols {
            let t = origin + span * Int64(c) / Int64(cols)
            for (k, ch) in String(Format.clock(t, offsetSeconds: offset).prefix(5)).enumerated() where c + k < cols { axis[c + k] = ch }
            c += step
        }
        grid.put(String(axis), x: x + label, y: y, style: theme.dimmed)
        y += 1
        let nowCol = column(now)
        // Orders are labelled without the prefix they all share (`WO-4711` → `4711`).
        let ids = Set(plan.operations.map(\.order))
        var prefix = ids.first ?? ""
        for id in ids { while !id.hasPrefix(prefix) { prefix.removeLast() } }
        func name(_ order: String) -> String { prefix.count > 0 && order.count - prefix.count >= 2 ? String(order.dropFirst(prefix.count)) : order }
        let rows = area.maxY - y
        // Which columns fall in breaks or nights.
        var pause = [Bool](repeating: false, count: cols)
        for gap in plan.nonWorking ?? [] {
            for c in max(0, column(gap.start))..<max(max(0, column(gap.start)), min(cols, column(gap.end))) { pause[c] = true }
        }
        let shade = theme.unicode ? "░" : "."
        for (k, mid) in model.order.enumerated().dropFirst(model.scheduleScreen.top) {
            guard y < area.maxY, k - model.scheduleScreen.top < rows else { break }
            grid.put(Format.pad(Format.fit(mid, label - 1, ellipsis: theme.ellipsis), label), x: x, y: y, style: theme.dimmed)
            for c in 0..<cols where pause[c] { grid.put(shade, x: x + label + c, y: y, style: theme.dimmed) }
            // A machine down now is marked at now, and only where now is in view: scrolled into
            // the hours ahead, a DOWN at the left edge read as down tomorrow.
            if let m = model.machines[mid], m.state == .down || m.state == .offline, nowCol >= 0, nowCol < cols {
                // What waits for it, by order: those operations have no bar anywhere else.
                let orders = waiting.filter { Self.machines(of: $0.reason).contains(mid) }.map { name($0.order) }
                let text = (m.state == .down ? " DOWN " : " OFFLINE ") + (orders.isEmpty ? "" : "waits: \(orders.joined(separator: " ")) ")
                grid.put(text, x: x + label + nowCol, y: y, style: theme.stateBanner(m.state), maxWidth: cols - nowCol)
            }
            for op in plan.operations where op.machine == mid {
                let a = max(0, column(op.startNanos))
                let b = min(cols, max(column(op.endNanos), column(op.startNanos) + 1))
                guard a < cols, b > 0, a < b else { continue }
                let late = plan.operations.contains { $0.order == op.order && $0.lateness > 0 }
                var style = theme.color ? Style(fg: .black, bg: op.state == "running" ? .green : .cyan) : Style(reverse: true)
                if late { style = theme.color ? Style(fg: .white, bg: .red, bold: true) : Style(bold: true, reverse: true, underline: true) }
                // The bar pauses (shaded) where it crosses a break; its label sits in its first working stretch.
                for c in a..<b { grid.put(pause[c] ? shade : " ", x: x + label + c, y: y, style: style) }
                let text = (late ? "!" : "") + name(op.order)
                // The first working stretch of at least 3 columns, else the first at all.
                var stretches: [(Int, Int)] = []
                var c = a
                while c < b {
                    if pause[c] {
                        c += 1
                        continue
                    }
                    let run = (c..<b).prefix { !pause[$0] }.count
                    stretches.append((c, run))
                    c += run
                }
                guard let (first, stretch) = stretches.first(where: { $0.1 >= 3 }) ?? stretches.first else { continue }
                if stretch >= 2 && first == a {
                    grid.put(theme.unicode ? "▏" : "|", x: x + label + a, y: y, style: style)
                    grid.put(Format.fit(text, stretch - 1, ellipsis: theme.ellipsis), x: x + label + a + 1, y: y, style: style)
                } else if stretch >= 1 {
                    grid.put(Format.fit(text, stretch, ellipsis: theme.ellipsis), x: x + label + first, y: y, style: style)
                }
            }
            if nowCol >= 0 && nowCol < cols {
                let cell = grid[x + label + nowCol, y]
                grid.put(
                    cell.text == " " || cell.text == "░" ? (theme.unicode ? "│" : "|") : String(cell.text), x: x + label + nowCol, y: y,
                    style: Style(fg: theme.color ? .yellow : .default, bg: cell.style.bg, bold: true))
            }
            y += 1
        }
    }

    /// How the scheduler names an operation none of whose machines can take it.
    static let noMachine = "no machine available ("
    /// The end of the reason of an operation behind one that has no machine.
    static let behindNoMachine = "which has no machine available"

    /// The machines an unscheduled operation waits for: "no machine available (press-01, press-02 down or offline)".
    package static func machines(of reason: String) -> [String] {
        guard reason.hasPrefix(noMachine), let close = reason.lastIndex(of: ")") else { return [] }
        let inner = reason[reason.index(reason.startIndex, offsetBy: noMachine.count)..<close]
        let list = inner.hasSuffix(" down or offline") ? inner.dropLast(" down or offline".count) : inner
        return list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }
}
