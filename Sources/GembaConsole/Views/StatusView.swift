import GembaCore

/// Ingest counters, the last rejected lines with their place and reason, and the consoles attached.
public enum StatusView {
    public static func render(_ model: ConsoleModel, theme: Theme, into grid: inout Grid, in area: Rect) {
        guard !area.isEmpty else { return }
        let x = area.x + 1
        let w = area.width - 2
        var y = area.y
        let t = model.telemetry
        grid.put("Telemetry", x: x, y: y, style: theme.title)
        y += 1
        let counts =
            "received \(Format.count(t.received))   accepted \(Format.count(t.accepted))   rejected \(Format.count(t.rejected))   ignored \(Format.count(t.ignored))   connections \(t.connections)"
        grid.put(Format.fit(counts, w), x: x, y: y)
        y += 2
        guard y < area.maxY else { return }
        grid.put("Recent errors" + (t.errors.isEmpty ? ": none" : ""), x: x, y: y, style: theme.title)
        y += 1
        let reserved = model.consoles.count + 3
        let room = max(1, area.maxY - y - reserved)
        for e in t.errors.suffix(room).reversed() {
            guard y < area.maxY else { return }
            let time = e.at.count >= 19 ? String(e.at.dropFirst(11).prefix(8)) : e.at
            grid.put(Format.fit("\(time) \(e.connection) line \(e.line) col \(e.column): \(e.reason)", w), x: x, y: y, style: theme.warning)
            y += 1
        }
        y += 1
        guard y < area.maxY else { return }
        grid.put("Consoles (\(model.consoles.count))", x: x, y: y, style: theme.title)
        y += 1
        for c in model.consoles where y < area.maxY {
            grid.put(Format.fit("\(c.user) (uid \(c.uid), pid \(c.pid)) since \(c.connected)", w), x: x, y: y)
            y += 1
        }
    }
}
