/// The line where a comment, a duration or a filter is typed, just above the footer.
public enum PromptView {
    public static func render(_ p: TextPrompt, theme: Theme, into grid: inout Grid, in r: Rect) {
        guard !r.isEmpty else { return }
        let style = theme.color ? Style(fg: .black, bg: .yellow) : Style(reverse: true)
        grid.fill(r, style: style)
        let hint = "  Enter ok, Esc cancel"
        // What is typed stays in view: the label gives way first (cut with an ellipsis), then
        // the start of a long text; the end of the text and the cursor always show.
        let field = p.text + "_"
        let width = r.width - 2
        let withHint = CharWidth.of(p.label) + 1 + CharWidth.of(field) + CharWidth.of(hint) <= width
        let room = max(0, width - (withHint ? CharWidth.of(hint) : 0))
        let fieldRoom = min(CharWidth.of(field), max(room / 2, room - CharWidth.of(p.label) - 1))
        let shownField = CharWidth.of(field) <= fieldRoom ? field : theme.ellipsis + String(field.suffix(max(0, fieldRoom - 1)))
        let labelRoom = max(0, room - CharWidth.of(shownField) - 1)
        let label = Format.fit(p.label, labelRoom, ellipsis: theme.ellipsis)
        let bold = Style(fg: style.fg, bg: style.bg, bold: true, reverse: style.reverse)
        var used = grid.put(" " + label + " ", x: r.x, y: r.y, style: bold)
        // An offered text (Enter takes it, a key replaces it) shows as a selection does.
        used += grid.put(
            shownField, x: r.x + used, y: r.y, style: p.offered ? Style(fg: style.fg, bg: style.bg, reverse: !style.reverse, underline: true) : bold)
        if withHint { grid.put(hint, x: r.x + used, y: r.y, style: style) }
    }
}
