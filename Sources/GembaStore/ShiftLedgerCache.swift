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
        var saves: [ShiftLedgerSave] = []
        let ledger = try cachedLedger(
            machine: m, whole: whole, closedUntil: closedUntil, from: from, to: to, microStopThreshold: microStopThreshold, saves: &saves, raw: raw)
        try save(saves)
        return ledger
    }

    /// The same, leaving the whole shifts the cache lacked in `saves` for the caller to
    /// `save(_:)` once it holds no lock that a writer of this database might wait for.
    public func cachedLedger(
        machine m: MachineConfig, whole: [ShiftInstance], closedUntil: Timestamp, from: Timestamp, to: Timestamp,
        microStopThreshold: Seconds, saves: inout [ShiftLedgerSave], raw: (Timestamp, Timestamp) throws -> OEECalculator.Ledger
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
                saves.append(
                    ShiftLedgerSave(
                        machine: m.id, start: s.start, end: s.end, microStopMillis: micro, time: l.time, total: l.counts.total,
                        reject: l.counts.reject, version: version))
                ledger = ledger + l
            }
            cursor = s.end
        }
        return ledger + (try between(cursor, to))
    }

    /// Saves whole-shift ledgers computed by `cachedLedger`; one whose machine had data
    /// written since it was computed is left out (it may be stale).
    public func save(_ saves: [ShiftLedgerSave]) throws {
        for l in saves {
            try saveShiftLedger(
                machine: l.machine, start: l.start, end: l.end, microStopMillis: l.microStopMillis, time: l.time, total: l.total, reject: l.reject,
                ifVersion: l.version)
        }
    }
}

/// A whole shift's ledger computed while the cache lacked it, waiting to be saved.
public struct ShiftLedgerSave: Sendable {
    let machine: String
    let start: Timestamp
    let end: Timestamp
    let microStopMillis: Int64
    let time: OEETime
    let total: Int64
    let reject: Int64
    /// The machine's data version when the ledger was computed.
    let version: Int
}
