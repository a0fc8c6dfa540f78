import GembaCore
import NIOConcurrencyHelpers

/// The live floor's quality side: process-value history the store does not have yet, the
/// alarm limits a chart draws, and SPC (points judged as they come, measurements, restore).
extension LiveFloor {
    /// What the daemon holds of value `name`'s history of machine `id` and the store does not
    /// have yet: batches waiting for the database first (they are older), then the engine's.
    func unstoredHistory(machine id: String, name: String) -> [HistoryMinute] {
        let held = state.withLockedValue { $0.engine.pendingHistory(machine: id, name: name) }
        let waiting = backlog.withLockedValue { batches in batches.flatMap { $0.history.filter { $0.machine == id && $0.name == name } } }
        return waiting + held
    }

    /// The limits alarms set on machine `machine`'s value `name` (as the last reload set them).
    public func alarmLimits(machine: String, value name: String) -> [Double] {
        state.withLockedValue { s in
            s.alarms.definitions.compactMap { d in
                guard d.machine == nil || d.machine == machine, case .limit(let v, _, let limit, _) = d.condition, v == name else { return nil }
                return limit
            }
        }
    }

    /// A look at a value's trend raises its predicted alarm, clears it, or (nil) leaves it.
    static func predict(_ o: TrendMonitor.Outcome, _ alarms: inout AlarmEngine, at now: Timestamp) {
        guard let active = o.condition else { return }
        alarms.setSystemCondition(o.alarmID, active: active, detail: active ? o.detail : nil, at: now)
    }

    /// The series trend-to-limit prediction follows, for the daemon to restore after a restart.
    public var predictedSeries: [(machine: String, value: String)] { state.withLockedValue { $0.trends.followed } }

    /// A series' stored minutes, after a restart.
    public func restoreTrend(machine: String, value: String, minutes: [HistoryPoint]) {
        state.withLockedValue { $0.trends.restore(machine: machine, value: value, minutes: minutes) }
    }

    /// The trend of machine `machine`'s value `value` now, when prediction follows it.
    public func trend(machine: String, value: String, at now: Timestamp) -> TheilSenTrend? {
        state.withLockedValue { $0.trends.trend(machine: machine, value: value, now: now) }
    }

    /// A judged SPC point raises its characteristic's alarm when it breaks a rule, and clears
    /// it when it breaks none.
    static func judge(_ o: SPCMonitor.Outcome, _ alarms: inout AlarmEngine, at now: Timestamp) {
        guard o.judged, let active = o.condition else { return }
        alarms.setSystemCondition(o.alarmID, active: active, detail: o.detail.isEmpty ? nil : o.detail, at: now)
    }

    /// A measured subgroup, stored already with its audit record: judged, and the alarm
    /// raised or cleared. Returns how it was judged.
    public func measure(_ id: String, readings: [Double], at now: Timestamp) -> SPCMonitor.Outcome? {
        state.withLockedValue { s in
            let o = s.spc.measure(id, readings: readings, at: now)
            if let o { Self.judge(o, &s.alarms, at: now) }
            return o
        }
    }

    /// After a restart: a characteristic's stored baseline and last points.
    public func restoreSPC(_ id: String, baseline: [SPCStoredPoint], recent: [SPCStoredPoint]) {
        state.withLockedValue { $0.spc.restore(id, baseline: baseline, recent: recent) }
    }

    /// A characteristic's limits in force, or why there are none yet.
    public func spcLimits(_ id: String) -> (limits: SPCLimits?, refusal: String?) {
        state.withLockedValue { $0.spc.limits(of: id) }
    }

    /// SPC points accepted and not in the store yet (waiting in the backlog or the monitor).
    func unstoredSPC(_ id: String) -> [SPCStoredPoint] {
        let waiting = backlog.withLockedValue { batches in batches.flatMap { $0.spcPoints.filter { $0.characteristic == id } } }
        return waiting + state.withLockedValue { $0.spc.pending(id) }
    }
}
