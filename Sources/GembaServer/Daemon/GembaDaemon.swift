import GembaCore
import GembaSparkplug
import GembaStore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

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
    public let floor: LiveFloor
    public let hub: ConsoleHub
    public let store: FloorStore
    public let service: ConsoleService
    private let lock: RuntimeLock
    private let group: MultiThreadedEventLoopGroup
    let flushGroup: MultiThreadedEventLoopGroup
    let pool: NIOThreadPool
    /// The daemon's own long work (warming the OEE cache over 90 days at start, a shift's
    /// ledgers when it ends), on a thread of its own: it never takes a worker that a
    /// console's ping or snapshot is waiting for.
    let backgroundPool: NIOThreadPool
    let channels: NIOLockedValueBox<[any Channel]>
    let flushTask: NIOLockedValueBox<RepeatedTask?>
    let stopped = NIOLockedValueBox(false)
    /// Keeps the schedule current (nil when the plant file has no products).
    public let scheduler: SchedulerService?
    /// The daemon on the MQTT broker as a Sparkplug B host (nil when the plant file has no `mqtt:`).
    let sparkplug: SparkplugIngest?
    /// The daemon as an edge node of its plant (nil without `mqtt.publish`).
    let publisher: SparkplugPublisher?
    /// Shift reports and the ERP's documents at each shift's end, and the ERP's inbox.
    let outputs: ShiftOutputs
    /// One poller per Modbus device of the plant file.
    let modbusPollers: [ModbusPoller]
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
    /// The port `/metrics` is served on (nil: no `metrics:` in the plant file).
    public let metricsPort: Int?

    public static func start(_ options: Options, logger: Logger) throws -> GembaDaemon {
        try GembaDaemon(options, logger: logger)
    }

    private init(_ options: Options, logger: Logger) throws {
        self.options = options
        self.logger = logger
        let runtime = options.runtime
        // What the daemon creates (database, WAL, SHM, lock, log, sockets before their chmod)
        // is its user's alone.
        umask(0o077)
        try runtime.validate()
        try runtime.create()
        self.lock = try RuntimeLock(directory: runtime)

        let restored = try Self.restore(options, logger: logger)
        // A database made before (or copied in) with wider modes is narrowed to its user's.
        for suffix in ["", "-wal", "-shm"] { chmod(options.databasePath + suffix, 0o600) }
        self.store = restored.store
        self.repairs = restored.repairs
        self.floor = restored.floor
        let startTime = restored.startTime
        self.hub = ConsoleHub(logger: logger)
        let facts = DaemonFacts(
            version: options.version, startedAt: startTime, databasePath: options.databasePath, runtimeDir: runtime.path)
        self.service = ConsoleService(floor: floor, hub: hub, store: store, facts: facts, clock: options.clock)
        hub.seed(floor.machineStatuses(), alarms: floor.alarmBoard(now: startTime))
        self.outputs = ShiftOutputs(
            service: service, plant: options.plant, databasePath: options.databasePath, started: startTime, logger: logger)
        if options.plant.products.isEmpty {
            self.scheduler = nil
        } else {
            let scheduler = SchedulerService(floor: floor, store: store, hub: hub, clock: options.clock, logger: logger)
            self.scheduler = scheduler
            service.scheduler.withLockedValue { $0 = scheduler }
            hub.publishSchedule(scheduler.plan, shift: service.currentShift(now: startTime), now: startTime)
        }
        if let mqtt = options.plant.mqtt {
            let ingest = try SparkplugIngest(plant: options.plant, config: mqtt, floor: floor, clock: options.clock, logger: logger)
            self.sparkplug = ingest
            service.mqttStatus.withLockedValue { $0 = { ingest.status } }
            if !options.plant.enterprise.isEmpty {
                let (board, service, hub, clock) = (ingest.enterprise, self.service, self.hub, options.clock)
                service.enterprise.withLockedValue { $0 = { board.withLockedValue { $0 } } }
                ingest.enterpriseChanged.withLockedValue {
                    $0 = { out in
                        let now = clock()
                        let (machines, layout) = board.withLockedValue { b in
                            (out.machines.compactMap { b.status(of: $0) }, out.layout ? service.plantSummary(now: now, board: b) : nil)
                        }
                        if let layout { hub.publishLayout(layout) }
                        hub.publish(changed: machines, telemetryChanged: false, stats: nil, shift: service.currentShift(now: now), now: now)
                    }
                }
            }
            try ingest.start()
            if let node = mqtt.publish {
                let publisher = try SparkplugPublisher(config: mqtt, node: node, floor: floor, clock: options.clock, logger: logger)
                self.publisher = publisher
                service.mqttStatus.withLockedValue {
                    $0 = {
                        var s = ingest.status
                        s.publish = publisher.status
                        return s
                    }
                }
                try publisher.start()
            } else {
                self.publisher = nil
            }
        } else {
            self.sparkplug = nil
            self.publisher = nil
        }
        let (plant, liveFloor, clock) = (options.plant, floor, options.clock)
        let pollers = plant.modbus.map { ModbusPoller(device: $0, plant: plant, floor: liveFloor, clock: clock, logger: logger) }
        self.modbusPollers = pollers
        if !pollers.isEmpty { service.modbusStatus.withLockedValue { $0 = { pollers.map(\.status) } } }
        for p in pollers { p.start() }
        self.access = NIOLockedValueBox(options.plant.access)
        self.effective = NIOLockedValueBox(options.plant)
        let access = self.access
        var consoleGID: UInt32?
        if let group = options.plant.access.consoleGroup {
            guard let gid = Identity.groupID(name: group) else {
                throw DaemonError.runtimeDirectory(
                    runtime.path, "console_group \"\(group)\" is not a group on this system (create it, or remove console_group)")
            }
            consoleGID = gid
        }

        self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(2, System.coreCount))
        self.flushGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        self.pool = NIOThreadPool(numberOfThreads: 2)
        pool.start()
        self.backgroundPool = NIOThreadPool(numberOfThreads: 1)
        backgroundPool.start()
        self.channels = NIOLockedValueBox([])
        self.flushTask = NIOLockedValueBox(nil)

        let listeners: Listeners
        do {
            listeners = try Self.listen(
                options, floor: floor, service: service, access: access, consoleGID: consoleGID, group: group, pool: pool, logger: logger)
        } catch {
            try? group.syncShutdownGracefully()  // the bind's error is the one to report
            try? flushGroup.syncShutdownGracefully()  // the bind's error is the one to report; nothing was flushed yet
            try? pool.syncShutdownGracefully()  // the bind's error is the one to report; no request ran yet
            try? backgroundPool.syncShutdownGracefully()  // the bind's error is the one to report; nothing ran on this pool yet
            throw DaemonError.bind(runtime.path, "\(error)")
        }
        let bound = listeners.channels
        let tcpPort = listeners.tcpPort
        let udpPort = listeners.udpPort
        self.tcpPort = tcpPort
        self.udpPort = udpPort
        self.metricsPort = listeners.metricsPort
        channels.withLockedValue { $0 = bound }

        // Fill the OEE cache for the last 90 days in the background: long windows are cheap from the first query.
        let warmService = OEEService(floor: floor, store: store, clock: options.clock)
        let start = options.clock()
        backgroundPool.submit { state in
            guard case .active = state else { return }
            warmService.warm(from: start - 90 * 86_400 * Nanos.perSecond, to: start)
        }

        startFlusher()
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

    /// What the flusher last pushed, to push only changes (GembaDaemon+Flusher).
    let lastStats = NIOLockedValueBox(TelemetryStats())
    let lastShiftStart = NIOLockedValueBox<Timestamp?>(nil)
    /// The broker's state the consoles were last sent, and when.
    let lastMQTT = NIOLockedValueBox<(at: Timestamp, status: MQTTStatus?)>((0, nil))
    let lastAlarmBoard = NIOLockedValueBox<(at: Timestamp, board: AlarmBoard?)>((0, nil))
    /// When the database's size was last looked at, and what it was.
    let lastDatabaseSize = NIOLockedValueBox<(at: Timestamp, bytes: Int64?)?>(nil)
    /// When process-value history was last trimmed to its retention (nil: not since the start).
    let lastHistoryPrune = NIOLockedValueBox<Timestamp?>(nil)
    /// While writes fail: since when, and what the log has not said yet.
    let writeFailures = NIOLockedValueBox<WriteFailures?>(nil)

    /// Stops; says whether everything accepted reached the database (`.clean`) or had to go to
    /// the spill file. Safe to call twice (the second call does nothing and says `.clean`).
    @discardableResult
    public func stop() -> StopOutcome {
        let already = stopped.withLockedValue { s in
            defer { s = true }
            return s
        }
        if already { return .clean }
        let task = flushTask.withLockedValue { $0 }
        let done = flushGroup.next().makePromise(of: Void.self)
        task?.cancel(promise: done)
        // Stopping: each step goes on whatever the one before it met. The flusher's cancellation
        // only fails if it had stopped already; a listener that will not close is closed by its
        // loop's shutdown; a loop or pool that fails to shut down was shut down already. What
        // matters, the last flush, reports its own errors.
        try? done.futureResult.wait()  // fails only if the flusher had stopped already
        publisher?.stop()
        sparkplug?.stop()
        for p in modbusPollers { p.stop() }
        let bound = channels.withLockedValue { $0 }
        for c in bound { try? c.close().wait() }  // a listener that will not close is closed by its loop's shutdown
        // Shutting the loops down closes every connection; their last lines are applied first.
        try? group.syncShutdownGracefully()  // fails only if already shut down; connections are closed either way
        flush(last: true)
        let outcome = drainBacklogAtStop()
        try? flushGroup.syncShutdownGracefully()  // the backlog was drained above, which reports its own errors
        try? pool.syncShutdownGracefully()  // fails only if already shut down; every answer was sent or its connection closed
        try? backgroundPool.syncShutdownGracefully()  // only cache warming runs here: a warm cut short is recomputed by the next query
        unlink(options.runtime.telemetrySocket)
        unlink(options.runtime.consoleSocket)
        for path in options.plant.listeners.unixPaths { unlink(path) }
        logger.info("gemba daemon stopped")
        return outcome
    }
}
