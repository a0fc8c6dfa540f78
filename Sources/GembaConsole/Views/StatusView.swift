import GembaCore

/// Ingest counters, the last rejected lines with their place and reason, and the consoles attached.
public enum StatusView {
    public static func render(_ model: ConsoleModel, now: Timestamp, theme: Theme, into grid: inout Grid, in area: Rect) {
        guard !area.isEmpty else { return }
        let x = area.x + 1
        let w = area.width - 2
        var y = area.y
        if let d = model.daemon {
            // The daemon: what runs, since when, where its data and sockets are.
            let up = Format.duration(max(0, now - d.startedAtNanos))
            let size = d.database.bytes.map { Self.bytes($0) } ?? "size unknown"
            let lines = [
                ("Daemon", "\(d.version), up \(up) (since \(d.startedAt))"),
                ("Database", "\(d.database.path) (\(size))"),
                ("Runtime directory", d.runtimeDir),
            ]
            for (name, value) in lines where y < area.maxY {
                let used = grid.put(name + ": ", x: x, y: y, style: theme.title)
                grid.put(Format.fit(value, w - used, ellipsis: theme.ellipsis), x: x + used, y: y)
                y += 1
            }
            y += 1
        }
        if let m = model.mqtt, y < area.maxY {
            let used = grid.put("MQTT: ", x: x, y: y, style: theme.title)
            grid.put(Format.fit(m.link, w - used, ellipsis: theme.ellipsis), x: x + used, y: y, style: m.connected ? .plain : theme.warning)
            y += 1
            // The reason gets a line of its own: on 80 columns it would be cut off behind the address.
            if let trouble = m.trouble, y < area.maxY {
                grid.put(Format.fit(trouble, w - used, ellipsis: theme.ellipsis), x: x + used, y: y, style: theme.warning)
                y += 1
            }
            if y < area.maxY { grid.put(Format.fit(m.counts, w - used, ellipsis: theme.ellipsis), x: x + used, y: y) }
            y += 1
            if let p = m.publish, y < area.maxY {
                let style = p.connected && p.dropped == 0 ? Style.plain : theme.warning
                grid.put(Format.fit(p.text, w - used, ellipsis: theme.ellipsis), x: x + used, y: y, style: style)
                y += 1
            }
            y += 1
        }
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

    /// A size in bytes as people read it: 812 KB, 35.2 MB, 1.4 GB.
    static func bytes(_ n: Int64) -> String {
        let v = Double(n)
        if v < 1024 { return "\(n) B" }
        if v < 1024 * 1024 { return String(Int((v / 1024).rounded())) + " KB" }
        if v < 1024 * 1024 * 1024 { return Format.number((v / 1_048_576 * 10).rounded() / 10) + " MB" }
        return Format.number((v / 1_073_741_824 * 10).rounded() / 10) + " GB"
    }
}
