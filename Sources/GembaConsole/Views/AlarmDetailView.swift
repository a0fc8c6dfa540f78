import GembaCore

/// The alarm detail: one alarm whole (its message, condition, value, state and what a
/// person can do next; a latched alarm says whether it was acknowledged) and every
/// transition of its life, newest first, with who, when and the comment in full.
public enum AlarmDetailView {
    public static func render(_ model: ConsoleModel, id: String, now: Timestamp, theme: Theme, into grid: inout Grid, in area: Rect) {
        guard !area.isEmpty else { return }
        let x = area.x + 1
        let w = area.width - 2
        var y = area.y
        guard let a = model.alarms?.alarms.first(where: { $0.definition == id }) ?? model.alarmsScreen.history?.alarm else {
            grid.put(Format.fit("Alarm \(id): asking the daemon…", w, ellipsis: theme.ellipsis), x: x, y: y, style: theme.dimmed)
            return
        }
        let offset = AlarmsView.plantOffset(model, now: now)
        // The clock, and the day when it is not today (with the year when not this year's).
        func when(_ t: Timestamp) -> String {
            let day = QueuesView.dayLabel(t, now: now, offset: offset)
            return Format.clock(t, offsetSeconds: offset) + (day == "today" ? "" : " " + day)
        }
        var head: [(String, Style)] = []
        head.append(("\(theme.alarmSymbol(a.state)) \(theme.priorityWord(a.priority))  \(a.definition)  \(a.message)", theme.title))
        head.append(
            ("State: " + stateText(a) + "  since " + when(a.sinceNanos) + " (" + Format.duration(now - a.sinceNanos) + ")", theme.alarmRowStyle(a)))
        var facts = "Condition: \(a.condition)"
        if let v = a.value { facts += "   value \(Format.number(v))" }
        if let d = a.detail { facts += "   \(d)" }
        facts += "   machine \(a.machine ?? "plant")   latching \(a.latching ? "yes" : "no")"
        head.append((facts, .plain))
        if let occ = a.id {
            var life = "Occurrence #\(occ)"
            if let at = a.activatedAt.flatMap(ISOTime.parse) { life += ", activated \(when(at))" }
            if a.state == .shelved {
                life += "; shelved by \(a.shelvedBy ?? "?")"
                if let until = a.shelvedUntil.flatMap(ISOTime.parse) { life += " until \(when(until))" }
                if let why = a.shelveReason { life += ": \(why)" }
            }
            head.append((life, .plain))
        }
        for (text, style) in head {
            for line in Format.wrap(text, w) where y < area.maxY {
                grid.put(line, x: x, y: y, style: style)
                y += 1
            }
        }
        guard y + 2 < area.maxY else { return }
        grid.put(String(repeating: theme.horizontal, count: w), x: x, y: y, style: theme.dimmed)
        y += 1
        guard let history = model.alarmsScreen.history, history.alarm.definition == id else {
            grid.put("transitions: asking the daemon…", x: x, y: y, style: theme.dimmed)
            return
        }
        grid.put(Format.fit("Transitions, newest first (\(history.transitions.count))", w, ellipsis: theme.ellipsis), x: x, y: y, style: theme.title)
        y += 1
        if history.transitions.isEmpty { grid.put("none yet", x: x, y: y, style: theme.dimmed) }
        for t in history.transitions.dropFirst(model.alarmsScreen.historyScroll) {
            guard y < area.maxY else { break }
            var line = Format.pad(when(t.atNanos), 20) + Format.pad("\(t.from.label) → \(t.to.label)", 22) + Format.pad(t.cause, 10)
            line += t.user ?? "-"
            if let v = t.value { line += "  value \(Format.number(v))" }
            grid.put(Format.fit(line, w, ellipsis: theme.ellipsis), x: x, y: y)
            y += 1
            // The comment in full, on lines of its own under the transition.
            if let c = t.comment, !c.isEmpty {
                for part in Format.wrap("\"\(c)\"", w - 4) where y < area.maxY {
                    grid.put(part, x: x + 4, y: y, style: theme.dimmed)
                    y += 1
                }
            }
        }
    }

    /// The state in words, and for a latched alarm whether it was acknowledged and what comes next.
    static func stateText(_ a: AlarmStatus) -> String {
        switch a.state {
        case .latched where a.acknowledged: return "LATCHED, acknowledged: waits for a reset (r)"
        case .latched: return "LATCHED, not acknowledged: acknowledge (a), then reset (r)"
        case .unacknowledged: return "UNACK: active, not acknowledged"
        case .acknowledged: return "ACKED: active, acknowledged"
        case .returnedUnacknowledged: return "RTN UNACK: cleared, not acknowledged"
        default: return a.state.label
        }
    }
}
