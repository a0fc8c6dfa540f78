import GembaCore

/// The SPC screen: each characteristic with its state (in control, the rules broken in the
/// window, no limits yet) and Cpk, and the selected one's control chart drawn in the
/// terminal: its points (braille dots, one mark per cell in ASCII) with the centre line and
/// control limits, the points that break a rule marked.
enum SPCView {
    static func render(_ model: ConsoleModel, theme: Theme, into grid: inout Grid, in area: Rect) {
        guard !area.isEmpty else { return }
        let x = area.x + 1
        let w = area.width - 2
        let list = model.plant?.characteristics ?? []
        guard !list.isEmpty else {
            grid.put(Format.fit("No SPC characteristics: spc: in the plant file lists them (docs/spc.md).", w), x: x, y: area.y, style: theme.dimmed)
            return
        }
        let selected = min(model.spcScreen.list.selected, list.count - 1)
        // The list: at most a third of the screen, scrolled to keep the selection in view.
        let rows = max(1, min(list.count, (area.height - 1) / 3))
        grid.put(
            Format.fit(Format.pad("characteristic", 22) + Format.pad("chart", 12) + Format.pad("state", 26) + "Cpk", w), x: x, y: area.y,
            style: theme.title)
        let first = max(0, min(selected - rows + 1, list.count - rows))
        for (i, c) in list.enumerated().dropFirst(first).prefix(rows) {
            let r = model.spcScreen.results[c.id]
            let broken = r?.points.filter { !$0.violations.isEmpty }.count ?? 0
            let state: String
            if r == nil {
                state = "…"
            } else if r?.center == nil {
                state = "no limits yet"
            } else if broken > 0 {
                state = "\(broken) point\(broken == 1 ? "" : "s") out of control"
            } else {
                state = "in control"
            }
            let cpk = r?.cpk.map { Format.fixed($0, 2) } ?? "-"
            let text = theme.mark(i == selected) + Format.pad(c.id, 20) + Format.pad(c.chart, 12) + Format.pad(state, 26) + cpk
            let style: Style = i == selected ? Style(reverse: true) : broken > 0 ? theme.warning : .plain
            grid.put(Format.fit(text, w, ellipsis: theme.ellipsis), x: x, y: area.y + 1 + i - first, style: style)
        }
        let top = area.y + 2 + rows
        guard top + 4 < area.maxY, let r = model.spcScreen.results[list[selected].id] else { return }
        chart(r, model: model, theme: theme, into: &grid, in: Rect(x: area.x, y: top, width: area.width, height: area.maxY - top))
    }

    /// One characteristic's control chart.
    static func chart(_ r: SPCResult, model: ConsoleModel, theme: Theme, into grid: inout Grid, in area: Rect) {
        let x = area.x + 1
        let w = area.width - 2
        func n(_ v: Double?) -> String { v.map { DurationText.number(($0 * 1e4).rounded() / 1e4) } ?? "-" }
        var title = "\(r.id)  \(r.chart)"
        if let c = r.center { title += "  CL \(n(c))  UCL \(n(r.ucl))  LCL \(n(r.lcl))" } else { title += "  \(r.limitsNote ?? "no limits yet")" }
        title += "  Cp \(n(r.cp))  Cpk \(n(r.cpk))  \(r.points.count) points"
        grid.put(Format.fit(title, w, ellipsis: theme.ellipsis), x: x, y: area.y, style: theme.title)
        let values = r.points.map(\.value)
        guard !values.isEmpty else {
            grid.put("no points in this shift yet", x: x, y: area.y + 1, style: theme.dimmed)
            return
        }
        let lines = [r.center, r.ucl, r.lcl].compactMap { $0 }
        var lo = min(values.min()!, lines.min() ?? values.min()!)
        var hi = max(values.max()!, lines.max() ?? values.max()!)
        if hi == lo {
            lo -= 1
            hi += 1
        }
        let pad = (hi - lo) * 0.05
        lo -= pad
        hi += pad
        // Room for the longest of the scale's labels (UCL 209.2746), at most a sixth of the width.
        let axis = min(
            max(8, w / 6),
            [(r.ucl, "UCL"), (r.center, "CL"), (r.lcl, "LCL")].map { v, l in v.map { CharWidth.of(l + " " + n($0)) + 1 } ?? 0 }.max() ?? 8)
        let plotWidth = w - axis - 1
        let plotHeight = area.height - 2
        guard plotWidth >= 10, plotHeight >= 3 else { return }
        var canvas = DotCanvas(width: plotWidth, height: plotHeight, unicode: theme.unicode)
        func dotY(_ v: Double) -> Int { Int(((hi - v) / (hi - lo) * Double(canvas.dotsHigh - 1)).rounded()) }
        func row(_ v: Double) -> Int { Int(((hi - v) / (hi - lo) * Double(plotHeight - 1)).rounded()) }
        // The latest points, as many as there are dots across.
        let shown = Array(r.points.suffix(canvas.dotsWide))
        var marks: [(Int, Int)] = []
        var previous: Int?
        for (k, p) in shown.enumerated() {
            let dx = shown.count == 1 ? 0 : k * (canvas.dotsWide - 1) / (shown.count - 1)
            let y = dotY(p.value)
            if let previous { canvas.run(x: dx, from: previous, to: y) }
            canvas.set(x: dx, y: y)
            previous = y
            if !p.violations.isEmpty { marks.append((theme.unicode ? dx / 2 : dx, row(p.value))) }
        }
        let ruleRows = [(r.ucl, theme.unicode ? "┄" : "-"), (r.lcl, theme.unicode ? "┄" : "-"), (r.center, theme.unicode ? "─" : ".")]
        for case (let v?, let c) in ruleRows { canvas.rule(row: row(v), Character(c)) }
        for (mx, my) in marks { canvas.mark(x: mx, row: my, theme.unicode ? "●" : "X") }
        let top = area.y + 1
        let markRows = Set(marks.map(\.1))
        for (i, line) in canvas.lines.enumerated() {
            grid.put(line, x: x + axis + 1, y: top + i, style: markRows.contains(i) ? theme.warning : .plain)
        }
        for (v, label) in [(r.ucl, "UCL"), (r.center, "CL"), (r.lcl, "LCL")] {
            guard let v else { continue }
            grid.put(Format.pad(Format.fit(label + " " + n(v), axis), axis), x: x, y: top + row(v), style: theme.dimmed)
        }
        let bottom = top + plotHeight
        guard bottom < area.maxY, let first = shown.first, let last = shown.last else { return }
        func local(_ t: String) -> String {
            guard let ts = ISOTime.parse(t) else { return t }
            return String(Format.clock(ts, offsetSeconds: model.plant?.utcOffset(at: ts) ?? 0).prefix(5))
        }
        grid.put(local(first.t), x: x + axis + 1, y: bottom, style: theme.dimmed)
        let right = local(last.t)
        grid.put(right, x: x + axis + 1 + plotWidth - CharWidth.of(right), y: bottom, style: theme.dimmed)
        if let broken = shown.last(where: { !$0.violations.isEmpty }) {
            let text = "last out of control \(local(broken.t)): \(broken.violations.joined(separator: ", "))"
            let room = plotWidth - CharWidth.of(right) - 14
            if room > 10 { grid.put(Format.fit(text, room, ellipsis: theme.ellipsis), x: x + axis + 8, y: bottom, style: theme.warning) }
        }
    }
}
