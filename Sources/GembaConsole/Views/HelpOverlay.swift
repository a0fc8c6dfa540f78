/// `?`: a box over the current screen listing every key of that screen, from
/// the same table the key handler uses.
public enum HelpOverlay {
    public static func render(_ screen: Screen, theme: Theme, into grid: inout Grid, in area: Rect) {
        let bindings = screen.bindings
        let keyWidth = min(16, (bindings.map { $0.keyNames.count }.max() ?? 4) + 1)
        let textWidth = bindings.map { CharWidth.of($0.help) }.max() ?? 10
        let w = min(area.width, keyWidth + textWidth + 6)
        // A blank line under the title when there is room for it.
        let gap = bindings.count + 4 <= area.height ? 1 : 0
        let h = min(area.height, bindings.count + 3 + gap)
        guard w >= 10, h >= 4 else { return }
        let box = Rect(x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h)
        let style = theme.color ? Style(fg: .white, bg: .blue) : Style(reverse: true)
        grid.fill(box, style: style)
        grid.put(theme.topLeft + String(repeating: theme.horizontal, count: w - 2) + theme.topRight, x: box.x, y: box.y, style: style)
        grid.put(theme.bottomLeft + String(repeating: theme.horizontal, count: w - 2) + theme.bottomRight, x: box.x, y: box.maxY - 1, style: style)
        for y in (box.y + 1)..<(box.maxY - 1) {
            grid.put(theme.vertical, x: box.x, y: y, style: style)
            grid.put(theme.vertical, x: box.maxX - 1, y: y, style: style)
        }
        grid.put(" Keys: \(screen.title) ", x: box.x + 2, y: box.y, style: style.withBold)
        for (i, b) in bindings.enumerated() where box.y + 1 + gap + i < box.maxY - 1 {
            let y = box.y + 1 + gap + i
            grid.put(Format.pad(b.keyNames, keyWidth), x: box.x + 2, y: y, style: style.withBold)
            grid.put(Format.fit(b.help, w - keyWidth - 5), x: box.x + 3 + keyWidth, y: y, style: style)
        }
        let close = " ? or Esc closes "
        if CharWidth.of(close) + 4 < w {
            grid.put(close, x: box.maxX - CharWidth.of(close) - 2, y: box.maxY - 1, style: style)
        }
    }
}
