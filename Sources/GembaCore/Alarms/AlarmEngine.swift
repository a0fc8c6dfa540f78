/// The alarm system of the plant: follows every alarm's condition (deadband,
/// on/off delay, state durations, comm loss, reject rate), drives the lifecycle,
/// takes people's actions, and keeps the activations the KPIs are computed from.
///
/// Pure and deterministic like the floor engine: time is passed in (the daemon
/// clock), nothing is read or written. The daemon drains transitions to store them.
public struct AlarmEngine: Sendable {
    public let definitions: [AlarmDefinition]
    public private(set) var records: [AlarmRecord]
    private var trackers: [Tracker]
    private let indexByID: [String: Int]
    private var limitAlarmsByMachine: [String: [Int]] = [:]
    private var rejectRateMachines: Set<String> = []
    private var countWindows: [String: CountWindow] = [:]
    private var nextOccurrence: Int64
    private var pending: [AlarmTransition] = []
    private var changed: Set<Int> = []
    /// Activations (definition index, time) in the KPI window, oldest first.
    private var activations: [(index: Int, at: Timestamp)] = []
    private var floodSince: Timestamp?
    /// The longest a timed shelve may last.
    public let maximumShelve: Seconds

    private struct Tracker: Sendable {
        /// The raw condition (limit crossed, state held long enough), before the delays.
        var raw = false
        var rawSince: Timestamp = 0
    }

    /// Parts counted per 10-second bucket, for reject-rate alarms.
    private struct CountWindow: Sendable {
        var buckets: [(start: Timestamp, total: Int64, reject: Int64)] = []
    }

    /// - Parameters:
    ///   - restoring: records as the store last saved them.
    ///   - activations: stored activations of the KPI window, oldest first.
    ///   - lastOccurrence: the highest occurrence number ever given.
    public init(
        definitions: [AlarmDefinition], restoring: [AlarmRecord] = [], activations: [(definition: String, at: Timestamp)] = [],
        lastOccurrence: Int64 = 0, maximumShelve: Seconds = 8 * 3600, now: Timestamp
    ) {
        var defs = definitions
        for system in AlarmDefinition.system where !defs.contains(where: { $0.id == system.id }) { defs.append(system) }
        self.definitions = defs
        let saved = Dictionary(restoring.map { ($0.definition, $0) }, uniquingKeysWith: { _, b in b })
        self.records = defs.map { saved[$0.id] ?? AlarmRecord(definition: $0.id, since: now) }
        var index: [String: Int] = [:]
        for (i, d) in defs.enumerated() { index[d.id] = i }
        self.indexByID = index
        // A restored record's condition is taken as it was; the trackers start from it.
        self.trackers = records.map { Tracker(raw: $0.active, rawSince: $0.activatedAt ?? now) }
        self.nextOccurrence = max(lastOccurrence, records.compactMap(\.occurrence).max() ?? 0) + 1
        self.maximumShelve = maximumShelve
        for (i, d) in defs.enumerated() {
            if case .limit = d.condition, let m = d.machine { limitAlarmsByMachine[m, default: []].append(i) }
            if case .rejectRate = d.condition, let m = d.machine { rejectRateMachines.insert(m) }
        }
        self.activations = activations.compactMap { a in index[a.definition].map { (index: $0, at: a.at) } }
    }

    /// The same engine with new definitions (a configuration reload): alarms that keep
    /// their id keep their state, occurrence and history; new ones start normal; removed
    /// ones are gone. A definition whose condition changed starts its tracking afresh.
    public func reconfigured(definitions new: [AlarmDefinition], maximumShelve: Seconds, now: Timestamp) -> AlarmEngine {
        let history = activations.map { (definition: definitions[$0.index].id, at: $0.at) }
        var next = AlarmEngine(
            definitions: new, restoring: records, activations: history, lastOccurrence: nextOccurrence - 1,
            maximumShelve: maximumShelve, now: now)
        for (i, d) in next.definitions.enumerated() {
            if let old = indexByID[d.id], definitions[old].condition == d.condition { next.trackers[i] = trackers[old] }
        }
        next.floodSince = floodSince
        next.countWindows = countWindows
        return next
    }

    public func definition(_ id: String) -> AlarmDefinition? { indexByID[id].map { definitions[$0] } }
    public func record(_ id: String) -> AlarmRecord? { indexByID[id].map { records[$0] } }

    /// True when a reject-rate alarm watches this machine's counts (only those are kept).
    public func watchesCounts(of machine: String) -> Bool { rejectRateMachines.contains(machine) }

    /// True when some limit alarm watches this machine's process values.
    public func watchesValues(of machine: String) -> Bool { limitAlarmsByMachine[machine] != nil }

    // MARK: Conditions

    /// New process values of a machine: limit alarms follow them, with deadband.
    public mutating func observe(machine: String, values: [ProcessValue], at now: Timestamp) {
        guard let indices = limitAlarmsByMachine[machine] else { return }
        for i in indices {
            guard case .limit(let name, let kind, let limit, let deadband) = definitions[i].condition,
                let pv = values.last(where: { $0.name == name })
            else { continue }
            let v = pv.value
            let beyond = kind.isHigh ? v > limit : v < limit
            let backInside = kind.isHigh ? v < limit - deadband : v > limit + deadband
            var t = trackers[i]
            if !t.raw && beyond {
                t = Tracker(raw: true, rawSince: now)
            } else if t.raw && backInside {
                t = Tracker(raw: false, rawSince: now)
            }
            trackers[i] = t
            if records[i].value != v {
                records[i].value = v
            }
            settleDelays(i, now: now)
        }
    }

    /// Parts a machine made (the increase of its counters), for reject-rate alarms.
    public mutating func observeCounts(machine: String, total: Int64, reject: Int64, at now: Timestamp) {
        guard total != 0 || reject != 0 else { return }
        let bucket = now - now % (10 * Nanos.perSecond)
        var w = countWindows[machine] ?? CountWindow()
        if let last = w.buckets.last, last.start == bucket {
            w.buckets[w.buckets.count - 1].total = w.buckets[w.buckets.count - 1].total.clampedAdding(total)
            w.buckets[w.buckets.count - 1].reject = w.buckets[w.buckets.count - 1].reject.clampedAdding(reject)
        } else {
            w.buckets.append((bucket, total, reject))
        }
        countWindows[machine] = w
    }

    /// The clock rules: state durations, comm loss, reject rates, delays, shelve
    /// expiry and suppression by design, against the machines as they are now.
    /// `commLoss` says when a machine is lost (the floor engine's rule); by default only a
    /// machine that reported and went `offline` is.
    public mutating func tick(now: Timestamp, machines: [MachineLive], commLoss: CommLossRule = .afterReportingOnly) {
        let byID = Dictionary(machines.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for i in definitions.indices {
            let d = definitions[i]
            let m = d.machine.flatMap { byID[$0] }
            switch d.condition {
            case .stateLonger(let state, let longer):
                if let m {
                    let due = m.since + Nanos.from(seconds: longer)
                    let raw = m.state == state && now >= due
                    if raw != trackers[i].raw { trackers[i] = Tracker(raw: raw, rawSince: raw ? due : now) }
                }
            case .commLoss:
                // Nil from the rule: nothing to say yet (a machine never heard from, silent for less than the timeout).
                if let m, let (raw, since) = commLoss.lost(m, now: now), raw != trackers[i].raw {
                    trackers[i] = Tracker(raw: raw, rawSince: raw ? since : now)
                }
            case .rejectRate(let limit, let window, let minCount):
                if let id = d.machine {
                    let from = now - Nanos.from(seconds: window)
                    var w = countWindows[id] ?? CountWindow()
                    w.buckets.removeAll { $0.start + 10 * Nanos.perSecond <= from }
                    countWindows[id] = w
                    let total = w.buckets.reduce(Int64(0)) { $0.clampedAdding($1.total) }
                    let reject = w.buckets.reduce(Int64(0)) { $0.clampedAdding($1.reject) }
                    let raw = total >= max(minCount, 1) && Double(reject) / Double(total) > limit
                    if total > 0 { records[i].value = Double(reject) / Double(total) }
                    if raw != trackers[i].raw { trackers[i] = Tracker(raw: raw, rawSince: now) }
                }
            case .limit, .auditChain, .storeWrite, .brokerLost, .spc, .predicted, .maintenance:
                break
            }
            settleDelays(i, now: now)
            // Suppression by design follows the machine's state.
            if let m, !d.suppressWhen.isEmpty {
                let suppress = d.suppressWhen.contains(m.state)
                if suppress != records[i].designSuppressed { step(i, suppress ? .suppress : .unsuppress, at: now) }
            }
            if records[i].state == .shelved, let until = records[i].shelvedUntil, now >= until {
                step(i, .shelveExpired, at: now)
            }
        }
        updateFlood(now: now)
        let horizon = now - AlarmKPIRules.window
        if let k = activations.firstIndex(where: { $0.at >= horizon }), k > 0 {
            activations.removeFirst(k)
        } else if let last = activations.last, last.at < horizon {
            activations.removeAll()
        }
    }

    /// Raises or clears a daemon-owned alarm (the audit chain), with a detail naming the cause.
    /// Cleared without a detail, it keeps the one it was raised with: a lead who acknowledges
    /// it after the cause went away still reads what the cause was.
    public mutating func setSystemCondition(_ id: String, active: Bool, detail: String?, at now: Timestamp) {
        guard let i = indexByID[id] else { return }
        if detail != records[i].detail && (active || detail != nil) {
            records[i].detail = detail
            records[i].version += 1
            changed.insert(i)
        }
        trackers[i] = Tracker(raw: active, rawSince: now)
        settleDelays(i, now: now)
    }

    private mutating func settleDelays(_ i: Int, now: Timestamp) {
        let d = definitions[i]
        let t = trackers[i]
        let r = records[i]
        if t.raw && !r.active && now - t.rawSince >= Nanos.from(seconds: d.onDelay) {
            step(i, .conditionActive, at: now)
        } else if !t.raw && r.active && now - t.rawSince >= Nanos.from(seconds: d.offDelay) {
            step(i, .conditionCleared, at: now)
        }
    }

    /// Applies an event the engine itself caused: the lifecycle never refuses one.
    private mutating func step(_ i: Int, _ event: AlarmEngineEvent, at now: Timestamp) {
        let old = records[i]
        let new = AlarmLifecycle.apply(event, to: old, at: now, latching: definitions[i].latching, nextOccurrence: nextOccurrence)
        if let transition = commit(i, from: old, to: new, cause: event.event.cause, at: now, user: nil, comment: nil) {
            pending.append(transition)
        }
    }

    /// Takes record `i`'s next state; returns the transition to store, if there is one (a
    /// person's action always has one, even when it moves nothing).
    private mutating func commit(
        _ i: Int, from old: AlarmRecord, to new: AlarmRecord, cause: String, at now: Timestamp, user: String?, comment: String?
    ) -> AlarmTransition? {
        if new.occurrence == nextOccurrence && old.occurrence != nextOccurrence {
            nextOccurrence += 1
            activations.append((i, now))
        }
        records[i] = new
        if new != old { changed.insert(i) }
        let moved = new.state != old.state || new.acknowledged != old.acknowledged
        guard moved || user != nil else { return nil }
        return AlarmTransition(
            definition: new.definition, occurrence: new.occurrence, at: now, from: old.state, to: new.state,
            cause: cause, user: user, comment: comment, value: new.value)
    }

    // MARK: People

    /// Finds an alarm by definition id or by occurrence number.
    public func find(_ key: String) -> Int? {
        if let i = indexByID[key] { return i }
        let digits = key.hasPrefix("#") ? String(key.dropFirst()) : key
        guard let n = Int64(digits) else { return nil }
        return records.firstIndex { $0.occurrence == n }
    }

    /// A person's action on an alarm. The transition is returned (for the caller to
    /// store with its audit record in one transaction), not queued.
    public mutating func act(
        _ event: AlarmEvent, on key: String, user: String, comment: String?, at now: Timestamp
    ) throws(AlarmActionError) -> (before: AlarmRecord, after: AlarmRecord, transition: AlarmTransition) {
        guard let i = find(key) else { throw AlarmActionError("no alarm \"\(key)\" (use a definition id or an occurrence number)") }
        if case .shelve(let until) = event, let until, until - now > Nanos.from(seconds: maximumShelve) {
            throw AlarmActionError("a shelve may last at most \(DurationText.format(maximumShelve))")
        }
        let before = records[i]
        var after = try AlarmLifecycle.apply(event, to: before, at: now, latching: definitions[i].latching, nextOccurrence: nextOccurrence)
        let transition = commit(i, from: before, to: after, cause: event.cause, at: now, user: user, comment: comment)
        if case .shelve = event {
            after.shelveReason = comment
            after.shelvedBy = user
            after.version = max(after.version, before.version + 1)
            records[i] = after
        }
        // Reported to the caller, not drained by the flusher: one transaction with the audit record.
        changed.remove(i)
        let t =
            transition
            ?? AlarmTransition(
                definition: after.definition, occurrence: after.occurrence, at: now, from: before.state, to: after.state,
                cause: event.cause, user: user, comment: comment)
        return (before, after, t)
    }

    /// A person's action that was decided on a copy of this engine and stored (record,
    /// transition, audit record) is applied here, the live engine, too. Conditions may have
    /// moved the alarm since the copy was made (suppressed by design, cleared): the action then
    /// follows the lifecycle from there, or no longer applies at all and is refused here, which
    /// is returned (the person's action as decided and audited stands). Either way, when the
    /// record here is no longer the one stored, it goes to the next drain with a version above
    /// the stored one, so the store follows the live alarm instead of keeping the decided one.
    public mutating func follow(
        _ event: AlarmEvent, on key: String, user: String, comment: String?, at now: Timestamp, stored: AlarmRecord
    ) -> AlarmActionError? {
        var refusal: AlarmActionError?
        do throws(AlarmActionError) {
            _ = try act(event, on: key, user: user, comment: comment, at: now)
        } catch {
            refusal = error
        }
        guard let i = indexByID[stored.definition] else { return refusal }
        var live = records[i]
        live.version = stored.version
        if live != stored {
            records[i].version = max(records[i].version, stored.version) + 1
            changed.insert(i)
        }
        return refusal
    }

    /// Transitions the engine caused and records that changed since the last drain.
    public mutating func drain() -> (transitions: [AlarmTransition], records: [AlarmRecord]) {
        let out = (pending, changed.sorted().map { records[$0] })
        pending.removeAll(keepingCapacity: true)
        changed.removeAll(keepingCapacity: true)
        return out
    }

    // MARK: KPIs

    private mutating func updateFlood(now: Timestamp) {
        let recent = activations.reversed().prefix { $0.at > now - AlarmKPIRules.floodWindow }.count
        if floodSince == nil && recent > AlarmKPIRules.floodStartAbove {
            // The flood began with the activation that took the count over the limit.
            let inWindow = activations.filter { $0.at > now - AlarmKPIRules.floodWindow }
            floodSince = inWindow[AlarmKPIRules.floodStartAbove].at
        } else if floodSince != nil && recent < AlarmKPIRules.floodEndBelow {
            floodSince = nil
        }
    }

    public var inFlood: Bool { floodSince != nil }

    /// The KPIs as of `now`.
    public func kpis(now: Timestamp) -> AlarmKPIs {
        var k = AlarmKPIs()
        let window = activations.filter { $0.at > now - AlarmKPIRules.window && $0.at <= now }
        k.windowSeconds = Int(AlarmKPIRules.window / Nanos.perSecond)
        k.lastTenMinutes = window.filter { $0.at > now - AlarmKPIRules.floodWindow }.count
        let first = window.first?.at ?? now
        let span = max(Double(now - first), Double(AlarmKPIRules.floodWindow))
        k.averagePerTenMinutes = window.isEmpty ? 0 : Double(window.count) / (span / Double(AlarmKPIRules.floodWindow))
        k.flood = floodSince != nil
        k.floodSince = floodSince.map(ISOTime.format)
        var counts: [Int: Int] = [:]
        var times: [Int: [Timestamp]] = [:]
        var priorities: [String: Int] = [:]
        for a in window {
            counts[a.index, default: 0] += 1
            times[a.index, default: []].append(a.at)
            priorities[definitions[a.index].priority.rawValue, default: 0] += 1
        }
        k.priorities = priorities
        k.topTen = counts.sorted { $0.value != $1.value ? $0.value > $1.value : definitions[$0.key].id < definitions[$1.key].id }
            .prefix(10).map { AlarmCount(definition: definitions[$0.key].id, count: $0.value) }
        k.chattering = times.compactMap { i, ts -> String? in
            let n = AlarmKPIRules.chatterCount
            guard ts.count >= n else { return nil }
            for j in (n - 1)..<ts.count where ts[j] - ts[j - n + 1] <= AlarmKPIRules.chatterWindow {
                return definitions[i].id
            }
            return nil
        }.sorted()
        k.stale = records.filter { r in r.active && (r.activatedAt.map { now - $0 > AlarmKPIRules.staleAfter } ?? false) }
            .map(\.definition).sorted()
        return k
    }

    /// Every alarm's first activation time in the current flood (first-out first).
    public func firstOutOrder() -> [String] {
        records.filter { $0.state.isAnnunciated }.sorted { ($0.activatedAt ?? 0) < ($1.activatedAt ?? 0) }.map(\.definition)
    }
}
