import Foundation
import GembaCore

/// What the daemon sends changes the model: snapshots, deltas and replies.
extension ConsoleApp {
    public mutating func connected(_ hello: ServerHello) {
        model.roles = hello.roles ?? []
        model.permissions = hello.permissions.map(Set.init)
        model.user = hello.user
        model.server = hello.server
        model.notice = nil
    }

    public mutating func received(_ snapshot: FloorSnapshot) {
        model.apply(snapshot)
        model.followSelections()
    }
    public mutating func received(_ delta: FloorDelta) {
        let before = model.seenOccurrences
        model.apply(delta)
        model.followSelections()
        if bell, delta.alarms != nil, model.seenOccurrences.count > before.count, !before.isEmpty || model.alarms != nil {
            bellPending = true
        }
    }
    public mutating func received(_ result: AlarmActionResult) {
        let a = result.alarm
        let done: String
        switch a.state {
        case .shelved:
            let until = a.shelvedUntil.flatMap(ISOTime.parse).map { Format.clock($0, offsetSeconds: AlarmsView.plantOffset(model, now: $0)) }
            done = "shelved" + (until.map { " until \($0)" } ?? " until it clears")
        case .acknowledged: done = "acknowledged"
        default: done = "now " + a.state.label.lowercased()
        }
        model.notice = "\(a.definition) \(done) (audit record \(result.audit))"
        if let board = model.alarms, let k = board.alarms.firstIndex(where: { $0.definition == a.definition }) {
            var b = board
            b.alarms[k] = a
            model.apply(alarms: AlarmBoard(alarms: b.alarms, kpis: b.kpis))
        }
    }
    /// The machine's counts since the operation started: the finish prompt opens with them.
    public mutating func received(_ counted: CountedQuantity, order: String, index: Int) {
        let text = counted.good.map { "\($0) \(counted.scrap ?? 0)" } ?? ""
        model.prompt = TextPrompt(
            .finish(order: order, index: index, quantity: counted.quantity),
            label: "Finish \(order)/\(index + 1) on \(counted.machine): good scrap" + (counted.good == nil ? "" : " (counted)"), text: text,
            offered: true)
    }
    /// The alarm detail's alarm and transitions, when that detail is still shown.
    public mutating func received(_ history: AlarmHistory) {
        guard model.screen == .alarmDetail(history.alarm.definition) else { return }
        model.alarmsScreen.history = history
        model.alarmsScreen.historyScroll = min(model.alarmsScreen.historyScroll, max(0, history.transitions.count - 1))
    }

    /// The alarm the detail screen shows, as the latest alarm board has it.
    var detailAlarm: AlarmStatus? {
        guard case .alarmDetail(let id) = model.screen else { return nil }
        return model.alarms?.alarms.first { $0.definition == id }
    }

    public mutating func received(_ result: OrderChangeResult) {
        let what = model.pendingChange ?? "\(result.orders.joined(separator: ", ")): done"
        model.notice = "\(what) (audit record \(result.audit))"
        model.pendingChange = nil
    }
    public mutating func received(_ holds: [Hold]) {
        model.holdsScreen.holds = holds
        model.followSelection(.holds)
    }
    public mutating func received(_ trace: Trace) {
        model.traceScreen.trace = trace
        model.traceScreen.forward = trace.direction == "forward"
        model.traceScreen.collapsed = []
        model.traceScreen.list.selected = 0
        model.anchorSelection(.trace)
    }
    public mutating func received(_ hold: Hold) {
        if hold.status == "released" {
            model.notice = "hold #\(hold.id) released: \(hold.disposition ?? "") (\(hold.lots.count) lot(s))"
        } else {
            model.notice =
                "hold #\(hold.id): \(hold.lots.count) lot(s) held"
                + (hold.shipped.isEmpty ? "" : "; already shipped: " + hold.shipped.map { "\($0.lot) → \($0.customerOrder)" }.joined(separator: ", "))
        }
    }
    public mutating func received(_ orders: [OrderStatus]) {
        model.ordersScreen.orders = orders
        model.followSelection(.orders)
    }
    public mutating func received(_ list: AuditList) {
        model.auditScreen.records = list.records
        model.followSelection(.audit)
    }
    /// The maintenance plans, for the Maintenance screen.
    public mutating func received(_ board: MaintenanceBoard) {
        // Overdue first, then due, each the furthest gone first: what to do next is on top.
        var sorted = board
        let rank: [MaintenanceStatus.State: Int] = [.overdue: 0, .due: 1, .ok: 2]
        sorted.plans.sort { a, b in
            rank[a.state]! != rank[b.state]! ? rank[a.state]! < rank[b.state]! : a.progress > b.progress
        }
        model.maintenanceScreen.board = sorted
        model.followSelection(.maintenance)
    }

    /// A plan recorded done: said, and the list read again.
    public mutating func received(_ done: MaintenanceDoneResult) {
        model.notice = "\(done.after.machine) \(done.after.plan) done (was \(done.before.usage)); audit #\(done.audit)"
    }

    /// A characteristic's chart, for the SPC screen.
    public mutating func received(_ result: SPCResult) {
        model.spcScreen.results[result.id] = result
    }

    /// A measured subgroup's verdict, said in the notice line.
    public mutating func received(_ m: MeasureResult) {
        let verdict = m.violations.map { $0.isEmpty ? "in control" : "OUT OF CONTROL: " + $0.joined(separator: ", ") } ?? "kept for the baseline"
        model.notice = "\(m.characteristic): \(m.n) readings, mean \(DurationText.number((m.mean * 1e4).rounded() / 1e4)); \(verdict)"
    }

    /// A process value's history, for the chart showing it.
    public mutating func received(_ history: HistoryResult) {
        guard history.machine == model.chartScreen.machine, history.value == model.chartScreen.value else { return }
        model.chartScreen.history = history
    }

    public mutating func received(_ detail: MachineDetail) {
        guard case .detail(let id) = model.screen, id == detail.machine.id else { return }
        let first = model.detail?.machine.id != id
        model.detail = detail
        // Opening a detail selects the newest stop still to be explained.
        let stops = Stop.of(model, machine: id)
        if first { model.detailStop = stops.firstIndex(where: \.unexplained) ?? 0 }
        model.detailStop = min(model.detailStop, max(0, stops.count - 1))
    }
    public mutating func received(_ board: OEEBoard) {
        model.oeeScreen.board = board
        model.followSelection(.oee)
    }
    public mutating func received(_ c: Classification) {
        model.notice = "booked \(c.reason) for \(c.machine)'s stop at \(c.start) (by \(c.user))"
        if let d = model.detail, d.machine.id == c.machine {
            for k in d.intervals.indices where d.intervals[k].startNanos == c.startNanos { model.detail?.intervals[k].reason = c.reason }
        }
    }
    public mutating func disconnected(_ reason: String) {
        model.connection = .disconnected(reason)
        model.notice = "connection to the daemon lost: \(reason); reconnecting"
    }
}
