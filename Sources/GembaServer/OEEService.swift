import GembaCore
import GembaStore

/// Answers `oee` requests: reads the intervals and counts of the machines in
/// scope from the store, adds each machine's open interval up to now, and lets
/// `OEECalculator` do the arithmetic.
struct OEEService: Sendable {
    let core: IngestCore
    let store: FloorStore
    let clock: @Sendable () -> Timestamp

    func answer(_ r: ClientRequest) throws(ProtocolError) -> OEEResult {
        let plant = core.plant
        let now = clock()
        // Scope.
        let machines: [MachineConfig]
        let scope: String
        if let id = r.machine {
            guard let m = plant.machines.first(where: { $0.id == id }) else {
                throw ProtocolError(code: "unknown_machine", message: "no machine \"\(id)\" in this plant")
            }
            machines = [m]
            scope = "machine \(id)"
        } else if let id = r.line {
            guard let l = plant.lines.first(where: { $0.id == id }) else {
                throw ProtocolError(code: "unknown_line", message: "no line \"\(id)\" in this plant")
            }
            machines = l.machines
            scope = "line \(id)"
        } else {
            machines = plant.machines
            scope = "plant"
        }
        // Window.
        let calendar = core.calendar
        let from: Timestamp
        let to: Timestamp
        if let name = r.shift {
            let date = r.date ?? calendar.shift(at: now).map(\.date) ?? ""
            guard let s = calendar.instance(named: name, date: date) else {
                throw ProtocolError(code: "bad_window", message: "no shift \"\(name)\" on \"\(date)\" (dates are YYYY-MM-DD)")
            }
            from = s.start
            to = s.end
        } else if let f = r.from, let t = r.to {
            guard let a = ISOTime.parse(f), let b = ISOTime.parse(t) else {
                throw ProtocolError(code: "bad_window", message: "from and to must be ISO 8601 times such as 2026-11-24T06:00:00Z")
            }
            guard a < b else { throw ProtocolError(code: "bad_window", message: "from must be before to") }
            from = a
            to = b
        } else if let s = calendar.shift(at: now) {
            from = s.start
            to = s.end
        } else {
            throw ProtocolError(code: "bad_window", message: "no shift is running now: name a shift and date, or from and to")
        }
        var calc = OEECalculator(calendar: calendar)
        if let c = r.convention {
            guard let conv = OEEConvention(rawValue: c) else {
                throw ProtocolError(code: "bad_request", message: "convention must be iso or nakajima")
            }
            calc.convention = conv
        }
        var ledger = OEECalculator.Ledger()
        do {
            for m in machines {
                var intervals = try store.intervals(machine: m.id, from: from, to: to)
                if let live = core.live(machine: m.id), live.hasReported, live.since < min(to, now) {
                    let last = intervals.last?.end ?? live.since
                    intervals.append(StateInterval(machine: m.id, state: live.state, reason: live.reason, start: max(last, live.since), end: now))
                }
                let counts = try store.minuteCounts(
                    machine: m.id, fromMinute: Nanos.minute(from), toMinute: Nanos.minute(to - 1) + 1)
                ledger = ledger + calc.ledger(machine: m, intervals: intervals, counts: counts, from: from, to: to, asOf: now)
            }
        } catch {
            throw ProtocolError(code: "store_error", message: "cannot read history: \(error)")
        }
        return calc.result(ledger, scope: scope, from: from, to: to, asOf: now)
    }
}
