import GembaCore

/// The Maintenance screen: every plan with its machine, state (overdue first in the alarm
/// colour, due in the warning colour), how much of its interval is used as a bar and in
/// words, what is left, and who did it last. `d` records the selected plan done.
enum MaintenanceView {
    static func render(_ model: ConsoleModel, theme: Theme, into grid: inout Grid, in area: Rect) {
        guard !area.isEmpty else { return }
        let x = area.x + 1
        let w = area.width - 2
        guard let board = model.maintenanceScreen.board else {
            grid.put(Format.fit("reading the maintenance plans…", w), x: x, y: area.y, style: theme.dimmed)
            return
        }
        guard !board.plans.isEmpty else {
            grid.put(
                Format.fit("No maintenance plans: maintenance: under a machine in the plant file lists them (docs/maintenance.md).", w),
                x: x, y: area.y, style: theme.dimmed)
            return
        }
        let overdue = board.plans.filter { $0.state == .overdue }.count
        let due = board.plans.filter { $0.state == .due }.count
        grid.put(
            Format.fit("\(board.plans.count) plans: \(overdue) overdue, \(due) due", w), x: x, y: area.y,
            style: overdue > 0 ? theme.warning : due > 0 ? Style(bold: true) : theme.title)
        // Columns: machine, plan, state, (a bar on wide terminals), left; the name takes the rest.
        // Each column as wide as its longest entry (ids up to 20), so that realistic ids are told
        // apart and what is left is never cut into another number.
        let bar = w >= 96 ? 10 : 0
        func width(_ texts: [String], _ header: String, cap: Int) -> Int { min(cap, ([header] + texts).map(CharWidth.of).max() ?? 0) + 1 }
        let mw = width(board.plans.map(\.machine), "machine", cap: 20)
        let pw = width(board.plans.map(\.plan), "plan", cap: 20)
        let lw = width(board.plans.map(\.remaining), "left", cap: 32)
        func columns(_ machine: String, _ plan: String, _ state: String, _ used: String, _ left: String, _ name: String) -> String {
            Format.pad(machine, mw) + Format.pad(plan, pw) + Format.pad(state, 8) + Format.pad(left, lw) + (bar > 0 ? Format.pad(used, bar + 3) : "")
                + name
        }
        grid.put(
            Format.fit("  " + columns("machine", "plan", "state", "used", "left", "name"), w), x: x, y: area.y + 1, style: theme.title)
        let rows = max(1, area.height - 3)
        let selected = min(model.maintenanceScreen.list.selected, board.plans.count - 1)
        let first = max(0, min(selected - rows + 1, board.plans.count - rows))
        for (i, p) in board.plans.enumerated().dropFirst(first).prefix(rows) {
            let text =
                theme.mark(i == selected)
                + columns(p.machine, p.plan, p.state.rawValue.uppercased(), meter(p.progress, width: bar, theme: theme), p.remaining, p.name)
            let style: Style =
                i == selected ? Style(reverse: true) : p.state == .overdue ? theme.warning : p.state == .due ? Style(bold: true) : .plain
            grid.put(Format.fit(text, w, ellipsis: theme.ellipsis), x: x, y: area.y + 2 + i - first, style: style)
        }
        if let p = board.plans[safe: selected], area.height >= 4 {
            let last = p.doneBy.map { "last done \(p.since) by \($0)" + (p.comment.map { ": \($0)" } ?? "") } ?? "counting since \(p.since)"
            grid.put(
                Format.fit("\(p.machine) \(p.plan): \(p.usage); \(last)", w, ellipsis: theme.ellipsis), x: x, y: area.maxY - 1, style: theme.dimmed)
        }
    }

    /// A bar of the share used: full at the interval, marked past it.
    static func meter(_ progress: Double, width: Int, theme: Theme) -> String {
        let filled = Int((min(1, max(0, progress)) * Double(width)).rounded())
        let full = theme.unicode ? "█" : "#"
        let empty = theme.unicode ? "░" : "."
        return String(repeating: full, count: filled) + String(repeating: empty, count: width - filled) + (progress > 1 ? "!" : "")
    }
}
