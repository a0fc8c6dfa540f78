/// The bottom row: the keys that work on this screen, read from the screen's
/// binding table, so the footer cannot promise a key that does nothing.
public enum FooterView {
    public static func render(_ screen: Screen, notice: String?, theme: Theme, into grid: inout Grid, in r: Rect) {
        guard !r.isEmpty else { return }
        let y = r.maxY - 1
        grid.fill(Rect(x: r.x, y: y, width: r.width, height: 1), style: theme.footer)
        if let notice {
            grid.put(" " + Format.fit(notice, r.width - 2, ellipsis: theme.ellipsis), x: r.x, y: y, style: theme.color ? Style(fg: .white, bg: .red, bold: true) : Style(bold: true, reverse: true))
            return
        }
        var x = r.x + 1
        for b in screen.bindings {
            guard let label = b.footer else { continue }
            let keys = b.footerKeys ?? b.keys.first?.name ?? ""
            let needed = CharWidth.of(keys) + 1 + CharWidth.of(label) + 2
            if x + needed > r.maxX { break }
            x += grid.put(keys, x: x, y: y, style: theme.footerKey)
            x += grid.put(" " + label + "  ", x: x, y: y, style: theme.footer)
        }
    }
}
