/// The one list widget every list screen draws with (alarms, audit, orders, holds, queues,
/// trace): the rows that keep the selection in view, the selected row marked by a glyph
/// (`▸`, `>` in ASCII, readable without colour) and in reverse video, each row cut to the
/// width with an ellipsis. The screen gives the text and style of a row; the widget owns
/// the selection's look and the scrolling, from the list's `ListState`.
public enum ListView {
    /// One row as its screen words it.
    public struct Row {
        public var text: String
        public var style: Style
        public init(_ text: String, style: Style = .plain) {
            self.text = text
            self.style = style
        }
    }

    /// Draws `count` rows (built by `row`) into `area`, one per line; returns the rows shown.
    @discardableResult
    public static func render(
        count: Int, state: ListState, theme: Theme, into grid: inout Grid, in area: Rect, row: (Int) -> Row
    ) -> Range<Int> {
        guard !area.isEmpty, count > 0 else { return 0..<0 }
        let shown = state.window(count: count, height: area.height)
        for (line, i) in shown.enumerated() {
            let r = row(i)
            let selected = i == state.selected
            var style = r.style
            if selected {
                style.reverse.toggle()
                style.bold = true
            }
            let y = area.y + line
            grid.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: style)
            grid.put(Format.fit(theme.mark(selected) + r.text, area.width, ellipsis: theme.ellipsis), x: area.x, y: y, style: style)
        }
        return shown
    }
}
