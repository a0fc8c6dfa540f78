import GembaCore
import GembaStore

/// `history`: one process value's history in steps, from the store and what the daemon holds.
extension ConsoleService {
    /// The most points one answer carries (90 days at one-minute steps is 129,600).
    static let historyPointLimit = 200_000

    func history(_ r: Requests.HistoryQuery) throws(ProtocolError) -> HistoryResult {
        let now = clock()
        let plant = floor.plant
        guard plant.machines.contains(where: { $0.id == r.machine }) else {
            throw ProtocolError(code: "unknown_machine", message: "no machine \"\(r.machine)\" in this plant")
        }
        guard plant.history.enabled else {
            throw ProtocolError(code: "history_off", message: "this plant keeps no history of process values (history: off in the plant file)")
        }
        let step: Timestamp
        do throws(DurationInputError) {
            let seconds = try DurationText.personSeconds(r.step ?? "1m", option: "step")
            guard seconds >= 1, seconds == seconds.rounded() else {
                throw DurationInputError(text: r.step ?? "", option: "step", reason: "a step is whole seconds, at least 1s")
            }
            step = Nanos.from(seconds: seconds)
        } catch {
            throw ProtocolError(code: "bad_step", message: error.description)
        }
        let (asked, until) = try window(from: r.from, to: r.to, last: r.last, now: now)
        // Whole steps: the window widens to the steps it touches (each point is a whole step).
        let buckets = HistoryBuckets(step: step)
        let from = buckets.start(of: asked)
        let to = buckets.start(of: until - 1).clampedAdding(step)
        let points = Double(to - from) / Double(step)
        guard points <= Double(Self.historyPointLimit) else {
            throw ProtocolError(
                code: "bad_window",
                message:
                    "\(DurationText.formatDays(Double(step) / 1e9)) steps over that window are \(Int(points.rounded(.up))) points; at most \(Self.historyPointLimit): a longer step, or a shorter window"
            )
        }
        let found: [HistoryPoint]
        do {
            found = try FloorHistory(floor: floor, store: store).processValue(machine: r.machine, name: r.value, from: from, to: to, step: step)
        } catch {
            throw ProtocolError(code: "store_error", message: "cannot read history: \(error)")
        }
        if found.isEmpty {
            let live = floor.live(machine: r.machine)?.processValues.map(\.name) ?? []
            let known = (try? store.historySeries(machine: r.machine)) ?? []  // an unreadable list only loses the hint
            let names = Set(live).union(known)
            if !names.contains(r.value) {
                let list = names.sorted().prefix(12).joined(separator: ", ")
                throw ProtocolError(
                    code: "unknown_value",
                    message: "\(r.machine) has no process value \"\(r.value)\"" + (list.isEmpty ? " (it has none yet)" : " (it has: \(list))"))
            }
        }
        return HistoryResult(
            machine: r.machine, value: r.value, step: DurationText.formatDays(Double(step) / 1e9), from: ISOTime.format(from), to: ISOTime.format(to),
            points: found.map(HistoryResult.Point.init))
    }

    /// How many steps a machine detail's sparklines have, and for how many values.
    static let trendSteps = 48
    static let trendValues = 24

    /// The machine detail's sparklines: each value's mean in whole-minute steps over [from, to).
    func trends(machine id: String, names: [String], from: Timestamp, to: Timestamp) throws -> [ValueTrend] {
        let span = max(to.clampedSubtracting(from), Nanos.perMinute)
        let minutes = max(1, (span / Int64(Self.trendSteps) + Nanos.perMinute - 1) / Nanos.perMinute)
        let step = minutes * Nanos.perMinute
        let start = HistoryBuckets(step: step).start(of: from)
        let count = Int((to - start + step - 1) / step)
        let history = FloorHistory(floor: floor, store: store)
        return try names.prefix(Self.trendValues).map { name in
            var means = [Double?](repeating: nil, count: count)
            for p in try history.processValue(machine: id, name: name, from: start, to: to, step: step) {
                let k = Int((p.t - start) / step)
                if means.indices.contains(k) { means[k] = p.aggregate.mean }
            }
            return ValueTrend(
                name: name, from: ISOTime.format(start), stepSeconds: step / Nanos.perSecond, means: means,
                limits: floor.alarmLimits(machine: id, value: name))
        }
    }

    /// The window asked for (from and to, or the last so long); none: the shift running now up
    /// to now, or the last 8 hours.
    func window(from f: String?, to t: String?, last: String?, now: Timestamp) throws(ProtocolError) -> (Timestamp, Timestamp) {
        let plant = floor.plant
        if let last {
            guard f == nil && t == nil else { throw ProtocolError(code: "bad_window", message: "last, or from and to: not both") }
            let seconds: Seconds
            do throws(DurationInputError) {
                seconds = try DurationText.personSeconds(last, option: "last")
            } catch {
                throw ProtocolError(code: "bad_window", message: error.description)
            }
            let from = now.clampedSubtracting(Nanos.from(seconds: seconds))
            try Self.checkWindow(from, now, plant: plant)
            return (from, now)
        }
        guard f != nil || t != nil else {
            let start = floor.calendar.shift(at: now)?.start ?? now.clampedSubtracting(8 * 3600 * Nanos.perSecond)
            return (start, now)
        }
        let a: Timestamp
        let b: Timestamp
        do throws(DateInputError) {
            a =
                try f.map { f throws(DateInputError) in try DateInput.parse(f, plant: plant, dateAlone: .startOfDay) }
                ?? now.clampedSubtracting(8 * 3600 * Nanos.perSecond)
            b = try t.map { t throws(DateInputError) in try DateInput.parse(t, plant: plant, dateAlone: .endOfDay) } ?? now
        } catch {
            throw ProtocolError(code: "bad_window", message: "\(error.description) (write ISO 8601 times such as 2026-11-24T06:00:00Z, or dates)")
        }
        guard a < b else { throw ProtocolError(code: "bad_window", message: "from must be before to") }
        try Self.checkWindow(a, b, plant: plant)
        return (a, b)
    }
}
