import GembaCore

extension FloorStore {
    /// A machine's OEE ledger over [from, to) using the shift-ledger cache: whole
    /// shifts that ended before `closedUntil` (the start of the machine's open
    /// interval) are summed from the cache, computed with `raw` and saved when
    /// missing; the stretches between and around them come from `raw`.
    ///
    /// - Parameters:
    ///   - whole: the shifts wholly inside the window, in time order.
    ///   - raw: the ledger over [a, b) from intervals and counts.
    public func cachedLedger(
        machine m: MachineConfig, whole: [ShiftInstance], closedUntil: Timestamp, from: Timestamp, to: Timestamp,
        microStopThreshold: Seconds, raw: (Timestamp, Timestamp) throws -> OEECalculator.Ledger
    ) throws -> OEECalculator.Ledger {
        let micro = Int64((microStopThreshold * 1000).rounded())
        let version = dataVersion(machine: m.id)
        let cacheable = whole.filter { $0.end <= closedUntil }
        let cached = cacheable.isEmpty ? [:] : try shiftLedgers(machine: m.id, from: from, to: to, microStopMillis: micro)
        var ledger = OEECalculator.Ledger()
        ledger.idealCycleTimes = [m.idealCycleTime]
        func between(_ a: Timestamp, _ b: Timestamp) throws -> OEECalculator.Ledger {
            a < b ? try raw(a, b) : OEECalculator.Ledger()
        }
        var cursor = from
        for s in cacheable {
            ledger = ledger + (try between(cursor, s.start))
            if let c = cached[s.start] {
                var l = OEECalculator.Ledger()
                l.time = c.time
                l.counts = OEECounts(total: c.total, reject: c.reject)
                l.time.netProduction = m.idealCycleTime * Double(c.total)
                l.time.fullyProductive = m.idealCycleTime * Double(c.total - c.reject)
                l.idealCycleTimes = [m.idealCycleTime]
                ledger = ledger + l
            } else {
                let l = try raw(s.start, s.end)
                try saveShiftLedger(
                    machine: m.id, start: s.start, end: s.end, microStopMillis: micro, time: l.time, total: l.counts.total,
                    reject: l.counts.reject, ifVersion: version)
                ledger = ledger + l
            }
            cursor = s.end
        }
        return ledger + (try between(cursor, to))
    }
}
