import Foundation
import GembaCore

/// The top row of every screen: plant, screen, shift and time left, plant clock,
/// connection and user. The most important items come first and survive a narrow terminal.
public enum HeaderView {
    public static func render(_ model: ConsoleModel, now: Timestamp, theme: Theme, into grid: inout Grid, in r: Rect) {
        guard !r.isEmpty else { return }
        grid.fill(Rect(x: r.x, y: r.y, width: r.width, height: 1), style: theme.header)
        let zone = model.plant.flatMap { TimeZone(identifier: $0.timezone) } ?? TimeZone(secondsFromGMT: 0)
        let offset = zone?.secondsFromGMT(for: Date(timeIntervalSince1970: Nanos.seconds(now))) ?? 0
        let clock = Format.clock(now, offsetSeconds: offset)
        let connection: String
        switch model.connection {
        case .connecting: connection = "connecting" + theme.ellipsis
        case .connected: connection = theme.bullet + " live"
        case .disconnected: connection = (theme.unicode ? "○" : "o") + " DISCONNECTED"
        }
        var left = " Gemba " + theme.separator + " " + (model.plant?.name ?? "") + " " + theme.separator + " " + model.screen.title
        if let s = model.shift {
            left += " " + theme.separator + " Shift \(s.name) " + Format.minutes(s.endNanos - now) + " left"
        } else if model.plant != nil {
            left += " " + theme.separator + " no shift"
        }
        let who = model.user.isEmpty ? "" : model.user + (model.roles.isEmpty ? "" : " (" + model.roles.joined(separator: ",") + ")") + " " + theme.separator + " "
        let right = connection + " " + theme.separator + " " + who + clock + " "
        let rw = CharWidth.of(right)
        // Unacknowledged alarms by priority, on every screen, just left of the connection;
        // when the row is short, one total instead.
        var badges: [(String, Style)] = []
        if let board = model.alarms {
            for p in AlarmPriority.allCases {
                let n = board.unacknowledged[p.rawValue] ?? 0
                if n > 0 {
                    let bg: TermColor = p <= .high ? .red : (p == .medium ? .yellow : .cyan)
                    badges.append((" \(n) \(theme.priorityWord(p)) ", theme.color ? Style(fg: p == .medium ? .black : .white, bg: bg, bold: true) : Style(bold: true)))
                }
            }
            if board.kpis.flood { badges.insert((" FLOOD ", theme.color ? Style(fg: .yellow, bg: .red, bold: true) : Style(bold: true, underline: true)), at: 0) }
            let mark = theme.unicode ? "▲" : "!"
            if !badges.isEmpty { badges.insert((mark + " ", theme.header), at: 0) }
            let width = badges.reduce(0) { $0 + CharWidth.of($1.0) }
            let total = board.unacknowledged.values.reduce(0, +)
            if width > 0 && r.width - rw - width - 1 < min(CharWidth.of(left), 48) {
                badges = total > 0 ? [(" \(mark)\(total) ", theme.color ? Style(fg: .white, bg: .red, bold: true) : Style(bold: true, reverse: true))] : []
                if board.kpis.flood { badges.insert((" FLOOD ", theme.color ? Style(fg: .yellow, bg: .red, bold: true) : Style(bold: true, underline: true)), at: 0) }
            }
        }
        let bw = badges.reduce(0) { $0 + CharWidth.of($1.0) }
        grid.put(Format.fit(left, max(0, r.width - rw - bw - 1), ellipsis: theme.ellipsis), x: r.x, y: r.y, style: theme.header)
        var rs = theme.header
        if case .disconnected = model.connection { rs = theme.color ? Style(fg: .white, bg: .red, bold: true) : Style(bold: true, reverse: true) }
        if rw <= r.width { grid.put(right, x: r.maxX - rw, y: r.y, style: rs) }
        var bx = r.maxX - rw - bw
        guard bx > r.x else { return }
        for (text, style) in badges { bx += grid.put(text, x: bx, y: r.y, style: style) }
    }
}
