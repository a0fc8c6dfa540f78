/// The line where a comment, a duration or a filter is typed, just above the footer.
public enum PromptView {
    public static func render(_ p: TextPrompt, theme: Theme, into grid: inout Grid, in r: Rect) {
        guard !r.isEmpty else { return }
        let style = theme.color ? Style(fg: .black, bg: .yellow) : Style(reverse: true)
        grid.fill(r, style: style)
        let hint = "  Enter ok, Esc cancel"
        let room = max(0, r.width - 2 - CharWidth.of(hint))
        let text = Format.fit(p.label + " " + p.text + "_", room, ellipsis: theme.ellipsis)
        let used = grid.put(" " + text, x: r.x, y: r.y, style: Style(fg: style.fg, bg: style.bg, bold: true, reverse: style.reverse))
        if used + CharWidth.of(hint) <= r.width { grid.put(hint, x: r.x + used, y: r.y, style: style) }
    }
}
