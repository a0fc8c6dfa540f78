/// The daemon's maintenance plans as the machines run: each plan's meter reading, added up
/// from the intervals and counts the engine closes, with what is due and overdue and the
/// alarms that say so.
///
/// Pure and synchronous like the alarm engine it feeds: the daemon calls it under the
/// floor's lock with each drained batch and the clock.
public struct MaintenanceTracker: Sendable {
    public let plans: [MaintenancePlan]
    private var readings: [MaintenanceMeterReading]
    private var byMachine: [String: [Int]] = [:]
    private var states: [MaintenanceStatus.State?]
    /// What each plan's alarm says, and when it last said something new.
    private var details: [String]
    private var detailAt: [Timestamp]

    /// How often an active plan's alarm detail may follow its meter (a cycles plan's text
    /// changes with every part: every flush would push the alarm to every console).
    public static let detailInterval: Timestamp = 60 * Nanos.perSecond

    /// What the alarms of one plan should become.
    public struct Outcome: Sendable, Equatable {
        public var plan: MaintenancePlan
        public var state: MaintenanceStatus.State
        public var detail: String
    }

    /// Every plan starts counting at `now` until the store's readings are restored.
    public init(plans: [MaintenancePlan], now: Timestamp) {
        self.plans = plans
        readings = plans.map { MaintenanceMeterReading(since: $0.lastDone ?? now) }
        states = plans.map { _ in nil }
        details = plans.map { _ in "" }
        detailAt = plans.map { _ in .min }
        for (i, p) in plans.enumerated() { byMachine[p.machine, default: []].append(i) }
    }

    public var isEmpty: Bool { plans.isEmpty }

    func index(machine: String, plan: String) -> Int? {
        byMachine[machine]?.first { plans[$0].id == plan }
    }

    /// A plan's reading as the store kept it (a restart).
    public mutating func restore(machine: String, plan: String, _ reading: MaintenanceMeterReading) {
        guard let i = index(machine: machine, plan: plan) else { return }
        readings[i] = reading
    }

    /// The same tracker for new plans (a reload): plans that stay keep their readings.
    public func reconfigured(plans new: [MaintenancePlan], now: Timestamp) -> MaintenanceTracker {
        var next = MaintenanceTracker(plans: new, now: now)
        for (i, p) in new.enumerated() {
            if let old = index(machine: p.machine, plan: p.id) {
                next.readings[i] = readings[old]
                if plans[old] == p { next.states[i] = states[old] }
            }
        }
        return next
    }

    /// Intervals and counts the engine closed: the meters of their machines' plans run on.
    public mutating func take(intervals: [StateInterval], counts: [MinuteCount]) {
        for interval in intervals where interval.state == .running {
            for i in byMachine[interval.machine] ?? [] { readings[i].add(interval) }
        }
        for count in counts where count.total > 0 {
            for i in byMachine[count.machine] ?? [] { readings[i].add(count) }
        }
    }

    /// Every plan (or machine `machine`'s) as it stands at `now`; `machines` gives the open
    /// intervals, whose running time counts too, and `pending` what the engine closed and
    /// counted that this tracker has not taken yet.
    public func statuses(
        machines: [MachineLive], machine: String? = nil, now: Timestamp,
        pending: (String) -> (intervals: [StateInterval], minutes: [MinuteCount]) = { _ in ([], []) }
    ) -> [MaintenanceStatus] {
        let live = Dictionary(machines.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var held: [String: (intervals: [StateInterval], minutes: [MinuteCount])] = [:]
        return plans.indices.compactMap { i in
            let p = plans[i]
            guard machine == nil || p.machine == machine else { return nil }
            if held[p.machine] == nil { held[p.machine] = pending(p.machine) }
            return status(i, live: live[p.machine], now: now, pending: held[p.machine])
        }
    }

    private func status(
        _ i: Int, live: MachineLive?, now: Timestamp, pending: (intervals: [StateInterval], minutes: [MinuteCount])? = nil
    ) -> MaintenanceStatus {
        var reading = readings[i]
        for interval in pending?.intervals ?? [] { reading.add(interval) }
        for count in pending?.minutes ?? [] { reading.add(count) }
        // The open running interval counts up to now; a feed catching up on its past (its
        // samples' times a minute or more behind when they arrived: a backfill) counts up to
        // its last sample, else its whole gap would count as running and the plan would swing
        // between due and overdue as the intervals close.
        var runningNow: Int64 = 0
        if let live, live.state == .running {
            var end = now
            if let seen = live.lastSeen, let received = live.lastReceived, received - seen >= Nanos.perMinute { end = min(now, seen) }
            if end > max(live.since, reading.since) { runningNow = end - max(live.since, reading.since) }
        }
        return MaintenanceStatus(plan: plans[i], reading: reading, runningNow: runningNow, now: now)
    }

    /// The plans whose state changed since the last call (at the first call, every plan),
    /// and due or overdue ones whose detail moved (at most once a `detailInterval`): what
    /// their alarms should become and say.
    public mutating func tick(machines: [MachineLive], now: Timestamp) -> [Outcome] {
        let live = Dictionary(machines.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [Outcome] = []
        for i in plans.indices {
            let s = status(i, live: live[plans[i].machine], now: now)
            let detail = "\(s.remaining) (every \(plans[i].meter.text))"
            let moved = s.state != .ok && detail != details[i] && now.clampedSubtracting(detailAt[i]) >= Self.detailInterval
            guard s.state != states[i] || moved else { continue }
            states[i] = s.state
            details[i] = detail
            detailAt[i] = now
            out.append(Outcome(plan: plans[i], state: s.state, detail: detail))
        }
        return out
    }
}
