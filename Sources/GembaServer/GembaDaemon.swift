#if canImport(Glibc)
import Glibc
#endif
import GembaCore
import GembaStore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// `gemba serve`: the one process that writes the database. It listens for
/// telemetry (Unix socket, optionally TCP and UDP on loopback) and for consoles,
/// runs the engine, persists its changes in batches and pushes deltas.
///
/// Start with `start(_:)`, stop with `stop()`; `stop()` writes what is pending
/// before it returns, so nothing accepted is lost on a clean stop.
public final class GembaDaemon: Sendable {
    /// What a daemon needs to start.
    public struct Options: Sendable {
        public var plant: PlantConfig
        public var databasePath: String
        public var runtime: RuntimeDirectory
        public var version: String
        /// How often changes are written and pushed.
        public var flushInterval: TimeAmount
        public var clock: @Sendable () -> Timestamp
        /// Append accepted telemetry to this file, for `gemba replay`.
        public var recordPath: String?
        /// The plant file, read again by `gemba reload` and SIGHUP.
        public var configPath: String?

        public init(
            plant: PlantConfig, databasePath: String, runtime: RuntimeDirectory, version: String,
            flushInterval: TimeAmount = .milliseconds(25), clock: @escaping @Sendable () -> Timestamp = DaemonClock.now
        ) {
            self.plant = plant
            self.databasePath = databasePath
            self.runtime = runtime
            self.version = version
            self.flushInterval = flushInterval
            self.clock = clock
        }
    }

    public let options: Options
    public let core: IngestCore
    public let hub: ConsoleHub
    public let store: FloorStore
    public let service: ConsoleService
    private let lock: RuntimeLock
    private let group: MultiThreadedEventLoopGroup
    private let flushGroup: MultiThreadedEventLoopGroup
    private let pool: NIOThreadPool
    private let channels: NIOLockedValueBox<[any Channel]>
    private let flushTask: NIOLockedValueBox<RepeatedTask?>
    private let stopped = NIOLockedValueBox(false)
    /// Keeps the schedule current (nil when the plant file has no products).
    public let scheduler: SchedulerService?
    /// Who may connect in which role: replaced by a reload.
    let access: NIOLockedValueBox<AccessConfig>
    /// The configuration in effect (what a reload compares the file with).
    let effective: NIOLockedValueBox<PlantConfig>
    let logger: Logger

    /// What the start repaired of rows stamped ahead of the clock (or before 1970), per machine;
    /// each is also logged, one line per machine.
    public let repairs: [TimestampRepair]

    /// Bound ports (TCP and UDP), useful when the configuration asked for port 0 in tests.
    public let tcpPort: Int?
    public let udpPort: Int?

    public static func start(_ options: Options, logger: Logger) throws -> GembaDaemon {
        try GembaDaemon(options, logger: logger)
    }

    private init(_ options: Options, logger: Logger) throws {
        self.options = options
        self.logger = logger
        let runtime = options.runtime
        try runtime.validate()
        try runtime.create()
        self.lock = try RuntimeLock(directory: runtime)

        do {
            self.store = try FloorStore(path: options.databasePath)
            try store.syncPlant(options.plant)
        } catch {
            throw DaemonError.database(options.databasePath, "\(error)")
        }
        // Rows stamped after the clock (plus max_clock_skew), kept by a daemon that took such lines,
        // would make their machine refuse every line from now on: they go first.
        do {
            let now = options.clock()
            let calendar = ShiftCalendar(shifts: options.plant.shifts, timezone: options.plant.timezone)
            self.repairs = try store.repairTimestamps(
                until: now.clampedAdding(Nanos.from(seconds: options.plant.maxClockSkew)), currentShift: calendar.shift(at: now))
        } catch {
            throw DaemonError.database(options.databasePath, "\(error)")
        }
        for r in repairs { logger.warning("\(r.description)") }
        let restored: [MachineLive]
        do { restored = try store.loadLive() } catch { throw DaemonError.database(options.databasePath, "\(error)") }
        let engine = FloorEngine(plant: options.plant, restoring: restored, now: options.clock())
        let startTime = options.clock()
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
        self.core = IngestCore(engine: engine, alarms: alarms, logger: logger)
        // A broken audit chain is a critical alarm naming the record; the daemon runs on.
        if !chain.ok {
            logger.critical("the audit trail does not verify", metadata: ["record": .stringConvertible(chain.firstBad ?? 0), "reason": .string(chain.reason ?? "")])
        }
        core.setSystemAlarm(
            AlarmDefinition.auditChainBroken.id, active: !chain.ok,
            detail: chain.ok ? nil : "first bad record \(chain.firstBad ?? 0): \(chain.reason ?? "")", at: startTime)
        // Live OEE needs the current shift's closed intervals, which the store kept.
        if let shift = engine.calendar.shift(at: options.clock()) {
            for m in options.plant.machines {
                if let ivs = try? store.intervals(machine: m.id, from: shift.start, to: shift.end) { core.restoreShiftIntervals(ivs) }
            }
        }
        self.hub = ConsoleHub()
        self.service = ConsoleService(
            core: core, hub: hub, store: store, serverName: "gemba \(options.version)", clock: options.clock)
        hub.seed(core.machineStatuses(), alarms: core.alarmBoard(now: startTime))
        if options.plant.products.isEmpty {
            self.scheduler = nil
        } else {
            let scheduler = SchedulerService(core: core, store: store, hub: hub, clock: options.clock, logger: logger)
            self.scheduler = scheduler
            service.scheduler.withLockedValue { $0 = scheduler }
            hub.publishSchedule(scheduler.plan, shift: service.currentShift(now: startTime), now: startTime)
        }
        self.access = NIOLockedValueBox(options.plant.access)
        self.effective = NIOLockedValueBox(options.plant)
        let access = self.access
        var consoleGID: UInt32?
        if let group = options.plant.access.consoleGroup {
            guard let gid = Identity.groupID(name: group) else {
                throw DaemonError.runtimeDirectory(runtime.path, "console_group \"\(group)\" is not a group on this system (create it, or remove console_group)")
            }
            consoleGID = gid
        }

        self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(2, System.coreCount))
        self.flushGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        self.channels = NIOLockedValueBox([])
        self.flushTask = NIOLockedValueBox(nil)

        var bound: [any Channel] = []
        var tcpPort: Int?
        var udpPort: Int?
        do {
            let precision = options.plant.listeners.precision
            let core = self.core
            let recorder = try options.recordPath.map { try TelemetryRecorder(path: $0) }
            let clock = options.clock
            let telemetry = try Self.streamBootstrap(group: group) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let name = "unix#\(ObjectIdentifier(channel).hashValue & 0xffff)"
                    try channel.pipeline.syncOperations.addHandler(
                        TelemetryStreamHandler(core: core, name: name, precision: precision, recorder: recorder, clock: clock))
                }
            }.bind(unixDomainSocketPath: runtime.telemetrySocket, cleanupExistingSocketFile: true).wait()
            chmod(runtime.telemetrySocket, 0o660)
            bound.append(telemetry)

            let service = self.service
            let pool = self.pool
            let console = try Self.streamBootstrap(group: group) { channel in
                PeerCredentials.read(from: channel).flatMapThrowing { creds in
                    let identity = Identity.resolve(creds, access: access.withLockedValue { $0 })
                    if identity.roles.isEmpty {
                        // No role: say why, close at once, and record the refusal off the event loop.
                        try channel.pipeline.syncOperations.addHandler(RefusalHandler(identity: identity))
                        let log = logger
                        _ = pool.runIfActive(eventLoop: channel.eventLoop) {
                            do {
                                try service.audit(
                                    identity: identity, action: "connect", object: "console", outcome: "refused: user has no role in this plant")
                            } catch {
                                log.error("console connection of \(identity.user) (uid \(identity.uid)) refused, but not recorded in the audit trail: \(error)")
                            }
                        }
                        return
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        ConsoleSessionHandler(service: service, identity: identity, pool: pool))
                }.flatMapErrorThrowing { error in
                    // An unreadable peer is refused; close so that the descriptor does not leak.
                    channel.close(promise: nil)
                    throw error
                }
            }.bind(unixDomainSocketPath: runtime.consoleSocket, cleanupExistingSocketFile: true).wait()
            if let gid = consoleGID {
                // The console group reaches the socket through the directory, and may connect to it.
                _ = chown(runtime.path, UInt32.max, gid)
                chmod(runtime.path, 0o750)
                _ = chown(runtime.consoleSocket, UInt32.max, gid)
            }
            chmod(runtime.consoleSocket, 0o660)
            bound.append(console)

            for path in options.plant.listeners.unixPaths {
                let extra = try Self.streamBootstrap(group: group) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let name = "\(path)#\(ObjectIdentifier(channel).hashValue & 0xffff)"
                        try channel.pipeline.syncOperations.addHandler(
                            TelemetryStreamHandler(core: core, name: name, precision: precision, recorder: recorder, clock: clock))
                    }
                }.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).wait()
                chmod(path, 0o660)
                bound.append(extra)
            }
            if let port = options.plant.listeners.tcpPort {
                let tcp = try Self.streamBootstrap(group: group) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let name = "tcp:\(channel.remoteAddress?.description ?? "?")"
                        try channel.pipeline.syncOperations.addHandler(
                            TelemetryStreamHandler(core: core, name: name, precision: precision, recorder: recorder, clock: clock))
                    }
                }.bind(host: "127.0.0.1", port: port).wait()
                tcpPort = tcp.localAddress?.port
                bound.append(tcp)
            }
            if let port = options.plant.listeners.udpPort {
                let udp = try DatagramBootstrap(group: group)
                    .channelOption(.socketOption(.so_reuseaddr), value: 1)
                    .channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                TelemetryDatagramHandler(core: core, precision: precision, recorder: recorder, clock: clock))
                        }
                    }.bind(host: "127.0.0.1", port: port).wait()
                udpPort = udp.localAddress?.port
                bound.append(udp)
            }
        } catch {
            for c in bound { try? c.close().wait() }
            try? group.syncShutdownGracefully()
            try? flushGroup.syncShutdownGracefully()
            try? pool.syncShutdownGracefully()
            throw DaemonError.bind(runtime.path, "\(error)")
        }
        self.tcpPort = tcpPort
        self.udpPort = udpPort
        channels.withLockedValue { $0 = bound }

        // Fill the OEE cache for the last 90 days in the background: long windows are cheap from the first query.
        let warmService = OEEService(core: core, store: store, clock: options.clock)
        let start = options.clock()
        pool.submit { state in
            guard case .active = state else { return }
            warmService.warm(from: start - 90 * 86_400 * Nanos.perSecond, to: start)
        }

        let task = flushGroup.next().scheduleRepeatedTask(initialDelay: options.flushInterval, delay: options.flushInterval) {
            [weak self] _ in self?.flush()
        }
        flushTask.withLockedValue { $0 = task }
        let reloader: @Sendable (Identity) throws(ProtocolError) -> ReloadResult = { [weak self] identity throws(ProtocolError) in
            guard let daemon = self else { throw ProtocolError(code: "unavailable", message: "the daemon is stopping") }
            return try daemon.reload(by: identity)
        }
        service.reloader.withLockedValue { $0 = reloader }
        logger.info(
            "gemba daemon started",
            metadata: [
                "plant": .string(options.plant.plant), "runtime": .string(runtime.path),
                "database": .string(options.databasePath), "machines": .stringConvertible(options.plant.machines.count),
            ])
    }

    private static func streamBootstrap(
        group: MultiThreadedEventLoopGroup, _ initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) -> ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 1024, initial: 16384, maximum: 256 * 1024))
            .childChannelInitializer(initializer)
    }

    private let lastStats = NIOLockedValueBox(TelemetryStats())
    private let lastShiftStart = NIOLockedValueBox<Timestamp?>(nil)
    private let lastAlarmBoard = NIOLockedValueBox<(at: Timestamp, board: AlarmBoard?)>((0, nil))

    /// One batch: clock rules, persist in one transaction, push to consoles.
    /// Runs on the flusher's own thread, so SQLite never blocks an event loop.
    func flush() {
        let now = options.clock()
        // Queries join the store with what the daemon holds beyond it (the engine's undrained
        // changes and this backlog). The gate makes each hand-over atomic for them: the drain
        // into the backlog, and each commit with the batch leaving the backlog. A database
        // that keeps the transaction from starting delays this thread only.
        let (changes, stats) = core.flushGate.writing {
            let (changes, stats) = core.tick(now: now)
            if !changes.isEmpty { core.backlog.withLockedValue { $0.append(changes) } }
            return (changes, stats)
        }
        while let batch = core.backlog.withLockedValue({ $0.first }) {
            do {
                try store.write(batch) { commit in
                    try core.flushGate.writing {
                        try commit()
                        core.backlog.withLockedValue { _ = $0.removeFirst() }
                    }
                }
            } catch {
                // Kept in the backlog and retried on the next tick: nothing accepted is dropped.
                logger.error("cannot write to the database; will retry", metadata: ["error": .string("\(error)")])
                break
            }
        }
        let changed = changes.changedMachines.compactMap(core.status(of:))
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
            let fresh = core.alarmBoard(now: now)
            board = lastAlarmBoard.withLockedValue { last in
                defer { last = (now, fresh) }
                return last.board == fresh ? nil : fresh
            }
        }
        hub.publish(changed: changed, telemetryChanged: statsChanged, stats: stats, shift: shift, now: now, alarms: board)
        // A shift just ended: cache its OEE ledgers, off this thread.
        let rolled = lastShiftStart.withLockedValue { last in
            defer { last = shift?.startNanos }
            return last != nil && last != shift?.startNanos
        }
        if rolled, let previous = core.calendar.previous(before: now) {
            let warmService = OEEService(core: core, store: store, clock: options.clock)
            pool.submit { state in
                guard case .active = state else { return }
                warmService.warm(from: previous.start, to: previous.end)
            }
        }
    }

    /// Stops listening, writes what is pending, and releases the runtime directory.
    public func stop() {
        let already = stopped.withLockedValue { s in
            defer { s = true }
            return s
        }
        if already { return }
        let task = flushTask.withLockedValue { $0 }
        let done = flushGroup.next().makePromise(of: Void.self)
        task?.cancel(promise: done)
        try? done.futureResult.wait()
        let bound = channels.withLockedValue { $0 }
        for c in bound { try? c.close().wait() }
        // Shutting the loops down closes every connection; their last lines are applied first.
        try? group.syncShutdownGracefully()
        flush()
        try? flushGroup.syncShutdownGracefully()
        try? pool.syncShutdownGracefully()
        unlink(options.runtime.telemetrySocket)
        unlink(options.runtime.consoleSocket)
        for path in options.plant.listeners.unixPaths { unlink(path) }
        logger.info("gemba daemon stopped")
    }
}
