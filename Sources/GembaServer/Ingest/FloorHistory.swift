import GembaCore
import GembaStore

/// The one rule for reading a machine's history while telemetry streams in: what the store
/// has, plus what the daemon holds beyond it (batches waiting for the database, what the
/// engine closed since its last batch, the open interval), seen under the flush gate so that
/// every accepted interval and count is seen exactly once. OEE, the machine detail and the
/// flush go through it: readers with `reading`, the flush's hand-overs with `handingOver`.
struct FloorHistory {
    let floor: LiveFloor
    let store: FloorStore

    /// Runs `read` with a consistent view of machine `id`. Nothing may be written to the store
    /// inside `read` (the flush holds the database's writer while it waits for the gate).
    func reading<T>(machine id: String, _ read: (MachineHistory) throws -> T) throws -> T {
        try floor.flushGate.reading { () throws -> T in
            try read(MachineHistory(id: id, held: floor.unstored(machine: id), store: store))
        }
    }

    /// Value `name` of machine `id` in steps over [from, to): the store's rows and what the
    /// daemon holds (batches waiting for the database, the engine's minutes), seen at once.
    func processValue(machine id: String, name: String, from: Timestamp, to: Timestamp, step: Timestamp) throws -> [HistoryPoint] {
        try floor.flushGate.reading { () throws -> [HistoryPoint] in
            try store.history(machine: id, name: name, from: from, to: to, step: step, pending: floor.unstoredHistory(machine: id, name: name))
        }
    }

    /// Characteristic `id`'s SPC points in [from, to): the store's and those the daemon holds
    /// (in the backlog or the monitor), seen at once; without the gate a point being handed
    /// over from the monitor to the backlog was in neither.
    func spcPoints(_ id: String, from: Timestamp, to: Timestamp) throws -> [SPCStoredPoint] {
        try floor.flushGate.reading { () throws -> [SPCStoredPoint] in
            try store.spcPoints(id, from: from, to: to) + floor.unstoredSPC(id).filter { $0.t >= from && $0.t < to }
        }
    }

    /// A hand-over between the engine, the backlog and the store, atomic for readers.
    func handingOver<T>(_ body: () throws -> T) rethrows -> T {
        try floor.flushGate.writing(body)
    }
}

/// One machine's history as `FloorHistory.reading` sees it.
struct MachineHistory {
    let id: String
    /// What the daemon holds and the store does not have yet.
    let held: UnstoredHistory
    let store: FloorStore

    /// The open interval's state.
    var live: MachineLive? { held.live }

    /// When the machine's history starts, stored or held (nil: it has none yet).
    func start() throws -> Timestamp? {
        let held = [
            self.held.intervals.first?.start, self.held.minutes.map(\.minute).min().map(Nanos.start(ofMinute:)),
            live.flatMap { $0.hasReported ? $0.since : nil },
        ]
        return (held + [try store.historyStart(machine: id)]).compactMap { $0 }.min()
    }

    /// The closed intervals overlapping [from, to): stored, then held.
    func closedIntervals(from: Timestamp, to: Timestamp) throws -> [StateInterval] {
        try store.intervals(machine: id, from: from, to: to) + held.intervals(from: from, to: to)
    }

    /// The closed intervals and the open one up to `now`, overlapping [from, to).
    func intervals(from: Timestamp, to: Timestamp, now: Timestamp) throws -> [StateInterval] {
        var ivs = try closedIntervals(from: from, to: to)
        if let live = held.live, live.hasReported, live.since < min(to, now) {
            let last = ivs.last?.end ?? live.since
            ivs.append(StateInterval(machine: id, state: live.state, reason: live.reason, start: max(last, live.since), end: now))
        }
        return ivs
    }

    /// Minute counts of [fromMinute, toMinute): stored rows and held ones (the store adds them up the same way).
    func minuteCounts(fromMinute: Int64, toMinute: Int64) throws -> [MinuteCount] {
        try store.minuteCounts(machine: id, fromMinute: fromMinute, toMinute: toMinute)
            + held.minutes.filter { $0.minute >= fromMinute && $0.minute < toMinute }
    }

    /// Good and reject summed over [fromMinute, toMinute), held at Int64.max.
    func counts(fromMinute: Int64, toMinute: Int64) throws -> (total: Int64, reject: Int64) {
        var sum = try store.counts(machine: id, fromMinute: fromMinute, toMinute: toMinute)
        for c in held.minutes where c.minute >= fromMinute && c.minute < toMinute {
            sum.total = sum.total.clampedAdding(c.total)
            sum.reject = sum.reject.clampedAdding(c.reject)
        }
        return sum
    }
}
