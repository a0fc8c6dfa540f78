/// `?`: a box over the current screen listing every key of that screen, from
/// the same table the key handler uses. Long descriptions wrap inside the box (it fits 80
/// columns); when the keys outgrow the screen, ↑ ↓ PgUp PgDn scroll them.
public enum HelpOverlay {
    /// One line of the help: the keys (on the first line of a binding only) and text.
    struct Line: Equatable {
        var keys: String
        var text: String
    }

    /// What `q` says: in the demo, quitting ends the daemon and the simulator too.
    static func help(_ b: KeyBinding, demo: Bool) -> String {
        b.action == .quit && demo ? "End the demo (its daemon and simulator stop too)" : b.help
    }

    /// The help's lines for a box whose text column is `textWidth` cells wide.
    static func lines(_ screen: Screen, textWidth: Int, demo: Bool) -> [Line] {
        screen.bindings.flatMap { b -> [Line] in
            let wrapped = Format.wrap(help(b, demo: demo), max(8, textWidth))
            return wrapped.enumerated().map { Line(keys: $0.offset == 0 ? b.keyNames : "", text: $0.element) }
        }
    }

    /// How far the help can scroll on a screen of this size.
    public static func maximumScroll(_ screen: Screen, area: Rect, demo: Bool) -> Int {
        let layout = Self.layout(screen, area: area, demo: demo)
        return max(0, layout.lines.count - layout.rows)
    }

    static func layout(_ screen: Screen, area: Rect, demo: Bool) -> (box: Rect, keyWidth: Int, lines: [Line], rows: Int, gap: Int) {
        let bindings = screen.bindings
        let keyWidth = min(16, (bindings.map { CharWidth.of($0.keyNames) }.max() ?? 4) + 1)
        let longest = bindings.map { CharWidth.of(help($0, demo: demo)) }.max() ?? 10
        let w = min(area.width, keyWidth + longest + 6)
        let lines = Self.lines(screen, textWidth: w - keyWidth - 5, demo: demo)
        // A blank line under the title when there is room for it.
        let gap = lines.count + 4 <= area.height ? 1 : 0
        let h = min(area.height, lines.count + 3 + gap)
        let box = Rect(x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h)
        return (box, keyWidth, lines, max(0, h - 3 - gap), gap)
    }

    public static func render(_ screen: Screen, scroll: Int = 0, demo: Bool = false, theme: Theme, into grid: inout Grid, in area: Rect) {
        let (box, keyWidth, lines, rows, gap) = layout(screen, area: area, demo: demo)
        let w = box.width
        guard w >= 10, box.height >= 4 else { return }
        let style = theme.color ? Style(fg: .white, bg: .blue) : Style(reverse: true)
        grid.fill(box, style: style)
        grid.put(theme.topLeft + String(repeating: theme.horizontal, count: w - 2) + theme.topRight, x: box.x, y: box.y, style: style)
        grid.put(theme.bottomLeft + String(repeating: theme.horizontal, count: w - 2) + theme.bottomRight, x: box.x, y: box.maxY - 1, style: style)
        for y in (box.y + 1)..<(box.maxY - 1) {
            grid.put(theme.vertical, x: box.x, y: y, style: style)
            grid.put(theme.vertical, x: box.maxX - 1, y: y, style: style)
        }
        grid.put(" Keys: \(screen.title) ", x: box.x + 2, y: box.y, style: style.withBold)
        let top = max(0, min(scroll, lines.count - rows))
        for (i, line) in lines.dropFirst(top).prefix(rows).enumerated() {
            let y = box.y + 1 + gap + i
            grid.put(Format.pad(line.keys, keyWidth), x: box.x + 2, y: y, style: style.withBold, maxWidth: keyWidth)
            grid.put(Format.fit(line.text, w - keyWidth - 5), x: box.x + 3 + keyWidth, y: y, style: style)
        }
        let more = lines.count > rows
        let close = more ? " ↑↓ more, ? or Esc closes " : " ? or Esc closes "
        if CharWidth.of(close) + 4 < w {
            grid.put(close, x: box.maxX - CharWidth.of(close) - 2, y: box.maxY - 1, style: style)
        }
    }
}
