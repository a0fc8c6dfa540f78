import GembaCore
import Logging
import NIOConcurrencyHelpers

/// The engine and the ingest counters behind one lock, shared by every telemetry
/// connection, the flusher and the console sessions.
///
/// Connections decode outside the lock and apply a whole read's samples inside
/// it, once; nothing slow (I/O, JSON) happens while it is held.
public final class LiveFloor: Sendable {
    struct State: Sendable {
        var engine: FloorEngine
        var alarms: AlarmEngine
        var spc: SPCMonitor
        var trends: TrendMonitor
        var maintenance: MaintenanceTracker
        var stats = TelemetryStats()
        /// Per connection: when an error was last logged and how many since were not.
        var logState: [String: (last: Timestamp, suppressed: Int)] = [:]
        /// Live OEE of the current shift per machine, refreshed once a second.
        var oee: [String: OEEFigures] = [:]
        /// Each machine's ledger of the current shift, which lines and the plant add up.
        var ledgers: [String: OEECalculator.Ledger] = [:]
        /// Live OEE of the current shift per line (by id) and of the plant: sums, not averages.
        var lineOEE: [String: OEEFigures] = [:]
        var plantOEE: OEEFigures?
        /// The sums behind them, for sites that add plants up (`mqtt.publish`).
        var lineSums: [String: OEESums] = [:]
        var plantSums: OEESums?
        var lastOEE: Timestamp = .min
        /// Machines changed since their OEE was last computed, and when that was.
        var oeePending: Set<String> = []
        var lastPendingOEE: Timestamp = .min
    }

    /// How many recent errors `status` keeps.
    public static let recentErrorLimit = 20
    /// At most one log line per connection in this span; the rest are counted.
    public static let logInterval: Timestamp = 5 * Nanos.perSecond

    /// Internal, not private: the extensions beside this file (`LiveFloor+Quality.swift`) take it too.
    let state: NIOLockedValueBox<State>
    /// Held for writing by the flush while it hands changes over (engine → backlog, backlog →
    /// committed), for reading by queries that join the store with what the daemon holds.
    /// The flush takes it while holding the database's writer: nothing may write to the
    /// store while holding it for reading.
    let flushGate = ReadWriteLock()
    /// Batches drained from the engine that the database refused, oldest first, kept for the
    /// next flush to retry: nothing accepted is dropped, and queries still see them.
    let backlog = NIOLockedValueBox<[EngineChanges]>([])
    /// Serialises people's alarm actions from decision to store to engine.
    private let actions = NIOLock()
    public let plant: PlantConfig
    private let machineConfigs: [String: MachineConfig]
    /// Machine ids by index (`PlantConfig.machines` builds its array on every call: not for a hot path).
    private let machineIDs: [String]
    private let logger: Logger

    public init(engine: FloorEngine, alarms: AlarmEngine? = nil, logger: Logger) {
        self.plant = engine.plant
        let alarms = alarms ?? AlarmEngine(definitions: engine.plant.alarms, maximumShelve: engine.plant.maximumShelve, now: 0)
        self.state = NIOLockedValueBox(
            State(
                engine: engine, alarms: alarms, spc: SPCMonitor(engine.plant.spc),
                trends: TrendMonitor(config: engine.plant.prediction, definitions: alarms.definitions),
                maintenance: MaintenanceTracker(plans: engine.plant.maintenance, now: 0)))
        self.machineIDs = engine.plant.machines.map(\.id)
        self.machineConfigs = Dictionary(engine.plant.machines.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.logger = logger
    }

    /// Applies one read's worth of lines from `connection` (named only if something is refused:
    /// a name built for every message costs the busiest feed an allocation each).
    public func apply(_ batch: IngestBatch, connection name: @autoclosure () -> String, receivedAt: Timestamp) {
        guard !batch.isEmpty else { return }
        var connection = ""
        var toLog: [IngestBatch.Rejection] = []
        var suppressedNow = 0
        state.withLockedValue { s in
            var rejected = batch.rejections
            for (k, sample) in batch.samples.enumerated() {
                do throws(FloorEngine.Rejection) {
                    let counted = try s.engine.apply(sample, receivedAt: receivedAt)
                    if !sample.processValues.isEmpty, s.alarms.watchesValues(of: machineIDs[sample.machine]) {
                        s.alarms.observe(machine: machineIDs[sample.machine], values: sample.processValues, at: receivedAt)
                    }
                    if !sample.processValues.isEmpty, !s.spc.isEmpty, s.spc.watches(machine: machineIDs[sample.machine]) {
                        for o in s.spc.observe(machine: machineIDs[sample.machine], values: sample.processValues, at: receivedAt) {
                            Self.judge(o, &s.alarms, at: receivedAt)
                        }
                    }
                    if counted.total != 0 || counted.reject != 0, s.alarms.watchesCounts(of: machineIDs[sample.machine]) {
                        s.alarms.observeCounts(machine: machineIDs[sample.machine], total: counted.total, reject: counted.reject, at: receivedAt)
                    }
                } catch {
                    rejected.append(.init(line: batch.sampleLines[k], column: 1, reason: error.description))
                }
            }
            let accepted = batch.samples.count + batch.ignored - (rejected.count - batch.rejections.count)
            s.stats.accepted += Int64(accepted)
            s.stats.ignored += Int64(batch.ignored)
            s.stats.rejected += Int64(rejected.count)
            s.stats.received += Int64(accepted + rejected.count)
            guard !rejected.isEmpty else { return }
            connection = name()
            // The engine's refusals come after the decoder's: list them all in line order.
            if rejected.count > batch.rejections.count && !batch.rejections.isEmpty { rejected.sort { $0.line < $1.line } }
            let at = ISOTime.format(receivedAt)
            for r in rejected.suffix(Self.recentErrorLimit) {
                s.stats.errors.append(
                    TelemetryErrorRecord(at: at, connection: connection, line: r.line, column: r.column, reason: r.reason))
            }
            if s.stats.errors.count > Self.recentErrorLimit {
                s.stats.errors.removeFirst(s.stats.errors.count - Self.recentErrorLimit)
            }
            var log = s.logState[connection] ?? (last: Timestamp.min, suppressed: 0)
            if log.last == .min || receivedAt &- log.last >= Self.logInterval {
                toLog = [rejected[0]]
                suppressedNow = log.suppressed + rejected.count - 1
                log = (receivedAt, 0)
            } else {
                log.suppressed += rejected.count
            }
            s.logState[connection] = log
        }
        for r in toLog {
            logger.warning(
                "telemetry line rejected",
                metadata: [
                    "connection": .string(connection), "line": .stringConvertible(r.line),
                    "column": .stringConvertible(r.column), "reason": .string(r.reason),
                    "suppressed": .stringConvertible(suppressedNow),
                ])
        }
    }

    public func connectionOpened() { state.withLockedValue { $0.stats.connections += 1 } }

    public func connectionClosed(_ name: String) {
        state.withLockedValue {
            $0.stats.connections -= 1
            $0.logState[name] = nil
        }
    }

    /// Drives the clock-based rules (comm loss, shift roll-over) and hands over the changes;
    /// `last` (the daemon is stopping) hands over every changed process value too, not only
    /// those due (`FloorEngine.valueStoreInterval`).
    public func tick(now: Timestamp, last: Bool = false) -> (changes: EngineChanges, stats: TelemetryStats) {
        state.withLockedValue { s in
            s.engine.checkCommLoss(now: now)
            s.engine.rollShift(now: now)
            var changes = s.engine.drainChanges(now: last ? nil : now)
            if !s.spc.isEmpty {
                for o in s.spc.tick(now: now) { Self.judge(o, &s.alarms, at: now) }
                changes.spcPoints = s.spc.drain()
            }
            if !s.trends.isEmpty {
                s.trends.take(changes.history)
                for o in s.trends.tick(now: now) { Self.predict(o, &s.alarms, at: now) }
            }
            if !s.maintenance.isEmpty {
                s.maintenance.take(intervals: changes.closedIntervals, counts: changes.minuteCounts)
                for o in s.maintenance.tick(machines: s.engine.machines, now: now) { Self.maintain(o, &s.alarms, at: now) }
            }
            s.alarms.tick(now: now, machines: s.engine.machines, commLoss: s.engine.commLossRule)
            s.stats.backfilling = Backfill.isBackfilling(s.engine.machines, now: now)
            (changes.alarmTransitions, changes.alarmRecords) = s.alarms.drain()
            // Machines a sample changed get their OEE within 200 ms (not every tick: at full
            // ingest that would cost a quarter of the throughput); the rest drift with time, once a second.
            s.oeePending.formUnion(changes.changedMachines.map(\.id))
            if s.lastOEE != .min && !s.oeePending.isEmpty && (s.lastPendingOEE == .min || now &- s.lastPendingOEE >= 200 * 1_000_000) {
                Self.add(Self.refreshOEE(&s, now: now, only: s.oeePending), to: &changes, from: s.engine)
                s.oeePending.removeAll(keepingCapacity: true)
                s.lastPendingOEE = now
            }
            if s.lastOEE == .min || now &- s.lastOEE >= Nanos.perSecond {
                let first = s.lastOEE == .min
                s.lastOEE = now
                // The first figures are part of every snapshot already: nothing moved.
                let moved = Self.refreshOEE(&s, now: now)
                if !first { Self.add(moved, to: &changes, from: s.engine) }
            }
            return (changes, s.stats)
        }
    }

    /// Adds the machines whose OEE moved to the changes pushed to consoles (once each).
    private static func add(_ moved: Set<String>, to changes: inout EngineChanges, from engine: FloorEngine) {
        guard !moved.isEmpty else { return }
        let already = Set(changes.changedMachines.map(\.id))
        changes.changedMachines += engine.machines.filter { moved.contains($0.id) && !already.contains($0.id) }
    }

    /// Recomputes every machine's OEE of the current shift; returns the machines
    /// whose figures moved by 0.1 point or more (what a screen would show differently).
    private static func refreshOEE(_ s: inout State, now: Timestamp, only: Set<String>? = nil) -> Set<String> {
        let calc = OEECalculator(calendar: s.engine.calendar, microStopThreshold: s.engine.plant.microStopThreshold)
        let shift = s.engine.calendar.shift(at: now)
        var moved: Set<String> = []
        for (i, config) in s.engine.plant.machines.enumerated() where only?.contains(config.id) ?? true {
            var figures: OEEFigures?
            s.ledgers[config.id] = nil
            if let shift {
                let ledger = s.engine.shiftLedger(machine: i, shift: shift, now: now)
                s.ledgers[config.id] = ledger
                figures = OEEFigures(calc.result(ledger, scope: config.id, from: shift.start, to: shift.end, asOf: now))
            }
            let old = s.oee[config.id]
            func q(_ v: Double?) -> Int? { v.map { Int(($0 * 1000).rounded()) } }
            if q(old?.oee) != q(figures?.oee) || q(old?.availability) != q(figures?.availability)
                || q(old?.performance) != q(figures?.performance) || q(old?.quality) != q(figures?.quality)
                || (old == nil) != (figures == nil)
            {
                moved.insert(config.id)
            }
            s.oee[config.id] = figures
        }
        rollUp(&s, calc: calc, shift: shift, now: now)
        return moved
    }

    /// Each line's and the plant's OEE from the sums of their machines' ledgers.
    private static func rollUp(_ s: inout State, calc: OEECalculator, shift: ShiftInstance?, now: Timestamp) {
        s.lineOEE = [:]
        s.plantOEE = nil
        s.lineSums = [:]
        s.plantSums = nil
        guard let shift else { return }
        var lines: [String: OEECalculator.Ledger] = [:]
        var plant = OEECalculator.Ledger()
        for m in s.engine.plant.machines {
            guard let l = s.ledgers[m.id] else { continue }
            lines[m.lineID] = (lines[m.lineID] ?? OEECalculator.Ledger()) + l
            plant = plant + l
        }
        for (id, l) in lines {
            let r = calc.result(l, scope: id, from: shift.start, to: shift.end, asOf: now)
            s.lineOEE[id] = OEEFigures(r)
            s.lineSums[id] = OEESums(r)
        }
        if !lines.isEmpty {
            let r = calc.result(plant, scope: "plant", from: shift.start, to: shift.end, asOf: now)
            s.plantOEE = OEEFigures(r)
            s.plantSums = OEESums(r)
        }
    }

    /// The current shift's OEE of every line (by id) and of the plant, as of the last refresh.
    public func lineAndPlantOEE() -> (lines: [String: OEEFigures], plant: OEEFigures?) {
        state.withLockedValue { ($0.lineOEE, $0.plantOEE) }
    }

    /// The sums behind `lineAndPlantOEE()`, as of the same refresh.
    public func lineAndPlantSums() -> (lines: [String: OEESums], plant: OEESums?) {
        state.withLockedValue { ($0.lineSums, $0.plantSums) }
    }

    /// Books a reason against a `down` interval; true when it is the machine's open one.
    public func classify(machine: String, start: Timestamp, reason: String) -> Bool {
        state.withLockedValue { $0.engine.classify(machine: machine, start: start, reason: reason) }
    }

    /// `gemba machine reset MACHINE`, the engine's half: machine `id` starts afresh, as if it had
    /// never reported; its next line, of any time, is its first. Call it only after
    /// `FloorStore.resetMachine(_:audit:)` succeeded (the store first: a failed write leaves
    /// the engine as it was). The next flush writes and pushes the machine's new live state.
    /// Returns the machine's live state before the reset, nil for a machine the plant does not have.
    @discardableResult
    public func resetMachine(_ id: String, now: Timestamp) -> MachineLive? {
        state.withLockedValue { s in
            guard let before = s.engine.machines.first(where: { $0.id == id }) else { return nil }
            s.engine.resetMachine(id, now: now)
            return before
        }
    }

    /// After a restart: the current shift's closed intervals, for live OEE.
    public func restoreShiftIntervals(_ intervals: [StateInterval]) {
        state.withLockedValue { $0.engine.restoreShiftIntervals(intervals) }
    }

    public var stats: TelemetryStats { state.withLockedValue { $0.stats } }
    /// Whether feeds are sending data from behind the clock (a backfill) as of the last tick.
    public var backfilling: Bool { state.withLockedValue { $0.stats.backfilling } }

    // MARK: Alarms

    /// The alarm list and KPIs as of `now`.
    public func alarmBoard(now: Timestamp) -> AlarmBoard {
        state.withLockedValue { s in
            let a = s.alarms
            let list = zip(a.records, a.definitions).map { AlarmStatus(record: $0, definition: $1) }
            return AlarmBoard(alarms: list, kpis: a.kpis(now: now))
        }
    }

    /// A person's action on an alarm. The engine's state changes only after `persist` has
    /// stored the change with its audit record: the action is worked out on a copy of the
    /// alarm engine, stored, then applied. People's actions are serialised (`actions`), so two
    /// leads acknowledging one alarm get one winner; telemetry keeps flowing meanwhile.
    public func alarmAction<Stored>(
        _ event: AlarmEvent, on key: String, user: String, comment: String?, at now: Timestamp,
        persist: (_ before: AlarmRecord, _ after: AlarmRecord, _ transition: AlarmTransition, _ definition: AlarmDefinition) throws -> Stored
    ) throws -> Stored {
        try actions.withLock { () throws -> Stored in
            let decided: Result<(AlarmRecord, AlarmRecord, AlarmTransition, AlarmDefinition), AlarmActionError> = state.withLockedValue { s in
                var trial = s.alarms
                do throws(AlarmActionError) {
                    let (before, after, t) = try trial.act(event, on: key, user: user, comment: comment, at: now)
                    guard let d = trial.definition(after.definition) else { throw AlarmActionError("no alarm \"\(key)\"") }
                    return .success((before, after, t, d))
                } catch {
                    return .failure(error)
                }
            }
            let (before, after, transition, definition) = try decided.get()
            let stored = try persist(before, after, transition, definition)
            // The same action on the live engine. Telemetry may have moved the alarm since the
            // trial (its condition cleared, say): the engine then follows the lifecycle from
            // there, or refuses the action now (what was decided and audited stands); the live
            // record, where it differs from the one stored, is stored by the next flush.
            let refusal = state.withLockedValue { s in
                s.alarms.follow(event, on: key, user: user, comment: comment, at: now, stored: after)
            }
            if let refusal {
                logger.notice(
                    "an alarm moved while a person's action on it was stored; the action stands as audited, the alarm goes on from where it is",
                    metadata: [
                        "alarm": .string(after.definition), "action": .string(event.cause), "user": .string(user),
                        "live refusal": .string(refusal.description),
                    ])
            }
            return stored
        }
    }

    /// The longest a timed shelve may last (as the last reload set it).
    public var maximumShelve: Seconds { state.withLockedValue { $0.alarms.maximumShelve } }

    /// Looks an alarm up by definition id or occurrence number.
    public func alarm(_ key: String) -> (record: AlarmRecord, definition: AlarmDefinition)? {
        state.withLockedValue { s in
            guard let i = s.alarms.find(key) else { return nil }
            return (s.alarms.records[i], s.alarms.definitions[i])
        }
    }

    /// New alarm definitions from a configuration reload; returns the ids added and removed.
    public func reconfigureAlarms(
        _ definitions: [AlarmDefinition], maximumShelve: Seconds, prediction: PredictionConfig? = nil, at now: Timestamp
    ) -> (added: [String], removed: [String], changed: [String]) {
        state.withLockedValue { s in
            let old = Dictionary(s.alarms.definitions.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
            s.alarms = s.alarms.reconfigured(definitions: definitions, maximumShelve: maximumShelve, now: now)
            s.trends = s.trends.reconfigured(config: prediction ?? s.trends.config, definitions: s.alarms.definitions)
            let newIDs = Set(s.alarms.definitions.map(\.id))
            let added = s.alarms.definitions.map(\.id).filter { old[$0] == nil }
            let removed = old.keys.filter { !newIDs.contains($0) }.sorted()
            let changed = s.alarms.definitions.filter { d in old[d.id].map { $0 != d } ?? false }.map(\.id)
            return (added, removed, changed)
        }
    }

    /// Raises or clears a daemon-owned alarm.
    /// Machines whose source said they are gone (a Sparkplug death): offline at once.
    public func takeOffline(_ machines: [Int], at now: Timestamp) {
        guard !machines.isEmpty else { return }
        state.withLockedValue { s in for i in machines { s.engine.takeOffline(machine: i, at: now) } }
    }

    /// Machines whose source is alive though silent (a Sparkplug session reports by exception).
    public func heard(_ machines: [Int], at now: Timestamp) {
        guard !machines.isEmpty else { return }
        state.withLockedValue { s in for i in machines { s.engine.heard(machine: i, at: now) } }
    }

    public func setSystemAlarm(_ id: String, active: Bool, detail: String?, at now: Timestamp) {
        state.withLockedValue { $0.alarms.setSystemCondition(id, active: active, detail: detail, at: now) }
    }

    public var calendar: ShiftCalendar { state.withLockedValue { $0.engine.calendar } }

    /// Every machine as consoles and `gemba status` show it.
    public func machineStatuses() -> [MachineStatus] {
        machinesAndStats().machines
    }

    /// Every machine's status and the telemetry counters as of one moment: read under one
    /// lock, so a status that counts a line also shows what that line did to its machine.
    public func machinesAndStats() -> (machines: [MachineStatus], stats: TelemetryStats) {
        let (machines, oee, stats) = state.withLockedValue { ($0.engine.machines, $0.oee, $0.stats) }
        return (machines.compactMap { status(of: $0, oee: oee[$0.id]) }, stats)
    }

    public func status(of m: MachineLive) -> MachineStatus? {
        status(of: m, oee: state.withLockedValue { $0.oee[m.id] })
    }

    /// `status(of:)` of several machines, their figures read under one lock (the flusher asks
    /// for every changed machine 40 times a second while the feeds contend for that lock).
    public func statuses(of machines: [MachineLive]) -> [MachineStatus] {
        guard !machines.isEmpty else { return [] }
        let oee = state.withLockedValue { s in machines.map { s.oee[$0.id] } }
        return zip(machines, oee).compactMap { status(of: $0, oee: $1) }
    }

    private func status(of m: MachineLive, oee: OEEFigures?) -> MachineStatus? {
        guard let config = machineConfigs[m.id] else { return nil }
        var status = MachineStatus(live: m, config: config)
        // A machine that never reported has no OEE (null, shown as —), not 0 %.
        status.oee = m.hasReported ? oee : nil
        return status
    }

    /// Machines that are down, or silent after having reported (one pass under the lock,
    /// no status built: the scheduler asks every tick).
    public func unavailableMachines() -> Set<String> {
        state.withLockedValue { s in
            var out: Set<String> = []
            for m in s.engine.machines where m.state == .down || (m.state == .offline && m.hasReported) { out.insert(m.id) }
            return out
        }
    }

    public func live(machine id: String) -> MachineLive? {
        state.withLockedValue { s in s.engine.machines.first { $0.id == id } }
    }

    /// What the daemon holds of a machine's history and the store does not have yet, in one
    /// look: closed intervals and minute counts waiting for the database or not yet drained,
    /// and the open interval.
    /// Under `flushGate` for reading, store rows plus this are everything accepted, once.
    func unstored(machine id: String) -> UnstoredHistory {
        let (pending, live) = state.withLockedValue { s in (s.engine.pending(machine: id), s.engine.machines.first { $0.id == id }) }
        // Batches waiting for the database to take them are older than the engine's pending ones.
        let waiting = backlog.withLockedValue { batches in
            (batches.flatMap { $0.closedIntervals.filter { $0.machine == id } }, batches.flatMap { $0.minuteCounts.filter { $0.machine == id } })
        }
        return UnstoredHistory(intervals: waiting.0 + pending.intervals, minutes: waiting.1 + pending.minutes, live: live)
    }
}

/// A machine's history the daemon holds and the store does not have yet.
struct UnstoredHistory {
    /// Closed intervals, oldest first.
    var intervals: [StateInterval]
    /// Minute counts to add to the stored ones (the store adds them up the same way).
    var minutes: [MinuteCount]
    /// The open interval's machine state.
    var live: MachineLive?

    /// The closed intervals overlapping [from, to).
    func intervals(from: Timestamp, to: Timestamp) -> [StateInterval] {
        intervals.filter { $0.end > from && $0.start < to }
    }
}
