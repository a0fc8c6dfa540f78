import GembaCore

/// One process value over time: each step's spread (min to max) and its mean drawn in braille
/// dots (one mark per cell in ASCII), the alarm limits as lines, the time along the bottom
/// and the scale down the left, so an engineer sees where the value is going and how far it
/// is from its limit.
enum ValueChartView {
    static func render(_ model: ConsoleModel, theme: Theme, into grid: inout Grid, in area: Rect) {
        guard !area.isEmpty else { return }
        let c = model.chartScreen
        let x = area.x + 1
        let w = area.width - 2
        let span = DurationText.formatDays(Double(c.spanSeconds))
        guard let h = c.history else {
            grid.put(Format.fit("\(c.machine) \(c.value), last \(span): asking the daemon…", w), x: x, y: area.y, style: theme.title)
            return
        }
        let points = h.points
        let low = points.map(\.min).min()
        let high = points.map(\.max).max()
        var title = "\(h.machine) \(h.value)  last \(span), \(h.step) steps"
        if let last = points.last {
            title += "  latest \(Format.number(last.last))  min \(Format.number(low ?? 0))  max \(Format.number(high ?? 0))"
        }
        grid.put(Format.fit(title, w, ellipsis: theme.ellipsis), x: x, y: area.y, style: theme.title)
        guard let from = ISOTime.parse(h.from), let to = ISOTime.parse(h.to), to > from else { return }
        guard let low, let high else {
            if area.height > 2 { grid.put("no samples in this span", x: x, y: area.y + 2, style: theme.dimmed) }
            return
        }
        // The scale takes in the limits, so the distance to them shows.
        var lo = min(low, c.limits.min() ?? low)
        var hi = max(high, c.limits.max() ?? high)
        if hi == lo {
            lo -= 1
            hi += 1
        }
        let pad = (hi - lo) * 0.05
        lo -= pad
        hi += pad
        let axis = 8
        let plotWidth = w - axis - 1
        let plotHeight = area.height - 2
        guard plotWidth >= 10, plotHeight >= 3 else {
            if area.height > 1 { grid.put(Format.fit("too small for a chart", w), x: x, y: area.y + 1, style: theme.dimmed) }
            return
        }
        var canvas = DotCanvas(width: plotWidth, height: plotHeight, unicode: theme.unicode)
        func dotY(_ v: Double) -> Int { Int(((hi - v) / (hi - lo) * Double(canvas.dotsHigh - 1)).rounded()) }
        func row(_ v: Double) -> Int { Int(((hi - v) / (hi - lo) * Double(plotHeight - 1)).rounded()) }
        var previous: (x: Int, y: Int)?
        for p in points {
            guard let t = ISOTime.parse(p.t) else { continue }
            let dx = Int(Double(t - from) / Double(to - from) * Double(canvas.dotsWide - 1))
            canvas.run(x: dx, from: dotY(p.min), to: dotY(p.max))
            let y = dotY(p.mean)
            // A gap of more than one step is not joined.
            if let previous, dx - previous.x <= 2 { canvas.run(x: dx, from: previous.y, to: y) }
            canvas.set(x: dx, y: y)
            previous = (dx, y)
        }
        let limitRows = c.limits.map(row)
        for r in limitRows { canvas.rule(row: r, theme.unicode ? "─" : "-") }
        let top = area.y + 1
        for (i, line) in canvas.lines.enumerated() {
            grid.put(line, x: x + axis + 1, y: top + i, style: limitRows.contains(i) ? theme.warning : .plain)
        }
        // The scale: top, middle, bottom, and each limit where it falls.
        for (v, r) in [(hi, 0), ((hi + lo) / 2, (plotHeight - 1) / 2), (lo, plotHeight - 1)] {
            grid.put(Format.pad(Format.fit(Format.number(v), axis), axis), x: x, y: top + r, style: theme.dimmed)
        }
        for (v, r) in zip(c.limits, limitRows) {
            grid.put(Format.pad(Format.fit(Format.number(v), axis), axis), x: x, y: top + r, style: theme.warning)
        }
        // The time along the bottom, in the plant's time.
        func local(_ t: Timestamp) -> String {
            let clock = Format.clock(t, offsetSeconds: model.plant?.utcOffset(at: t) ?? 0)
            return c.spanSeconds >= 86_400 ? String(ISOTime.format(t).prefix(10).suffix(5)) + " " + clock.prefix(5) : String(clock.prefix(5))
        }
        let bottom = top + plotHeight
        guard bottom < area.maxY else { return }
        let left = local(from)
        let right = local(to)
        grid.put(left, x: x + axis + 1, y: bottom, style: theme.dimmed)
        grid.put(right, x: x + axis + 1 + plotWidth - CharWidth.of(right), y: bottom, style: theme.dimmed)
        let middle = local(from + (to - from) / 2)
        let mx = x + axis + 1 + (plotWidth - CharWidth.of(middle)) / 2
        if mx > x + axis + 1 + CharWidth.of(left) + 1 { grid.put(middle, x: mx, y: bottom, style: theme.dimmed) }
    }
}
