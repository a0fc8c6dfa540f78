/// The line where a comment, a duration or a filter is typed, just above the footer.
public enum PromptView {
    public static func render(_ p: TextPrompt, theme: Theme, into grid: inout Grid, in r: Rect) {
        guard !r.isEmpty else { return }
        let style = theme.color ? Style(fg: .black, bg: .yellow) : Style(reverse: true)
        grid.fill(r, style: style)
        let hint = "  Enter ok, Esc cancel"
        // What is typed stays in view: the label gives way first (cut with an ellipsis), then
        // the part of a long text away from the cursor; the cursor always shows, and the end of
        // the text whenever the cursor is there.
        let chars = Array(p.text) + [" "]
        let cursor = max(0, min(p.cursor, chars.count - 1))
        let fieldWidth = CharWidth.of(String(chars))
        let width = r.width - 2
        let withHint = CharWidth.of(p.label) + 1 + fieldWidth + CharWidth.of(hint) <= width
        let room = max(0, width - (withHint ? CharWidth.of(hint) : 0))
        let fieldRoom = min(fieldWidth, max(room / 2, room - CharWidth.of(p.label) - 1))
        let window = visibleWindow(chars, cursor: cursor, room: fieldRoom)
        let labelRoom = max(0, room - fieldRoom - 1)
        let label = Format.fit(p.label, labelRoom, ellipsis: theme.ellipsis)
        let bold = Style(fg: style.fg, bg: style.bg, bold: true, reverse: style.reverse)
        var x = r.x + grid.put(" " + label + " ", x: r.x, y: r.y, style: bold)
        // An offered text (Enter takes it, a key replaces it) shows as a selection does.
        let fieldStyle = p.offered ? Style(fg: style.fg, bg: style.bg, reverse: !style.reverse, underline: true) : bold
        let cursorStyle = Style(fg: style.fg, bg: style.bg, bold: true, reverse: !style.reverse)
        if window.lowerBound > 0 { x += grid.put(theme.ellipsis, x: x, y: r.y, style: fieldStyle) }
        for i in window {
            if i == cursor { grid.cursor = (x, r.y) }
            x += grid.put(String(chars[i]), x: x, y: r.y, style: i == cursor ? cursorStyle : fieldStyle)
        }
        if window.upperBound < chars.count { x += grid.put(theme.ellipsis, x: x, y: r.y, style: fieldStyle) }
        if withHint { grid.put(hint, x: x, y: r.y, style: style) }
    }

    /// The characters shown in `room` cells: all when they fit; else a run that holds the
    /// cursor and reaches as far right as it can (the end, while the cursor is there), one
    /// cell kept on each cut side for the ellipsis.
    static func visibleWindow(_ chars: [Character], cursor: Int, room: Int) -> Range<Int> {
        let widths = chars.map { CharWidth.of($0) }
        if widths.reduce(0, +) <= room { return 0..<chars.count }
        let inner = max(1, room - 2)
        // From the end leftwards; when the cursor is left of that run, from the cursor rightwards.
        var lower = chars.count
        var used = 0
        while lower > 0, used + widths[lower - 1] <= inner {
            lower -= 1
            used += widths[lower]
        }
        if cursor >= lower { return lower..<chars.count }
        var upper = cursor
        used = 0
        while upper < chars.count, used + widths[upper] <= inner {
            used += widths[upper]
            upper += 1
        }
        return cursor..<max(upper, cursor + 1)
    }
}
