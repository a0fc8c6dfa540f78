import GembaCore

/// The Handover screen: a shift's notes, each with its time (plant time), author and text kept
/// line for line, what it names, and who of the next shift confirmed reading them. `c`
/// confirms, `n` writes a note, `l` switches between the last shift's notes and this one's.
enum HandoverView {
    static func render(_ model: ConsoleModel, theme: Theme, into grid: inout Grid, in area: Rect) {
        guard !area.isEmpty else { return }
        let x = area.x + 1
        let w = max(1, area.width - 2)
        let which = model.handoverScreen.previous ? "the last shift" : "this shift"
        guard let board = model.handoverScreen.board else {
            grid.put(Format.fit("reading the notes of \(which)…", w), x: x, y: area.y, style: theme.dimmed)
            return
        }
        func local(_ t: String) -> String {
            guard let ts = ISOTime.parse(t) else { return t }
            return String(Format.clock(ts, offsetSeconds: model.plant?.utcOffset(at: ts) ?? 0).prefix(5))
        }
        let title = "Notes of shift \(board.shift), \(board.date)" + (board.running ? " (running)" : "") + " — \(board.notes.count) note(s)"
        grid.put(Format.fit(title, w, ellipsis: theme.ellipsis), x: x, y: area.y, style: theme.title)
        let read =
            board.readBy.isEmpty
            ? (board.notes.isEmpty || board.running ? "" : "not yet confirmed read — c confirms")
            : "read by " + board.readBy.map { "\($0.user) \(local($0.at))" }.joined(separator: ", ")
        if area.height > 1 {
            grid.put(
                Format.fit(read, w, ellipsis: theme.ellipsis), x: x, y: area.y + 1,
                style: board.readBy.isEmpty && !board.notes.isEmpty ? theme.warning : theme.dimmed)
        }
        guard !board.notes.isEmpty else {
            let none =
                board.running
                ? "No notes yet for the next shift: n writes one (several lines; an empty line keeps it)."
                : "Shift \(board.shift) left no notes. l shows this shift's."
            if area.height > 3 { grid.put(Format.fit(none, w), x: x, y: area.y + 3, style: theme.dimmed) }
            return
        }
        // The notes as lines, from the selected note on.
        let selected = min(model.handoverScreen.list.selected, board.notes.count - 1)
        var lines: [(String, Style)] = []
        for (i, n) in board.notes.enumerated() where i >= selected {
            lines.append((theme.mark(i == selected) + "\(local(n.at))  \(n.user)", Style(bold: true)))
            for paragraph in n.text.split(separator: "\n", omittingEmptySubsequences: false) {
                for line in Format.wrap(String(paragraph), max(1, w - 4)) { lines.append(("    " + line, .plain)) }
            }
            if !n.mentions.isEmpty { lines.append(("    names " + n.mentions.joined(separator: ", "), theme.dimmed)) }
            lines.append(("", .plain))
        }
        for (k, (text, style)) in lines.prefix(max(0, area.height - 3)).enumerated() {
            grid.put(Format.fit(text, w, ellipsis: theme.ellipsis), x: x, y: area.y + 3 + k, style: style)
        }
    }
}
