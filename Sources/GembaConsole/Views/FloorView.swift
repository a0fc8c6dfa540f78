import GembaCore

/// The floor board: every machine grouped by line, scrolled to keep the selection in view.
public enum FloorView {
    public static func layout(_ model: ConsoleModel, width: Int) -> FloorLayout {
        let lines: [(title: String, machines: [String])] = (model.plant?.lines ?? []).map { line in
            let counts = Dictionary(grouping: line.machines.compactMap { model.machines[$0]?.state }, by: { $0 })
            let running = counts[.running]?.count ?? 0
            let down = counts[.down]?.count ?? 0
            let title = "\(line.name) (\(line.id))  \(running)/\(line.machines.count) running" + (down > 0 ? ", \(down) down" : "")
            return (title, line.machines)
        }
        return FloorLayout(lines: lines, width: width)
    }

    /// The scroll offset that keeps the selected tile fully visible in `height` rows.
    public static func scroll(for model: ConsoleModel, layout: FloorLayout, height: Int) -> Int {
        var scroll = min(model.scroll, max(0, layout.totalRows - height))
        if let p = layout.placements.first(where: { $0.machine == model.selectedID }) {
            // Keep the line title in view with the first row of a line.
            let top = layout.titles.last(where: { $0.row < p.row })?.row ?? p.row
            let wantTop = p.row - top <= 1 ? top : p.row
            if wantTop < scroll { scroll = wantTop }
            if p.row + FloorLayout.tileHeight > scroll + height { scroll = p.row + FloorLayout.tileHeight - height }
        }
        return max(0, scroll)
    }

    public static func render(_ model: ConsoleModel, now: Timestamp, theme: Theme, into grid: inout Grid, in area: Rect) {
        guard !area.isEmpty else { return }
        guard model.plant != nil else {
            grid.put("Waiting for the daemon's floor snapshot" + theme.ellipsis, x: area.x + 1, y: area.y + 1, style: theme.dimmed)
            return
        }
        let layout = layout(model, width: area.width)
        let scroll = scroll(for: model, layout: layout, height: area.height)
        // The last digit of each tile's time in state, which ticks every second.
        grid.tabStops = (0..<layout.columns).map { area.x + $0 * layout.tileWidth + layout.tileWidth - 4 }
            .filter { $0 > 0 && $0 < grid.width }
        for t in layout.titles {
            let y = area.y + t.row - scroll
            guard y >= area.y, y < area.maxY else { continue }
            grid.put(Format.fit(t.text, area.width, ellipsis: theme.ellipsis), x: area.x, y: y, style: theme.title)
        }
        for (i, p) in layout.placements.enumerated() {
            guard let m = model.machines[p.machine] else { continue }
            let top = area.y + p.row - scroll
            // Clip tiles to the board area, row by row.
            let visibleTop = max(top, area.y)
            let visibleBottom = min(top + FloorLayout.tileHeight, area.maxY)
            guard visibleTop < visibleBottom else { continue }
            var tile = Grid(width: layout.tileWidth - 1, height: FloorLayout.tileHeight)
            MachineTile.render(m, selected: i == model.selected, now: now, theme: theme, into: &tile, at: tile.bounds)
            for y in visibleTop..<visibleBottom {
                for x in 0..<tile.width where area.x + p.column + x < area.maxX {
                    grid[area.x + p.column + x, y] = tile[x, y - top]
                }
            }
        }
        if layout.totalRows > area.height {
            let more = scroll + area.height < layout.totalRows
            let marker = (scroll > 0 ? (theme.unicode ? "▲" : "^") : " ") + (more ? (theme.unicode ? "▼" : "v") : " ")
            grid.put(marker, x: area.maxX - 2, y: area.y, style: theme.dimmed)
        }
    }
}
