import GembaCore
import GembaStore

/// Answers `oee` requests: reads the intervals and counts of the machines in
/// scope from the store, adds each machine's open interval up to now, and lets
/// `OEECalculator` do the arithmetic.
struct OEEService: Sendable {
    let floor: LiveFloor
    let store: FloorStore
    let clock: @Sendable () -> Timestamp

    func answer(_ r: Requests.OEEQuery) throws(ProtocolError) -> OEEResult {
        let now = clock()
        let window = try ReportScope.resolve(
            machine: r.machine, line: r.line, from: r.from, to: r.to, shift: r.shift, date: r.date, floor: floor, now: now)
        let (machines, scope, from, to) = (window.machines, window.name, window.from, window.to)
        // A machine that never reported has no OEE of its own (null), not 0 %; in a line's or
        // the plant's its silence counts as offline time, as any silence does.
        let reporting = r.machine == nil ? machines : machines.filter { floor.live(machine: $0.id)?.hasReported != false }
        let calendar = floor.calendar
        var calc = OEECalculator(calendar: calendar, microStopThreshold: floor.plant.microStopThreshold)
        if let c = r.convention {
            guard let conv = OEEConvention(rawValue: c) else {
                throw ProtocolError(code: "bad_request", message: "convention must be iso or nakajima")
            }
            calc.convention = conv
        }
        var ledger = OEECalculator.Ledger()
        do {
            // The shifts wholly inside the window: the same for every machine.
            let whole = calendar.occurrences(from: from, to: to).filter { $0.start >= from && $0.end <= to }
            for m in reporting { ledger = ledger + (try machineLedger(m, calc: calc, whole: whole, from: from, to: to, now: now)) }
        } catch {
            throw ProtocolError(code: "store_error", message: "cannot read history: \(error)")
        }
        return calc.result(ledger, scope: scope, from: from, to: to, asOf: now)
    }

    /// Fills the shift-ledger cache for every machine over [from, to) (whole,
    /// ended shifts only), so that later windows over them are cheap.
    func warm(from: Timestamp, to: Timestamp) {
        let now = clock()
        let calc = OEECalculator(calendar: floor.calendar, microStopThreshold: floor.plant.microStopThreshold)
        let whole = floor.calendar.occurrences(from: from, to: min(to, now)).filter { $0.start >= from && $0.end <= min(to, now) }
        guard let first = whole.first, let last = whole.last else { return }
        for m in floor.plant.machines {
            _ = try? machineLedger(m, calc: calc, whole: whole, from: first.start, to: last.end, now: now)  // warming only: a query reports it
        }
    }

    /// One machine's ledger over [from, to): whole shifts that ended before the
    /// machine's open interval come from the shift-ledger cache (computed and
    /// saved on first use); everything else from the intervals and counts.
    func machineLedger(
        _ m: MachineConfig, calc: OEECalculator, whole: [ShiftInstance], from: Timestamp, to: Timestamp, now: Timestamp
    ) throws -> OEECalculator.Ledger {
        // The store's rows and what the daemon holds beyond them, seen together under the gate:
        // no interval is missed or counted twice while a batch goes from one to the other.
        // Whole shifts the cache lacked are saved once the gate is released (the flush holds
        // the database's writer while it waits for the gate: a write under it would deadlock).
        var saves: [ShiftLedgerSave] = []
        defer { try? store.save(saves) }  // a cache: a ledger not saved is computed again; this answer is right either way
        return try FloorHistory(floor: floor, store: store).reading(machine: m.id) { history throws -> OEECalculator.Ledger in
            let closedUntil = min(now, history.live.map { $0.hasReported ? $0.since : now } ?? now)
            // Before the machine's first interval or count there is nothing to read: a long
            // window's earlier shifts are all offline time, worked out without a query each.
            let historyStart = try history.start()
            return try store.cachedLedger(
                machine: m, whole: whole, closedUntil: closedUntil, from: from, to: to, microStopThreshold: calc.microStopThreshold,
                saves: &saves
            ) { a, b in
                if b <= historyStart ?? .max {
                    return calc.ledger(machine: m, intervals: [], from: a, to: b, asOf: now) { _ in (0, 0) }
                }
                let ivs = try history.intervals(from: a, to: b, now: now)
                var failure: (any Error)?
                let l = calc.ledger(machine: m, intervals: ivs, from: a, to: b, asOf: now) { minutes in
                    do {
                        return try history.counts(fromMinute: minutes.lowerBound, toMinute: minutes.upperBound)
                    } catch {
                        failure = error
                        return (0, 0)
                    }
                }
                if let failure { throw failure }
                return l
            }
        }
    }

    /// The OEE screen: plant, lines and machines, current and last shift, hourly trend, Pareto.
    func board(convention: OEEConvention) throws(ProtocolError) -> OEEBoard {
        let plant = floor.plant
        let now = clock()
        let calendar = floor.calendar
        let current = calendar.shift(at: now)
        let last = calendar.previous(before: now)
        var calc = OEECalculator(calendar: calendar, microStopThreshold: floor.plant.microStopThreshold)
        calc.convention = convention
        struct Sums {
            var current = OEECalculator.Ledger()
            var last = OEECalculator.Ledger()
            var hourly: [OEECalculator.Ledger] = []
            /// The shift's stops summed by state and reason (not the intervals: a machine that
            /// changes state every second makes 28,800 of them in eight hours).
            var stops: [String: ParetoItem] = [:]
            var lastHourly: [OEECalculator.Ledger] = []
            var lastStops: [String: ParetoItem] = [:]
        }
        let hour: Timestamp = 3600 * Nanos.perSecond
        /// The hours of a shift up to now.
        func hoursOf(_ s: ShiftInstance?) -> [Range<Timestamp>] {
            guard let s else { return [] }
            var out: [Range<Timestamp>] = []
            var t = s.start
            while t < min(s.end, now) {
                out.append(t..<min(t + hour, s.end))
                t += hour
            }
            return out
        }
        let hours = hoursOf(current)
        let lastHours = hoursOf(last)
        var byMachine: [String: Sums] = [:]
        do {
            for m in plant.machines {
                // Each machine's intervals and counts seen together (no batch half-way).
                byMachine[m.id] = try FloorHistory(floor: floor, store: store).reading(machine: m.id) { history throws -> Sums in
                    var sums = Sums()
                    if let s = current {
                        let ivs = try history.intervals(from: s.start, to: s.end, now: now)
                        let counts = try history.minuteCounts(fromMinute: Nanos.minute(s.start), toMinute: Nanos.minute(s.end - 1) + 1)
                        sums.current = calc.ledger(machine: m, intervals: ivs, counts: counts, from: s.start, to: s.end, asOf: now)
                        sums.hourly = hours.map { h in
                            calc.ledger(machine: m, intervals: ivs, counts: counts, from: h.lowerBound, to: h.upperBound, asOf: now)
                        }
                        sums.stops = ParetoItem.sums(ivs, from: s.start, to: min(s.end, now))
                    }
                    if let s = last {
                        let ivs = try history.intervals(from: s.start, to: s.end, now: now)
                        let counts = try history.minuteCounts(fromMinute: Nanos.minute(s.start), toMinute: Nanos.minute(s.end - 1) + 1)
                        sums.last = calc.ledger(machine: m, intervals: ivs, counts: counts, from: s.start, to: s.end, asOf: now)
                        sums.lastHourly = lastHours.map { h in
                            calc.ledger(machine: m, intervals: ivs, counts: counts, from: h.lowerBound, to: h.upperBound, asOf: now)
                        }
                        sums.lastStops = ParetoItem.sums(ivs, from: s.start, to: min(s.end, now))
                    }
                    return sums
                }
            }
        } catch {
            throw ProtocolError(code: "store_error", message: "cannot read history: \(error)")
        }
        func row(_ kind: OEEBoardRow.Kind, _ id: String, _ name: String, _ ids: [String]) -> OEEBoardRow {
            // A machine that never reported has no figures of its own (null, shown as —), not
            // 0 %; its line and the plant count its silence as offline time.
            let silent = kind == .machine && floor.live(machine: id)?.hasReported == false
            let parts = silent ? [] : ids.compactMap { byMachine[$0] }
            let cur = parts.map(\.current).reduce(OEECalculator.Ledger(), +)
            let lst = parts.map(\.last).reduce(OEECalculator.Ledger(), +)
            func trend(_ hours: [Range<Timestamp>], _ ledgers: KeyPath<Sums, [OEECalculator.Ledger]>) -> [Double?] {
                hours.indices.map { k in
                    let l = parts.map { $0[keyPath: ledgers].indices.contains(k) ? $0[keyPath: ledgers][k] : OEECalculator.Ledger() }
                        .reduce(OEECalculator.Ledger(), +)
                    return calc.result(l, scope: id, from: hours[k].lowerBound, to: hours[k].upperBound, asOf: now).oee
                }
            }
            let hourly = trend(hours, \.hourly)
            let pareto = current == nil ? [] : ParetoItem.ranked(parts.map(\.stops))
            let lastPareto = last == nil ? [] : ParetoItem.ranked(parts.map(\.lastStops))
            return OEEBoardRow(
                kind: kind, id: id, name: name,
                current: current.map { calc.result(cur, scope: id, from: $0.start, to: $0.end, asOf: now) },
                last: last.map { calc.result(lst, scope: id, from: $0.start, to: $0.end, asOf: now) },
                hourly: hourly, pareto: Array(pareto.prefix(10)), lastHourly: trend(lastHours, \.lastHourly),
                lastPareto: Array(lastPareto.prefix(10)))
        }
        var rows = [row(.plant, "plant", plant.plant, plant.machines.map(\.id))]
        for l in plant.lines {
            rows.append(row(.line, l.id, l.name, l.machines.map(\.id)))
            for m in l.machines { rows.append(row(.machine, m.id, m.name, [m.id])) }
        }
        return OEEBoard(current: current.map(ShiftSummary.init), last: last.map(ShiftSummary.init), convention: convention, rows: rows)
    }
}

extension OEEService {
    /// Answers `reliability`: each machine's stops, running and down time over the window from
    /// its intervals (the store's and the open one up to now), and their sums.
    func reliability(_ r: Requests.ReliabilityQuery) throws(ProtocolError) -> ReliabilityResult {
        let now = clock()
        let scope = try ReportScope.resolve(
            machine: r.machine, line: r.line, from: r.from, to: r.to, shift: r.shift, date: r.date, floor: floor, now: now)
        var machines: [ReliabilityResult.Figures] = []
        var total = ReliabilityTally()
        do {
            for m in scope.machines {
                let tally = try FloorHistory(floor: floor, store: store).reading(machine: m.id) { history throws -> ReliabilityTally in
                    // From just before the window: a spell of down that goes on across its start is not a stop of it.
                    ReliabilityTally(
                        intervals: try history.intervals(from: scope.from.clampedSubtracting(1), to: scope.to, now: now), from: scope.from,
                        to: scope.to)
                }
                machines.append(ReliabilityResult.Figures(machine: m.id, tally))
                total = total + tally
            }
        } catch {
            throw ProtocolError(code: "store_error", message: "cannot read history: \(error)")
        }
        return ReliabilityResult(
            scope: scope.name, from: ISOTime.format(scope.from), to: ISOTime.format(scope.to), provisional: scope.to > now,
            total: ReliabilityResult.Figures(machine: nil, total), machines: machines)
    }
}
