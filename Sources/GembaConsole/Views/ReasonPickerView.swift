import GembaCore

/// The box in which an operator picks a downtime reason for a stop (or corrects one), then
/// confirms: what was typed filters, categories stand beside the reasons, `other` is last.
public enum ReasonPickerView {
    public static func render(_ p: ReasonPicker, theme: Theme, into grid: inout Grid, in area: Rect) {
        let options = p.visible
        let w = min(area.width - 2, 64)
        let h = min(area.height, options.count + 6)
        guard w >= 24, h >= 6 else { return }
        let box = Rect(x: area.x + (area.width - w) / 2, y: area.y + max(0, (area.height - h) / 2), width: w, height: h)
        let style = theme.color ? Style(fg: .black, bg: .yellow) : Style(reverse: true)
        grid.fill(box, style: style)
        let span = Format.clock(p.start) + "–" + (p.end.map { Format.clock($0) } ?? "now")
        let title = p.current.map { " Correct \(p.machine) down \(span) UTC (was \($0)) " } ?? " Reason for \(p.machine) down \(span) UTC "
        grid.put(Format.fit(title, w - 2, ellipsis: theme.ellipsis), x: box.x + 1, y: box.y, style: style.withBold)
        grid.put(Format.fit("type or scan: " + p.filter + (p.confirming ? "" : "_"), w - 4), x: box.x + 2, y: box.y + 1, style: style)
        let visible = h - 5
        let top = max(0, min(p.selected - visible / 2, options.count - visible))
        let categoryWidth = min(16, (options.compactMap(\.category).map(CharWidth.of).max() ?? -3) + 3)
        for (k, r) in options.enumerated().dropFirst(top).prefix(visible) {
            var s = style
            if k == p.selected {
                s.reverse.toggle()
                s.bold = true
            }
            let marker = theme.mark(k == p.selected)
            let text = marker + r.code + "  " + r.description
            let room = w - 4 - categoryWidth
            let y = box.y + 3 + k - top
            grid.put(Format.pad(Format.fit(text, room, ellipsis: theme.ellipsis), room), x: box.x + 2, y: y, style: s)
            grid.put(Format.pad(r.category.map { "[\($0)]" } ?? "", categoryWidth), x: box.x + 2 + room, y: y, style: s)
        }
        let prompt: String
        if p.confirming, let r = options[safe: p.selected] {
            prompt = r.code == ReasonPicker.other.code ? "Book \"other\" and say what? y: yes   n: no" : "Book \"\(r.code)\"? y: yes   n: no"
        } else {
            prompt = "↑↓ choose   Enter   Esc " + (p.filter.isEmpty ? "cancel" : "clear")
        }
        grid.put(Format.fit(prompt, w - 4), x: box.x + 2, y: box.maxY - 1, style: style.withBold)
    }
}
