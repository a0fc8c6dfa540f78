import Foundation
import GembaCore
import GembaStore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Start-up, third step, and the daemon's heartbeat: the flusher, on a thread of its own,
/// hands the engine's changes to the store in batches and pushes them to consoles.
extension GembaDaemon {
    /// Starts the repeated flush every `flushInterval`.
    func startFlusher() {
        let task = flushGroup.next().scheduleRepeatedTask(initialDelay: options.flushInterval, delay: options.flushInterval) {
            [weak self] _ in self?.flush()
        }
        flushTask.withLockedValue { $0 = task }
    }

    /// One batch: clock rules, persist in one transaction, push to consoles.
    /// Runs on the flusher's own thread, so SQLite never blocks an event loop. `last`: the
    /// daemon is stopping, and every process value still unstored goes into this batch.
    func flush(last: Bool = false) {
        let now = options.clock()
        // Queries join the store with what the daemon holds beyond it (the engine's undrained
        // changes and this backlog). The gate makes each hand-over atomic for them: the drain
        // into the backlog, and each commit with the batch leaving the backlog. A database
        // that keeps the transaction from starting delays this thread only.
        sparkplug?.tick(now: now)
        if !last { outputs.tick(now: now, pool: backgroundPool) }
        let history = FloorHistory(floor: floor, store: store)
        let (changes, stats) = history.handingOver {
            let (changes, stats) = floor.tick(now: now, last: last)
            if !changes.isEmpty { floor.backlog.withLockedValue { $0.append(changes) } }
            return (changes, stats)
        }
        while let batch = floor.backlog.withLockedValue({ $0.first }) {
            do {
                try store.write(batch) { commit in
                    try history.handingOver {
                        try commit()
                        floor.backlog.withLockedValue { _ = $0.removeFirst() }
                    }
                }
                writeRecovered(now: now)
            } catch {
                // Kept in the backlog and retried on the next tick: nothing accepted is dropped.
                writeFailed(error, now: now)
                break
            }
        }
        let changed = floor.statuses(of: changes.changedMachines)
        let statsChanged = lastStats.withLockedValue { last in
            defer { last = stats }
            return last != stats
        }
        let shift = service.currentShift(now: now)
        scheduler?.tick(now: now)
        // The alarm board goes out when an alarm changed, and every 5 s when its KPIs moved with time.
        var board: AlarmBoard?
        let due = lastAlarmBoard.withLockedValue { last in
            if !changes.alarmRecords.isEmpty || now - last.at >= 5 * Nanos.perSecond { return true }
            return false
        }
        if due {
            let fresh = floor.alarmBoard(now: now)
            board = lastAlarmBoard.withLockedValue { last in
                defer { last = (now, fresh) }
                return last.board == fresh ? nil : fresh
            }
        }
        // The database's size, looked at every 5 s, goes out when it changed (the snapshot has it already).
        let daemon: DaemonInfo? = lastDatabaseSize.withLockedValue { last in
            if let last, now - last.at < 5 * Nanos.perSecond { return nil }
            let info = service.facts.info(now: now)
            defer { last = (now, info.database.bytes) }
            guard let before = last, before.bytes != info.database.bytes else { return nil }
            return info
        }
        publisher?.publish(changed: changed, alarms: board, now: now)
        // The broker's state goes out when the connection changed, its counts at most once a second.
        let mqtt: MQTTStatus? = sparkplug.flatMap { ingest in
            var fresh = ingest.status
            fresh.publish = publisher?.status
            return lastMQTT.withLockedValue { last in
                let due =
                    last.status?.connected != fresh.connected || last.status?.lastError != fresh.lastError
                    || (now - last.at >= Nanos.perSecond && last.status != fresh)
                guard due else { return nil }
                last = (now, fresh)
                return fresh
            }
        }
        hub.publish(
            changed: changed, telemetryChanged: statsChanged, stats: stats, shift: shift, now: now, alarms: board, daemon: daemon, mqtt: mqtt)
        // People's minutes of refusals that are over: those not recorded one by one are summed up.
        do {
            try service.appendRefusalSummaries(now: now)
        } catch {
            logger.error(
                "refusals not recorded one by one could not be summed up in the audit trail; their count is lost",
                metadata: ["error": .string("\(error)")])
        }
        pruneHistoryIfDue(now: now)
        // A shift just ended: cache its OEE ledgers, off this thread.
        let rolled = lastShiftStart.withLockedValue { last in
            defer { last = shift?.startNanos }
            return last != nil && last != shift?.startNanos
        }
        if rolled, let previous = floor.calendar.previous(before: now) {
            let warmService = OEEService(floor: floor, store: store, clock: options.clock)
            backgroundPool.submit { state in
                guard case .active = state else { return }
                warmService.warm(from: previous.start, to: previous.end)
            }
        }
    }

    /// Every 10 minutes (and at the start), off this thread: each tier of process-value
    /// history trimmed to its retention (`history:`), so the disk it takes stays bounded.
    func pruneHistoryIfDue(now: Timestamp) {
        let due = lastHistoryPrune.withLockedValue { last in
            if let last, now.clampedSubtracting(last) < 10 * Nanos.perMinute { return false }
            last = now
            return true
        }
        guard due else { return }
        let (store, retention, logger) = (store, options.plant.history, logger)
        backgroundPool.submit { state in
            guard case .active = state else { return }
            do {
                let removed = try store.pruneHistory(retention, now: now)
                if removed > 0 { logger.debug("process-value history trimmed to its retention", metadata: ["rows": .stringConvertible(removed)]) }
            } catch {
                logger.warning(
                    "process-value history could not be trimmed to its retention; tried again in 10 minutes", metadata: ["error": .string("\(error)")]
                )
            }
        }
    }

    /// A write failed: the first failure is logged and raises `store-unwritable`; while it
    /// lasts, one line a minute says how many more failed and how much waits in memory.
    func writeFailed(_ error: any Error, now: Timestamp) {
        let waiting = floor.backlog.withLockedValue { $0.count }
        let line: String? = writeFailures.withLockedValue { f in
            guard var state = f else {
                f = WriteFailures(since: now, lastLogged: now, unlogged: 0)
                return "cannot write to the database; what was accepted waits in memory and is written when it can be"
            }
            state.unlogged += 1
            defer { f = state }
            guard now - state.lastLogged >= 60 * Nanos.perSecond else { return nil }
            let text = "still cannot write to the database (\(state.unlogged) more failed writes in the last minute)"
            state.lastLogged = now
            state.unlogged = 0
            return text
        }
        guard let line else { return }
        logger.error(
            "\(line)", metadata: ["error": .string("\(error)"), "batches waiting": .stringConvertible(waiting)])
        floor.setSystemAlarm(
            AlarmDefinition.storeUnwritable.id, active: true, detail: "\(error); \(waiting) batch(es) waiting in memory", at: now)
    }

    /// A write succeeded: after failures, say so and clear `store-unwritable`.
    func writeRecovered(now: Timestamp) {
        guard
            let was = writeFailures.withLockedValue({ f in
                defer { f = nil }
                return f
            })
        else { return }
        logger.warning(
            "the database can be written again; what waited in memory is being written",
            metadata: ["unwritable for": .string(DurationText.format(Nanos.seconds(now - was.since)))])
        floor.setSystemAlarm(AlarmDefinition.storeUnwritable.id, active: false, detail: nil, at: now)
    }

    /// Stopping with a backlog the database will not take: keep trying for `stop_grace`, then
    /// write it to the spill file (replayed at the next start). Returns what happened to it.
    func drainBacklogAtStop() -> StopOutcome {
        let grace = Nanos.from(seconds: options.plant.stopGrace)
        let start = DaemonClock.now()
        while floor.backlog.withLockedValue({ !$0.isEmpty }) && DaemonClock.now() - start < grace {
            Thread.sleep(forTimeInterval: 0.5)
            flush(last: true)
        }
        let left = floor.backlog.withLockedValue { b in
            defer { b.removeAll() }
            return b
        }
        guard !left.isEmpty else { return .clean }
        let spill = SpillFile.path(database: options.databasePath)
        let lines = left.reduce(0) { $0 + $1.minuteCounts.count + $1.closedIntervals.count + $1.changedMachines.count }
        do {
            try SpillFile.write(left, database: options.databasePath)
            logger.critical(
                "the database could not be written within stop_grace: what was accepted is in the spill file, replayed at the next start",
                metadata: ["spill": .string(spill), "batches": .stringConvertible(left.count), "rows": .stringConvertible(lines)])
            return .spilled(path: spill, batches: left.count)
        } catch {
            logger.critical(
                "the database could not be written and neither could the spill file: this accepted data is lost",
                metadata: ["error": .string("\(error)"), "batches": .stringConvertible(left.count), "rows": .stringConvertible(lines)])
            return .lost(batches: left.count, reason: "\(error)")
        }
    }
}

/// How long the database has failed writes, and what the log has not said yet.
struct WriteFailures: Sendable {
    var since: Timestamp
    var lastLogged: Timestamp
    var unlogged: Int
}

/// What `stop()` did with what the daemon had accepted.
public enum StopOutcome: Sendable, Equatable {
    /// Everything is in the database.
    case clean
    /// The database could not be written within `stop_grace`: it is in the spill file.
    case spilled(path: String, batches: Int)
    /// Neither the database nor the spill file could be written.
    case lost(batches: Int, reason: String)
}
