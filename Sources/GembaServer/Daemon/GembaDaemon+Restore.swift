import GembaCore
import GembaStore
import Logging

/// Start-up, first step: the database opened and repaired, the engines rebuilt from it.
extension GembaDaemon {
    /// What the daemon starts from.
    struct Restored {
        let store: FloorStore
        let repairs: [TimestampRepair]
        let floor: LiveFloor
        let startTime: Timestamp
    }

    /// Opens the database, repairs rows stamped ahead of the clock, and rebuilds the live
    /// floor (machines, alarms, the current shift's intervals) from what it holds. A broken
    /// audit chain is logged and raised as an alarm; the daemon runs on.
    static func restore(_ options: Options, logger: Logger) throws -> Restored {
        let store: FloorStore
        let repairs: [TimestampRepair]
        let floor: LiveFloor
        let startTime = options.clock()
        let key = try AuditKeyFile.load(path: AuditKeyFile.path(plant: options.plant, database: options.databasePath), database: options.databasePath)
        do {
            store = try FloorStore(path: options.databasePath, auditKey: key)
            try store.syncPlant(options.plant)
        } catch {
            throw DaemonError.database(options.databasePath, "\(error)")
        }
        // What the last stop could not write goes in first, before the floor is read back.
        _ = try SpillFile.replay(into: store, database: options.databasePath, now: startTime, logger: logger)
        // Rows stamped after the clock (plus max_clock_skew), kept by a daemon that took such lines,
        // would make their machine refuse every line from now on: they go first.
        do {
            let now = options.clock()
            let calendar = ShiftCalendar(shifts: options.plant.shifts, timezone: options.plant.timezone)
            repairs = try store.repairTimestamps(
                until: now.clampedAdding(Nanos.from(seconds: options.plant.maxClockSkew)), currentShift: calendar.shift(at: now))
        } catch {
            throw DaemonError.database(options.databasePath, "\(error)")
        }
        for r in repairs { logger.warning("\(r.description)") }
        let restored: [MachineLive]
        do { restored = try store.loadLive() } catch { throw DaemonError.database(options.databasePath, "\(error)") }
        let engine = FloorEngine(plant: options.plant, restoring: restored, now: options.clock())
        let alarms: AlarmEngine
        let chain: AuditVerification
        do {
            alarms = AlarmEngine(
                definitions: options.plant.alarms, restoring: try store.loadAlarms(),
                activations: try store.alarmActivations(since: startTime - AlarmKPIRules.window),
                lastOccurrence: try store.lastAlarmOccurrence(), maximumShelve: options.plant.maximumShelve, now: startTime)
            chain = try store.verifyAudit()
        } catch {
            throw DaemonError.database(options.databasePath, "\(error)")
        }
        floor = LiveFloor(engine: engine, alarms: alarms, logger: logger)
        // A broken audit chain is a critical alarm naming the record; the daemon runs on.
        if !chain.ok {
            logger.critical(
                "the audit trail does not verify",
                metadata: ["record": .stringConvertible(chain.failedRecord ?? 0), "reason": .string(chain.failure ?? "")])
        }
        floor.setSystemAlarm(
            AlarmDefinition.auditChainBroken.id, active: !chain.ok,
            detail: chain.ok ? nil : "first bad record \(chain.failedRecord ?? 0): \(chain.failure ?? "")", at: startTime)
        // Live OEE needs the current shift's closed intervals, which the store kept.
        if let shift = engine.calendar.shift(at: options.clock()) {
            do {
                for m in options.plant.machines { floor.restoreShiftIntervals(try store.intervals(machine: m.id, from: shift.start, to: shift.end)) }
            } catch {
                throw DaemonError.database(options.databasePath, "cannot read the current shift's intervals: \(error)")
            }
        }
        // SPC: each characteristic's baseline (its limits) and last points (the runs its rules
        // look back over), as the store kept them.
        do {
            for c in options.plant.spc {
                let baseline: [SPCStoredPoint]
                switch c.limits {
                case .baseline(let from, let to): baseline = try store.spcPoints(c.id, from: from, to: to)
                case .firstPoints: baseline = try store.firstSPCPoints(c.id, limit: SPCCharacteristic.autoBaseline)
                case .fixed: baseline = []
                }
                floor.restoreSPC(c.id, baseline: baseline, recent: try store.lastSPCPoints(c.id, limit: 15))
            }
        } catch {
            throw DaemonError.database(options.databasePath, "cannot read the SPC points: \(error)")
        }
        // Maintenance plans: each meter since the plan was last done, from the store.
        do {
            floor.restoreMaintenance(try store.maintenanceReadings(options.plant.maintenance, now: options.clock()))
        } catch {
            throw DaemonError.database(options.databasePath, "cannot read the maintenance plans: \(error)")
        }
        // Trend-to-limit prediction: the last window of each followed value's minutes.
        do {
            let now = options.clock()
            let from = now - Nanos.from(seconds: options.plant.prediction.window)
            for (machine, value) in floor.predictedSeries {
                let minutes = try store.history(machine: machine, name: value, from: from, to: now, step: Nanos.perMinute, pending: [])
                floor.restoreTrend(machine: machine, value: value, minutes: minutes)
            }
        } catch {
            throw DaemonError.database(options.databasePath, "cannot read the history the predictions start from: \(error)")
        }
        return Restored(store: store, repairs: repairs, floor: floor, startTime: startTime)
    }
}
