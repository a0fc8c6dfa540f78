import GembaCore

/// One machine on the floor board, in four rows:
///
///     ▶ Press 01          ← symbol in the state's colour; the row red when down
///     RUNNING     12m03s  ← state word and time in state
///     jam       OEE 74.8% ← reason (or "no data" when offline); OEE of the shift so far
///     1,042 ok    3 rej   ← counts this shift
///
/// The selected tile is shown in reverse video below its banner, and with
/// markers at its edges, so it is clear on any terminal.
public enum MachineTile {
    public static func render(
        _ m: MachineStatus, selected: Bool, now: Timestamp, theme: Theme, into grid: inout Grid, at r: Rect
    ) {
        guard !r.isEmpty else { return }
        let w = r.width
        let banner = theme.stateBanner(m.state)
        grid.fill(Rect(x: r.x, y: r.y, width: w, height: 1), style: banner)
        let marker = selected ? (theme.unicode ? "▸" : ">") : " "
        grid.put(marker, x: r.x, y: r.y, style: banner)
        grid.put(theme.symbol(m.state), x: r.x + 1, y: r.y, style: theme.stateSymbol(m.state))
        grid.put(" " + Format.fit(m.name, w - 4, ellipsis: theme.ellipsis), x: r.x + 2, y: r.y, style: banner, maxWidth: w - 2)

        let body = Rect(x: r.x, y: r.y + 1, width: w, height: r.height - 1)
        let base: Style = selected ? theme.selection : .plain
        grid.fill(body, style: base)

        var stateStyle = theme.stateText(m.state)
        if selected { stateStyle.reverse = true }
        let age = Format.duration(now - m.sinceNanos)
        let label = theme.label(m.state)
        if r.height > 1 {
            grid.put(
                " " + Format.fit(label, max(1, w - CharWidth.of(age) - 3), ellipsis: theme.ellipsis), x: r.x, y: r.y + 1, style: stateStyle,
                maxWidth: w)
            grid.put(age, x: r.maxX - CharWidth.of(age) - 1, y: r.y + 1, style: base, maxWidth: w)
        }
        if r.height > 2 {
            let detail: String
            if m.state == .offline {
                detail = m.lastSeen == nil ? "never reported" : "no data"
            } else {
                detail = m.reason ?? ""
            }
            // OEE of the shift so far, at the right; the reason gives way to it.
            let oee = m.oee.map { "OEE " + Format.percent($0.oee) } ?? ""
            let room = w - 2 - (oee.isEmpty ? 0 : CharWidth.of(oee) + 2)
            grid.put(" " + Format.fit(detail, max(0, room), ellipsis: theme.ellipsis), x: r.x, y: r.y + 2, style: base, maxWidth: w)
            if !oee.isEmpty && CharWidth.of(oee) + 2 <= w {
                grid.put(oee, x: r.maxX - CharWidth.of(oee) - 1, y: r.y + 2, style: base)
            }
        }
        if r.height > 3 {
            let good = Format.count(m.shiftTotal - m.shiftReject)
            let reject = Format.count(m.shiftReject)
            let left = " \(good) ok"
            let right = "\(reject) rej "
            grid.put(left, x: r.x, y: r.y + 3, style: base, maxWidth: w)
            if CharWidth.of(left) + CharWidth.of(right) < w {
                var rs = base
                if m.shiftReject > 0 && theme.color && !selected { rs.fg = .red }
                grid.put(right, x: r.maxX - CharWidth.of(right), y: r.y + 3, style: rs)
            }
        }
        if selected && w > 2 {
            // Edge markers survive monochrome and colour-blind reading alike.
            grid.restyle(Rect(x: r.x, y: r.y, width: w, height: 1)) { $0.underline = true }
        }
    }
}
