import GembaCore

/// The bottom row: the keys that work on this screen, read from the screen's
/// binding table, so the footer cannot promise a key that does nothing.
public enum FooterView {
    /// `allowed` tells which permissions the person holds: keys for the others are greyed out.
    public static func render(
        _ screen: Screen, notice: [String] = [], theme: Theme, into grid: inout Grid, in r: Rect, allowed: (Permission) -> Bool = { _ in true }
    ) {
        guard !r.isEmpty else { return }
        let y = r.maxY - 1
        if !notice.isEmpty {
            // The notice's lines (already wrapped to the width) fill the rectangle from its top.
            let style = theme.color ? Style(fg: .white, bg: .red, bold: true) : Style(bold: true, reverse: true)
            grid.fill(r, style: style)
            for (i, line) in notice.prefix(r.height).enumerated() {
                grid.put(" " + Format.fit(line, r.width - 2, ellipsis: theme.ellipsis), x: r.x, y: r.y + i, style: style)
            }
            return
        }
        grid.fill(Rect(x: r.x, y: y, width: r.width, height: 1), style: theme.footer)
        var x = r.x + 1
        func width(_ b: KeyBinding) -> Int {
            guard let label = b.footer else { return 0 }
            return CharWidth.of(b.footerKeys ?? b.keys.first?.name ?? "") + 1 + CharWidth.of(label) + 2
        }
        // Help and quit always show: the screen's own keys give way first, from the end.
        let essential: Set<ConsoleAction> = [.toggleHelp, .quit]
        var room = r.maxX - x - screen.bindings.filter { essential.contains($0.action) }.reduce(0) { $0 + width($1) }
        var shown: [KeyBinding] = []
        for b in screen.bindings where b.footer != nil {
            if essential.contains(b.action) {
                shown.append(b)
            } else if width(b) <= room {
                shown.append(b)
                room -= width(b)
            } else {
                room = 0
            }
        }
        for b in shown {
            guard let label = b.footer else { continue }
            let keys = b.footerKeys ?? b.keys.first?.name ?? ""
            let enabled = b.requires.map(allowed) ?? true
            var keyStyle = theme.footerKey
            var labelStyle = theme.footer
            if !enabled {
                keyStyle = theme.color ? Style(fg: .blue, bg: .cyan) : Style(reverse: true, dim: true)
                labelStyle = keyStyle
            }
            x += grid.put(keys, x: x, y: y, style: keyStyle)
            x += grid.put(" " + label + "  ", x: x, y: y, style: labelStyle)
        }
    }
}
