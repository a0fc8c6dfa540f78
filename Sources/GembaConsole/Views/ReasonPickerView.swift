import GembaCore

/// The box in which an operator picks a downtime reason for a stop, then confirms.
public enum ReasonPickerView {
    public static func render(_ p: ReasonPicker, theme: Theme, into grid: inout Grid, in area: Rect) {
        let w = min(area.width - 2, 56)
        let h = min(area.height, p.options.count + 5)
        guard w >= 24, h >= 5 else { return }
        let box = Rect(x: area.x + (area.width - w) / 2, y: area.y + max(0, (area.height - h) / 2), width: w, height: h)
        let style = theme.color ? Style(fg: .black, bg: .yellow) : Style(reverse: true)
        grid.fill(box, style: style)
        let span = Format.clock(p.start) + "–" + (p.end.map { Format.clock($0) } ?? "now")
        grid.put(" Reason for \(p.machine) down \(span) UTC ", x: box.x + 1, y: box.y, style: style.withBold, maxWidth: w - 2)
        let visible = h - 4
        let top = max(0, min(p.selected - visible / 2, p.options.count - visible))
        for (k, r) in p.options.enumerated().dropFirst(top).prefix(visible) {
            var s = style
            if k == p.selected {
                s.reverse.toggle()
                s.bold = true
            }
            let marker = k == p.selected ? (theme.unicode ? "▸ " : "> ") : "  "
            grid.put(Format.pad(marker + r.code + "  " + r.description, w - 4), x: box.x + 2, y: box.y + 2 + k - top, style: s)
        }
        let prompt: String
        if p.confirming, let r = p.options[safe: p.selected] {
            prompt = "Book \"\(r.code)\"? y: yes   n/Esc: no"
        } else {
            prompt = "↑↓ choose   Enter   Esc cancel"
        }
        grid.put(Format.fit(prompt, w - 4), x: box.x + 2, y: box.maxY - 1, style: style.withBold)
    }
}
