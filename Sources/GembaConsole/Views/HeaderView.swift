import Foundation
import GembaCore

/// The top row of every screen: plant, screen, shift and time left, plant clock,
/// connection and user. The most important items come first and survive a narrow terminal.
public enum HeaderView {
    public static func render(_ model: ConsoleModel, now: Timestamp, theme: Theme, into grid: inout Grid, in r: Rect) {
        guard !r.isEmpty else { return }
        grid.fill(Rect(x: r.x, y: r.y, width: r.width, height: 1), style: theme.header)
        let offset = model.plant?.utcOffset(at: now) ?? 0
        let clock = Format.clock(now, offsetSeconds: offset)
        let connection: String
        switch model.connection {
        case .connecting: connection = "connecting" + theme.ellipsis
        case .connected where model.telemetry.backfilling: connection = (theme.unicode ? "◐" : "~") + " backfilling"
        case .connected: connection = theme.bullet + " live"
        case .disconnected: connection = (theme.unicode ? "○" : "o") + " DISCONNECTED"
        }
        var left = " Gemba " + theme.separator + " " + (model.plant?.name ?? "") + " " + theme.separator + " " + model.screen.title
        if let s = model.shift {
            left += " " + theme.separator + " Shift \(s.name) " + Format.minutes(s.endNanos - now) + " left"
        } else if model.plant != nil {
            left += " " + theme.separator + " no shift"
        }
        func right(withRole: Bool) -> String {
            let role = withRole && !model.roles.isEmpty ? " (" + model.roles.joined(separator: ",") + ")" : ""
            let who = model.user.isEmpty ? "" : model.user + role + " " + theme.separator + " "
            return connection + " " + theme.separator + " " + who + clock + " "
        }
        // Unacknowledged alarms by priority, on every screen, just left of the connection.
        var full: [(String, Style)] = []
        var compact: [(String, Style)] = []
        if let board = model.alarms {
            let mark = theme.unicode ? "▲" : "!"
            for p in AlarmPriority.allCases {
                let n = board.unacknowledged[p.rawValue] ?? 0
                if n > 0 {
                    let bg: TermColor = p <= .high ? .red : (p == .medium ? .yellow : .cyan)
                    full.append(
                        (
                            " \(n) \(theme.priorityWord(p)) ",
                            theme.color ? Style(fg: p == .medium ? .black : .white, bg: bg, bold: true) : Style(bold: true)
                        ))
                }
            }
            let total = board.unacknowledged.values.reduce(0, +)
            if !full.isEmpty {
                full.insert((mark + " ", theme.header), at: 0)
                compact = [(" \(mark)\(total) ", theme.color ? Style(fg: .white, bg: .red, bold: true) : Style(bold: true, reverse: true))]
            }
            if board.kpis.flood {
                let flood = (" FLOOD ", theme.color ? Style(fg: .yellow, bg: .red, bold: true) : Style(bold: true, underline: true))
                full.insert(flood, at: 0)
                compact.insert(flood, at: 0)
            }
        }
        // The most that fits without cutting the left part: all counts and the role, then one
        // total, then no role; on a very narrow row the left part gives way.
        func width(_ b: [(String, Style)]) -> Int { b.reduce(0) { $0 + CharWidth.of($1.0) } }
        let lw = CharWidth.of(left)
        let choices = [(full, true), (compact, true), (compact, false)]
        let (badges, withRole) = choices.first { lw + width($0.0) + CharWidth.of(right(withRole: $0.1)) + 1 <= r.width } ?? (compact, false)
        let rightText = right(withRole: withRole)
        let rw = CharWidth.of(rightText)
        let bw = width(badges)
        grid.put(Format.fit(left, max(0, r.width - rw - bw - 1), ellipsis: theme.ellipsis), x: r.x, y: r.y, style: theme.header)
        var rs = theme.header
        if case .disconnected = model.connection { rs = theme.color ? Style(fg: .white, bg: .red, bold: true) : Style(bold: true, reverse: true) }
        if rw <= r.width { grid.put(rightText, x: r.maxX - rw, y: r.y, style: rs) }
        var bx = r.maxX - rw - bw
        guard bx > r.x else { return }
        for (text, style) in badges { bx += grid.put(text, x: bx, y: r.y, style: style) }
    }
}
