import GembaCore
import GembaStore

/// Builds a shift's report from the database (and the open intervals up to now while the shift
/// runs): OEE of the plant, lines and machines as `gemba oee` computes it, the downtime that
/// cost most, the alarms with the ISA-18.2 figures and what stands at the end, holds, orders
/// and the handover notes. A shift that has ended gives the same report whenever it is asked.
struct ShiftReportBuilder {
    let floor: LiveFloor
    let store: FloorStore

    func build(_ shift: ShiftInstance, now: Timestamp, notes: [HandoverNote]) throws -> ShiftReport {
        let plant = floor.plant
        let asOf = min(now, shift.end)
        var calc = OEECalculator(calendar: floor.calendar, microStopThreshold: plant.microStopThreshold)
        calc.convention = .iso
        var ledgers: [String: OEECalculator.Ledger] = [:]
        var stops: [String: [String: ParetoItem]] = [:]
        for m in plant.machines {
            let read = try FloorHistory(floor: floor, store: store).reading(machine: m.id) { history throws in
                let ivs = try history.intervals(from: shift.start, to: shift.end, now: asOf)
                let counts = try history.minuteCounts(fromMinute: Nanos.minute(shift.start), toMinute: Nanos.minute(shift.end - 1) + 1)
                return (
                    calc.ledger(machine: m, intervals: ivs, counts: counts, from: shift.start, to: shift.end, asOf: asOf),
                    ParetoItem.sums(ivs, from: shift.start, to: asOf)
                )
            }
            // A machine that never reported has no figures of its own; its line and the plant count its silence.
            if floor.live(machine: m.id)?.hasReported != false { ledgers[m.id] = read.0 }
            stops[m.id] = read.1
        }
        func row(_ kind: ShiftReport.OEERow.Kind, _ id: String, _ name: String, _ machines: [String], own: Bool = false) -> ShiftReport.OEERow {
            let parts = machines.compactMap { ledgers[$0] }
            let l = parts.reduce(OEECalculator.Ledger(), +)
            let r = calc.result(l, scope: id, from: shift.start, to: shift.end, asOf: asOf)
            let silent = own && parts.isEmpty
            return ShiftReport.OEERow(
                kind: kind, id: id, name: name, availability: silent ? nil : r.availability, performance: silent ? nil : r.performance,
                quality: silent ? nil : r.quality, oee: silent ? nil : r.oee, good: r.counts.good, reject: r.counts.reject,
                plannedSeconds: r.time.plannedBusy, availabilityLossSeconds: max(0, r.time.plannedBusy - r.time.production),
                performanceLossSeconds: max(0, r.time.production - r.time.netProduction),
                qualityLossSeconds: max(0, r.time.netProduction - r.time.fullyProductive))
        }
        var oee = [row(.plant, "plant", plant.plant, plant.machines.map(\.id))]
        for l in plant.lines {
            oee.append(row(.line, l.id, l.name, l.machines.map(\.id)))
            for m in l.machines { oee.append(row(.machine, m.id, m.name, [m.id], own: true)) }
        }
        // Summed in the plant's order: the same report is the same numbers to the last digit.
        let downtime = ParetoItem.ranked(plant.machines.compactMap { stops[$0.id] }).prefix(10).map { item in
            let key = item.state.rawValue + "|" + (item.reason ?? "")
            let hit = stops.compactMap { id, s in s[key].map { (id, $0.seconds) } }.sorted { ($0.1, $1.0) > ($1.1, $0.0) }.prefix(5).map(\.0)
            return ShiftReport.DowntimeReason(state: item.state, reason: item.reason, stops: item.occurrences, seconds: item.seconds, machines: hit)
        }
        let holds = try store.holdsMoved(from: shift.start, to: asOf)
        let orders = try store.ordersOfShift(from: shift.start, to: asOf) { product in plant.product(product)?.routing.count ?? 1 }
        return ShiftReport(
            plant: plant.plant, shift: shift.name, date: shift.date, timezone: plant.timezone, from: ISOTime.format(shift.start),
            to: ISOTime.format(shift.end), asOf: ISOTime.format(asOf), provisional: now < shift.end, oee: oee, downtime: Array(downtime),
            alarms: try alarms(from: shift.start, to: asOf), holds: ShiftReport.Holds(placed: holds.placed, released: holds.released),
            orders: ShiftReport.Orders(finished: orders.finished, late: orders.late), notes: notes)
    }

    /// The shift's alarm activations against ISA-18.2's figures, and the alarms standing at its end.
    func alarms(from: Timestamp, to: Timestamp) throws -> ShiftReport.Alarms {
        let board = floor.alarmBoard(now: to)
        let known = Dictionary(board.alarms.map { ($0.definition, $0) }, uniquingKeysWith: { a, _ in a })
        let activations = try store.alarmActivations(from: from, to: to)
        var byPriority: [String: Int] = [:]
        var perAlarm: [String: [Timestamp]] = [:]
        let period = 10 * Nanos.perMinute
        let periods = max(1, Int((to - from + period - 1) / period))
        var buckets = [Int](repeating: 0, count: periods)
        for a in activations {
            byPriority[known[a.definition]?.priority.rawValue ?? "unknown", default: 0] += 1
            perAlarm[a.definition, default: []].append(a.at)
            buckets[min(periods - 1, Int((a.at - from) / period))] += 1
        }
        let chattering = perAlarm.filter { _, times in
            times.indices.contains { k in k + 2 < times.count && times[k + 2] - times[k] <= 60 * Nanos.perSecond }
        }.keys.sorted()
        let top = perAlarm.map { AlarmCount(definition: $0.key, count: $0.value.count) }.sorted {
            ($0.count, $1.definition) > ($1.count, $0.definition)
        }
        let standing = try store.alarmStandings(at: to).compactMap { s -> ShiftReport.StandingAlarm? in
            guard s.state != AlarmState.normal.rawValue, s.state != AlarmState.suppressed.rawValue else { return nil }
            let a = known[s.definition]
            return ShiftReport.StandingAlarm(
                definition: s.definition, machine: a?.machine, priority: a?.priority ?? .low, state: s.state, since: ISOTime.format(s.since),
                message: a?.message ?? s.definition)
        }.sorted { ($0.priority.rank, $0.since, $0.definition) < ($1.priority.rank, $1.since, $1.definition) }
        let minutes = Double(max(1, to - from)) / Double(period)
        return ShiftReport.Alarms(
            activations: activations.count, byPriority: byPriority, averagePerTenMinutes: Double(activations.count) / minutes,
            peakTenMinutes: buckets.max() ?? 0, floodShare: Double(buckets.filter { $0 > AlarmKPIRules.floodStartAbove }.count) / Double(periods),
            chattering: chattering, top: Array(top.prefix(10)), standing: standing)
    }
}
