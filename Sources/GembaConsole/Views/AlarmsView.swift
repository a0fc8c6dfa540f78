import Foundation
import GembaCore

/// The Alarms screen: the operator's list (priority, state symbol and colour,
/// activation time, machine, message, age, state), a flood banner, and the
/// alarm-system KPIs underneath.
public enum AlarmsView {
    public static func render(_ model: ConsoleModel, now: Timestamp, theme: Theme, into grid: inout Grid, in area: Rect) {
        guard !area.isEmpty else { return }
        let x = area.x + 1
        let w = area.width - 2
        var y = area.y
        guard let board = model.alarms else {
            grid.put("Waiting for the alarm list" + theme.ellipsis, x: x, y: y + 1, style: theme.dimmed)
            return
        }
        let rows = AlarmList.rows(model)
        let k = board.kpis
        let offset = plantOffset(model, now: now)
        if k.flood {
            let since = k.floodSince.flatMap(ISOTime.parse).map { Format.clock($0, offsetSeconds: offset) } ?? "?"
            let text = " ALARM FLOOD since \(since): \(k.lastTenMinutes) in 10 min. Grouped by machine, first-out on top "
            grid.fill(
                Rect(x: area.x, y: y, width: area.width, height: 1),
                style: theme.color ? Style(fg: .white, bg: .red, bold: true) : Style(bold: true, reverse: true))
            grid.put(
                Format.fit(text, area.width, ellipsis: theme.ellipsis), x: area.x, y: y,
                style: theme.color ? Style(fg: .white, bg: .red, bold: true) : Style(bold: true, reverse: true))
        } else {
            let shown = rows.filter { $0.state.isAnnunciated }.count
            var title = "Alarms: \(shown) on the list"
            let hidden = rows.count - shown
            if hidden > 0 { title += ", \(hidden) shelved/suppressed/out of service" }
            title += "  " + theme.separator + "  sorted by \(model.alarmsScreen.sort.rawValue)"
            if !model.alarmsScreen.filter.isEmpty { title += "  " + theme.separator + "  filter \"\(model.alarmsScreen.filter)\"" }
            grid.put(Format.fit(title, w, ellipsis: theme.ellipsis), x: x, y: y, style: theme.title)
        }
        y += 1
        let kpiLines = area.height >= 14 ? 4 : 0
        let listBottom = area.maxY - kpiLines
        let showMachine = w >= 60
        let messageWidth = max(8, w - (2 + 5 + 9 + (showMachine ? 11 : 0) + 8 + 16))
        var header = "    " + Format.pad("PRI", 5) + Format.pad("TIME", 9)
        if showMachine { header += Format.pad("MACHINE", 11) }
        header += Format.pad("MESSAGE", messageWidth) + Format.pad("AGE", 8) + "STATE"
        grid.put(Format.fit(header, w), x: x, y: y, style: theme.dimmed)
        y += 1
        if rows.isEmpty {
            let text = model.alarmsScreen.filter.isEmpty ? "No alarms. The plant is quiet." : "No alarm matches \"\(model.alarmsScreen.filter)\"."
            grid.put(text, x: x, y: y + 1, style: theme.dimmed)
        }
        let list = Rect(x: x, y: y, width: w, height: max(0, listBottom - y))
        let firstShown = model.alarmsScreen.list.window(count: rows.count, height: list.height).lowerBound
        let shown = ListView.render(count: rows.count, state: model.alarmsScreen.list, theme: theme, into: &grid, in: list) { i in
            let a = rows[i]
            // In a flood the list is grouped by machine: the name heads its group only (and the
            // first row shown).
            let groupHead = !k.flood || i == firstShown || rows[i - 1].machine != a.machine
            let activated = a.activatedAt.flatMap(ISOTime.parse) ?? a.sinceNanos
            let ageFrom = a.state.isAnnunciated ? activated : a.sinceNanos
            var line =
                theme.alarmSymbol(a.state) + " " + Format.pad(theme.priorityWord(a.priority), 5)
                + Format.pad(Format.clock(activated, offsetSeconds: offset), 9)
            if showMachine { line += Format.pad(groupHead ? Format.fit(a.machine ?? "plant", 10, ellipsis: theme.ellipsis) : "  \"", 11) }
            var message = a.message
            if let d = a.detail {
                message += " (\(d))"
            } else if let v = a.value, a.condition.hasPrefix("reject rate") {
                message += " (" + Format.percent(v) + ")"
            } else if let v = a.value, a.condition.contains(">") || a.condition.contains("<") {
                message += " (\(Format.number(v)))"
            }
            if a.state == .shelved, let why = a.shelveReason { message += " — " + why }
            line += Format.pad(Format.fit(message, messageWidth - 1, ellipsis: theme.ellipsis), messageWidth)
            line +=
                Format.pad(Format.duration(now - ageFrom), 8)
                + (a.state == .latched ? (a.acknowledged ? "LATCHED ack" : "LATCHED unack") : a.state.label)
            return ListView.Row(line, style: theme.alarmRowStyle(a))
        }
        // The priority keeps its own colour on rows that are not inverted.
        for (line, i) in shown.enumerated() where i != model.alarmsScreen.list.selected {
            let a = rows[i]
            if !theme.alarmRowStyle(a).reverse && a.state.isAnnunciated {
                grid.put(theme.priorityWord(a.priority), x: x + 4, y: list.y + line, style: theme.priorityStyle(a.priority))
            }
        }
        guard kpiLines > 0 else { return }
        var ky = listBottom
        grid.fill(Rect(x: x, y: ky, width: w, height: 1))
        grid.put(String(repeating: theme.horizontal, count: w), x: x, y: ky, style: theme.dimmed)
        ky += 1
        let avg = Format.fixed(k.averagePerTenMinutes, 1)
        let floodText = k.flood ? "FLOOD" : "no flood"
        grid.put(
            Format.fit(
                "Alarm system (24 h): \(k.lastTenMinutes) in the last 10 min  \(theme.separator)  avg \(avg)/10 min  \(theme.separator)  \(floodText)  \(theme.separator)  stale: \(k.stale.isEmpty ? "none" : k.stale.joined(separator: ", "))",
                w, ellipsis: theme.ellipsis),
            x: x, y: ky, style: k.flood ? theme.warning : .plain)
        ky += 1
        let mix = AlarmPriority.allCases.map { "\(theme.priorityWord($0).lowercased()) \(k.priorities[$0.rawValue] ?? 0)" }.joined(separator: " · ")
        grid.put(
            Format.fit(
                "Priorities: \(mix)  \(theme.separator)  chattering: \(k.chattering.isEmpty ? "none" : k.chattering.joined(separator: ", "))", w,
                ellipsis: theme.ellipsis),
            x: x, y: ky, style: k.chattering.isEmpty ? .plain : theme.warning)
        ky += 1
        let top = k.topTen.map { "\($0.definition) \($0.count)" }.joined(separator: ", ")
        grid.put(Format.fit("Top ten: " + (top.isEmpty ? "none" : top), w, ellipsis: theme.ellipsis), x: x, y: ky)
    }

    static func plantOffset(_ model: ConsoleModel, now: Timestamp) -> Int {
        model.plant?.utcOffset(at: now) ?? 0
    }
}

extension Theme {
    /// The state glyph of an alarm row (reads without colour).
    public func alarmSymbol(_ s: AlarmState) -> String {
        guard unicode else { return s.symbol }
        switch s {
        case .unacknowledged: return "▲"
        case .acknowledged: return "△"
        case .returnedUnacknowledged: return "◇"
        case .latched: return "◆"
        case .shelved: return "◌"
        case .suppressed: return "·"
        case .outOfService: return "✕"
        case .normal: return " "
        }
    }
}
