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
    /// Runs on the flusher's own thread, so SQLite never blocks an event loop.
    func flush() {
        let now = options.clock()
        // Queries join the store with what the daemon holds beyond it (the engine's undrained
        // changes and this backlog). The gate makes each hand-over atomic for them: the drain
        // into the backlog, and each commit with the batch leaving the backlog. A database
        // that keeps the transaction from starting delays this thread only.
        let history = FloorHistory(floor: floor, store: store)
        let (changes, stats) = history.handingOver {
            let (changes, stats) = floor.tick(now: now)
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
            } catch {
                // Kept in the backlog and retried on the next tick: nothing accepted is dropped.
                logger.error("cannot write to the database; will retry", metadata: ["error": .string("\(error)")])
                break
            }
        }
        let changed = changes.changedMachines.compactMap(floor.status(of:))
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
        hub.publish(changed: changed, telemetryChanged: statsChanged, stats: stats, shift: shift, now: now, alarms: board, daemon: daemon)
        // People's minutes of refusals that are over: those not recorded one by one are summed up.
        do {
            try service.appendRefusalSummaries(now: now)
        } catch {
            logger.error(
                "refusals not recorded one by one could not be summed up in the audit trail; their count is lost",
                metadata: ["error": .string("\(error)")])
        }
        // A shift just ended: cache its OEE ledgers, off this thread.
        let rolled = lastShiftStart.withLockedValue { last in
            defer { last = shift?.startNanos }
            return last != nil && last != shift?.startNanos
        }
        if rolled, let previous = floor.calendar.previous(before: now) {
            let warmService = OEEService(floor: floor, store: store, clock: options.clock)
            pool.submit { state in
                guard case .active = state else { return }
                warmService.warm(from: previous.start, to: previous.end)
            }
        }
    }

    /// Stops listening, writes what is pending, and releases the runtime directory.
}
