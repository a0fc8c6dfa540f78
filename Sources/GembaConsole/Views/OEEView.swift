import Foundation
import GembaCore

/// The OEE screen: the plant, its lines and machines with availability,
/// performance, quality and OEE for the current shift so far (bar) and the last
/// shift; below, for the selected row, the loss waterfall from planned busy time
/// down to fully productive time, the hourly trend and the downtime Pareto.
public enum OEEView {
    public static func render(_ model: ConsoleModel, theme: Theme, into grid: inout Grid, in area: Rect) {
        guard !area.isEmpty else { return }
        let x = area.x + 1
        let w = area.width - 2
        guard let board = model.oeeScreen.board else {
            grid.put("Asking the daemon for OEE" + theme.ellipsis, x: x, y: area.y + 1, style: theme.dimmed)
            return
        }
        var y = area.y
        let cur = board.current.map { "shift \($0.name) \($0.date) so far" } ?? "no shift now"
        let last = board.last.map { "shift \($0.name) \($0.date)" } ?? "no last shift"
        let (shown, other) = model.oeeScreen.showsLast ? (last, "current") : (cur, "last")
        let title = "OEE  \(shown)   convention \(board.convention.rawValue)   (l: \(other))"
        grid.put(Format.fit(title, w), x: x, y: y, style: theme.title)
        // What `!` means, where it appears: more made than the ideal cycle time allows.
        let flagged = board.rows.contains { ((model.oeeScreen.showsLast ? $0.last : $0.current)?.flags ?? []).contains("performance_over_100") }
        let room = w - title.count
        if flagged && room >= 12 {
            let legend = room >= 58 ? "! performance over 100 %: ideal cycle time too long?" : "! P over 100%"
            grid.put(legend, x: x + w - legend.count, y: y, style: theme.warning, maxWidth: room)
        }
        y += 1
        let nameW = max(12, min(24, w - 52))
        let header = Format.pad("", nameW) + "     A      P      Q    OEE  " + Format.pad("", 12) + (model.oeeScreen.showsLast ? "   now" : "  last")
        grid.put(Format.fit("  " + header, w), x: x, y: y, style: theme.dimmed)
        y += 1

        // The table, scrolled to keep the selection in view; the details get the rest.
        let detailRows = min(12, max(0, area.maxY - y - 8))
        let tableRows = max(1, area.maxY - y - detailRows)
        let rows = board.rows
        let top = max(0, min(model.oeeScreen.list.selected - tableRows / 2, rows.count - tableRows))
        for (k, row) in rows.enumerated().dropFirst(top).prefix(tableRows) {
            let selected = k == model.oeeScreen.list.selected
            var style: Style = row.kind == .machine ? .plain : Style(bold: true)
            if selected { style.reverse = true }
            let indent = row.kind == .machine ? "  " : (row.kind == .line ? " " : "")
            let label = Format.pad(indent + row.name + (row.kind == .line ? " (\(row.id))" : ""), nameW)
            let c = model.oeeScreen.showsLast ? row.last : row.current
            let o = model.oeeScreen.showsLast ? row.current : row.last
            let text = label + " " + col(c?.availability) + " " + col(c?.performance) + " " + col(c?.quality) + " " + col(c?.oee) + "  "
            grid.fill(Rect(x: x, y: y, width: w, height: 1), style: selected ? Style(reverse: true) : .plain)
            let used = grid.put(Format.fit(theme.mark(selected) + text, w), x: x, y: y, style: style)
            let barX = x + used
            if barX + 12 <= x + w {
                bar(c?.oee, width: 12, theme: theme, into: &grid, x: barX, y: y, selected: selected)
                grid.put("  " + col(o?.oee), x: barX + 12, y: y, style: style, maxWidth: x + w - barX - 12)
            }
            if let c, c.flags.contains("performance_over_100"), barX + 21 < x + w {
                grid.put("!", x: barX + 21, y: y, style: theme.warning)
            }
            y += 1
        }
        guard let row = rows[safe: model.oeeScreen.list.selected], let r = model.oeeScreen.showsLast ? row.last : row.current else { return }
        // The ledger box goes on top of everything else.
        defer { if model.oeeScreen.ledgerOpen { ledger(r, name: row.name, machine: row.kind == .machine, theme: theme, into: &grid, in: area) } }
        guard detailRows >= 4 else { return }
        y = area.maxY - detailRows
        waterfall(r, name: row.name, theme: theme, into: &grid, x: x, y: y, width: min(w, w >= 70 ? w / 2 : w), rows: detailRows)
        if w >= 70 {
            let px = x + w / 2 + 1
            let pw = w - w / 2 - 1
            trendAndPareto(row, last: model.oeeScreen.showsLast, theme: theme, into: &grid, x: px, y: y, width: pw, rows: detailRows)
        }
    }

    /// The ledger of a figure: every sum it is made of, and the formulas with their
    /// numbers, so that the figure can be checked by hand. A machine's box offers its
    /// intervals and counts (Enter).
    static func ledger(_ r: OEEResult, name: String, machine: Bool, theme: Theme, into grid: inout Grid, in area: Rect) {
        let t = r.time
        func sec(_ v: Double) -> String { Format.fixed(v, 0) + " s" }
        func f(_ v: Double?) -> String { v.map { Format.fixed($0, 6) } ?? "undefined" }
        // The formulas as this convention computes them: Nakajima counts micro-stops as running.
        let availabilityAndPerformance =
            r.convention == .nakajima
            ? [
                "A = (APT + micro) / PBT = \(f(r.availability))",
                "P = Σ PRI·PQ / (APT + micro) = \(f(r.performance))",
            ]
            : [
                "A = APT / PBT           = \(f(r.availability))",
                "P = Σ PRI·PQ / APT      = \(f(r.performance))",
            ]
        let lines =
            [
                "planned operation (POT)  \(sec(t.plannedOperation))",
                "planned down             \(sec(t.plannedDown))",
                "planned busy (PBT)       \(sec(t.plannedBusy))",
                "production (APT)         \(sec(t.production))",
                "setup \(sec(t.setup)) · delay \(sec(t.delay)) · idle \(sec(t.idle))",
                "offline (no data)        \(sec(t.offline))",
                "micro-stops              \(sec(t.microStops))",
                "counts: total \(r.counts.total), good \(r.counts.good), reject \(r.counts.reject)",
                "Σ PRI·PQ \(sec(t.netProduction)) · Σ PRI·GQ \(sec(t.fullyProductive))",
            ] + availabilityAndPerformance + [
                "Q = GQ / PQ             = \(f(r.quality))",
                "OEE = Σ PRI·GQ / PBT    = \(f(r.oee))",
            ]
        let w = min(area.width - 2, 62)
        let h = min(area.height, lines.count + 3)
        guard w > 20, h > 4 else { return }
        let box = Rect(x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h)
        let style = theme.color ? Style(fg: .white, bg: .blue) : Style(reverse: true)
        grid.fill(box, style: style)
        grid.put(" Ledger: \(name) (\(r.convention.rawValue)) ", x: box.x + 1, y: box.y, style: style.withBold, maxWidth: w - 2)
        for (k, l) in lines.enumerated() where box.y + 1 + k < box.maxY - 1 {
            grid.put(Format.fit(l, w - 4), x: box.x + 2, y: box.y + 1 + k, style: style)
        }
        let hint = machine ? "Enter intervals · any key closes" : "any key closes"
        grid.put(hint, x: box.maxX - hint.count - 2, y: box.maxY - 1, style: style)
    }

    static func col(_ v: Double?) -> String {
        let t = Format.percent(v)
        return String(repeating: " ", count: max(0, 6 - t.count)) + t
    }

    static func bar(_ v: Double?, width: Int, theme: Theme, into grid: inout Grid, x: Int, y: Int, selected: Bool) {
        let filled = v.map { max(0, min(width, Format.whole($0 * Double(width)))) } ?? 0
        for k in 0..<width {
            let on = k < filled
            var style = theme.color && on ? Style(fg: .green) : (on ? Style(bold: true) : theme.dimmed)
            if selected { style.reverse = true }
            grid.put(on ? theme.fullBlock : (theme.unicode ? "·" : "."), x: x + k, y: y, style: style)
        }
    }

    /// From planned busy time down to fully productive time, each loss a bar.
    static func waterfall(_ r: OEEResult, name: String, theme: Theme, into grid: inout Grid, x: Int, y: Int, width: Int, rows: Int) {
        grid.put(Format.fit("Losses: \(name)", width), x: x, y: y, style: theme.title)
        let t = r.time
        let speed = max(0, t.production - t.netProduction)
        let quality = max(0, t.netProduction - t.fullyProductive)
        let steps: [(String, Double, Bool)] = [
            ("planned busy", t.plannedBusy, true), ("− setup", t.setup, false), ("− delay", t.delay, false),
            ("− idle", t.idle, false), ("− offline", t.offline, false), ("= production", t.production, true),
            ("− speed", speed, false), ("− quality", quality, false), ("= fully prod.", t.fullyProductive, true),
        ]
        let labelW = 14
        let valueW = 7
        let barW = max(1, width - labelW - valueW - 2)
        for (k, step) in steps.enumerated() where k + 1 < rows {
            let yy = y + 1 + k
            let value = Format.duration(Nanos.from(seconds: step.1))
            grid.put(
                Format.pad(step.0, labelW) + String(repeating: " ", count: max(0, valueW - value.count)) + value, x: x, y: yy,
                style: step.2 ? Style(bold: true) : .plain)
            let n = t.plannedBusy > 0 ? Format.whole(step.1 / t.plannedBusy * Double(barW)) : 0
            let style = theme.color ? Style(fg: step.2 ? .green : .red) : (step.2 ? Style(bold: true) : .plain)
            grid.put(
                String(repeating: step.2 ? theme.fullBlock : (theme.unicode ? "▒" : "-"), count: max(0, min(barW, n))), x: x + labelW + valueW + 1,
                y: yy, style: style)
        }
    }

    /// The hourly trend and the downtime Pareto of the shift shown (`last`: the last shift's).
    static func trendAndPareto(_ row: OEEBoardRow, last: Bool, theme: Theme, into grid: inout Grid, x: Int, y: Int, width: Int, rows: Int) {
        let hourly = last ? row.lastHourly : row.hourly
        let pareto = last ? row.lastPareto : row.pareto
        grid.put(last ? "Hourly OEE (last shift)" : "Hourly OEE", x: x, y: y, style: theme.title)
        let levels: [String] = theme.unicode ? [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] : [" ", ".", ".", ":", ":", "|", "|", "#", "#"]
        var text = ""
        for v in hourly.suffix(max(1, width - 2)) {
            guard let v else {
                text += "?"
                continue
            }
            text += levels[max(0, min(8, Format.whole(v * 8)))]
        }
        grid.put(text.isEmpty ? "—" : text, x: x, y: y + 1, style: theme.color ? Style(fg: .green) : .plain)
        if !last, let now = hourly.last {
            grid.put("now " + Format.percent(now ?? nil), x: x + min(width - 9, text.count + 1), y: y + 1, style: theme.dimmed)
        }
        guard rows > 4 else { return }
        grid.put(last ? "Downtime Pareto (last shift)" : "Downtime Pareto (this shift)", x: x, y: y + 3, style: theme.title)
        let top = pareto.first?.seconds ?? 0
        for (k, p) in pareto.enumerated() where y + 4 + k < y + rows {
            let label = Format.fit((p.reason ?? p.state.rawValue.replacing("_", with: " ")), 15)
            let value = Format.duration(Nanos.from(seconds: p.seconds))
            let left = Format.pad(label, 15) + String(repeating: " ", count: max(0, 7 - value.count)) + value + " ×\(p.occurrences) "
            let used = grid.put(left, x: x, y: y + 4 + k, maxWidth: width)
            let barW = max(0, width - used)
            let n = top > 0 ? Format.whole(p.seconds / top * Double(barW)) : 0
            grid.put(
                String(repeating: theme.unicode ? "▬" : "=", count: max(0, min(barW, n))), x: x + used, y: y + 4 + k,
                style: theme.color ? Style(fg: .red) : .plain)
        }
        if pareto.isEmpty { grid.put("no stops", x: x, y: y + 4, style: theme.dimmed) }
    }
}
