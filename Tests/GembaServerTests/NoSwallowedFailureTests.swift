import Foundation
import GRDB
import GembaClient
import GembaCore
import GembaPlantFile
import GembaStore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import Testing

@testable import GembaServer

/// What the daemon logs, for a test to read back.
final class CapturedLog: Sendable {
    private let lines = NIOLockedValueBox<[(level: Logger.Level, text: String)]>([])

    var logger: Logger { Logger(label: "test") { _ in Handler(sink: self) } }

    /// Lines at `level` or above whose message or metadata contains every one of `texts`.
    func lines(_ level: Logger.Level = .error, containing texts: String...) -> [String] {
        lines.withLockedValue { all in
            all.filter { $0.level >= level && texts.allSatisfy($0.text.contains) }.map(\.text)
        }
    }

    /// Waits (up to `timeout` seconds) for a line at `level` or above containing every one of `texts`.
    func wait(_ level: Logger.Level = .error, for texts: String..., timeout: Double = 20) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let line = lines.withLockedValue({ all in all.first { $0.level >= level && texts.allSatisfy($0.text.contains) }?.text }) {
                return line
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return nil
    }

    struct Handler: LogHandler {
        let sink: CapturedLog
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let all = metadata.merging(event.metadata ?? [:]) { _, b in b }
            let text = "\(event.message)" + all.sorted { $0.key < $1.key }.map { " \($0.key)=\($0.value)" }.joined()
            sink.lines.withLockedValue { $0.append((event.level, text)) }
        }
    }
}

/// A daemon of this test's own on a temporary folder, logging into a `CapturedLog`; a second
/// one may start on the folder of a first that stopped (a restart).
final class LoggedDaemon {
    static let plantYAML = """
        plant: Failure Works
        timezone: UTC
        comm_loss_timeout: 1h
        lines:
          - id: L1
            machines:
              - { id: press-01, name: Press 01, ideal_cycle_time: 2.0 }
        shifts:
          - { name: A, start: "00:00", end: "12:00" }
          - { name: B, start: "12:00", end: "00:00" }
        materials:
          - { id: steel, name: Steel coil, unit: kg }
        products:
          - id: bracket
            routing:
              - { op: stamp, machines: { press-01: 2s }, setup: 10m }
        """

    let folder: String
    let daemon: GembaDaemon
    private var ownsFolder = true

    init(folder existing: String? = nil, log: CapturedLog) throws {
        folder =
            existing
            ?? {
                var template = Array("/tmp/gemba-fail-XXXXXX".utf8CString)
                return String(cString: mkdtemp(&template)!)
            }()
        let plant = try PlantConfigLoader.load(yaml: Self.plantYAML, file: "test.yaml")
        let options = GembaDaemon.Options(
            plant: plant, databasePath: folder + "/gemba.db", runtime: RuntimeDirectory(path: folder + "/run"), version: "test",
            flushInterval: .milliseconds(20))
        daemon = try GembaDaemon.start(options, logger: log.logger)
    }

    var databasePath: String { folder + "/gemba.db" }
    var scheduler: SchedulerService { daemon.scheduler! }

    /// Another connection to the daemon's database, for a test to damage it.
    func tamper(_ sql: String) throws {
        var config = Configuration()
        config.busyMode = .timeout(10)
        let db = try DatabaseQueue(path: databasePath, configuration: config)
        try db.write { try $0.execute(sql: sql) }
    }

    /// A request as a person with `roles`; the reply's text.
    @discardableResult
    func request<P: ConsoleRequestPayload>(_ payload: P, roles: Set<Role> = [.supervisor]) throws -> (ok: Bool, line: String) {
        let who = Identity(credentials: PeerCredentials(pid: 1, uid: 5000, gid: 5000, user: "bob"), groups: [], roles: roles)
        let line = try RequestEnvelope(id: 1, payload).encoded()
        let text = String(decoding: daemon.service.handle(line: line, lineNumber: 1, channel: nil, identity: who).reply, as: UTF8.self)
        return (text.contains("\"ok\":true"), text)
    }

    func importOrder(_ id: String = "WO-1") throws {
        let due = ISOTime.format(DaemonClock.now() + 8 * 3600 * Nanos.perSecond)
        let r = try request(Requests.ImportOrders(text: "order,product,quantity,due\n\(id),bracket,10,\(due)\n", file: "o.csv"))
        #expect(r.ok, "\(r.line)")
    }

    /// The schedule once `done` holds of it (reschedules run in the background); the last one after 20 s.
    func waitForPlan(_ done: (PlantSchedule) -> Bool) -> PlantSchedule {
        let deadline = Date().addingTimeInterval(20)
        while !done(scheduler.plan) && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return scheduler.plan
    }

    /// Waits until no reschedule has ended for longer than one may take (the plant's 1 s limit):
    /// what a test compares is then not replaced by a run still under way.
    func settle() {
        var last = (scheduler.completedRuns, scheduler.failedRuns)
        while true {
            Thread.sleep(forTimeInterval: 1.2)
            let now = (scheduler.completedRuns, scheduler.failedRuns)
            if now == last { return }
            last = now
        }
    }

    func handOver() -> String {
        ownsFolder = false
        return folder
    }

    deinit {
        daemon.stop()
        if ownsFolder { try? FileManager.default.removeItem(atPath: folder) }
    }
}

/// Issue 10 §2 in the daemon: no failure swallowed on the scheduling, genealogy and recording
/// paths; each is an error the person or the log sees, and nothing half-done remains.
@Suite(.serialized)
struct NoSwallowedFailureTests {
    /// The order book cannot be read: no empty schedule wipes the consoles' queues. The schedule
    /// in force stays, the failure is logged once (not at every tick), and the next request,
    /// once the book reads again, reschedules.
    @Test func anUnreadableOrderBookKeepsTheScheduleInForceAndIsLogged() throws {
        let log = CapturedLog()
        let d = try LoggedDaemon(log: log)
        try d.importOrder()
        _ = d.waitForPlan { $0.operations.contains { $0.order == "WO-1" } }
        d.settle()
        let before = d.scheduler.plan
        #expect(before.operations.count == 1)
        let failed = d.scheduler.failedRuns
        let runs = d.scheduler.completedRuns

        try d.tamper("ALTER TABLE work_order RENAME TO work_order_away")
        d.scheduler.request("test: the order book is gone")
        let line = log.wait(for: "reschedule failed", "the schedule in force stays", "work_order")
        #expect(line != nil, "the failure is logged, naming what could not be read")
        #expect(d.scheduler.failedRuns == failed + 1)
        #expect(d.scheduler.completedRuns == runs)
        #expect(d.scheduler.plan == before, "the schedule in force stays")
        let queue = try d.request(Requests.Queue(machine: "press-01"), roles: [.lineOperator])
        #expect(queue.ok && queue.line.contains("WO-1"), "the machine's queue still shows the order: \(queue.line)")
        Thread.sleep(forTimeInterval: 0.5)
        #expect(d.scheduler.failedRuns == failed + 1, "no retry at every tick: the next request (at the latest the minute's) tries again")
        #expect(log.lines(containing: "reschedule failed").count == 1)

        try d.tamper("ALTER TABLE work_order_away RENAME TO work_order")
        d.scheduler.request("test: the order book is back")
        let after = d.waitForPlan { $0.generatedNanos > before.generatedNanos }
        #expect(after.generatedNanos > before.generatedNanos, "the next request reschedules")
        #expect(after.operations.contains { $0.order == "WO-1" })
    }

    /// A new schedule that cannot be saved is in force and published all the same, and logged.
    @Test func aScheduleThatCannotBeSavedIsInForceAndLogged() throws {
        let log = CapturedLog()
        let d = try LoggedDaemon(log: log)
        try d.importOrder()
        let before = d.waitForPlan { $0.operations.contains { $0.order == "WO-1" } }
        try d.tamper("ALTER TABLE schedule_plan RENAME TO schedule_plan_away")
        try d.importOrder("WO-2")
        let line = log.wait(for: "the new schedule is in force but cannot be saved", "schedule_plan")
        #expect(line != nil, "the failed save is logged, naming the table")
        let plan = d.waitForPlan { $0.operations.contains { $0.order == "WO-2" } }
        #expect(plan.generatedNanos > before.generatedNanos)
        #expect(plan.operations.contains { $0.order == "WO-2" }, "the new schedule is in force")
        try d.tamper("ALTER TABLE schedule_plan_away RENAME TO schedule_plan")
    }

    /// A saved schedule that does not decode (another version wrote it, or it is damaged): the
    /// daemon starts, says so naming the row, and the first reschedule replaces it.
    @Test func aSavedScheduleThatDoesNotDecodeIsLoggedAtStart() throws {
        let folder: String
        do {
            let first = try LoggedDaemon(log: CapturedLog())
            try first.importOrder()
            _ = first.waitForPlan { $0.operations.contains { $0.order == "WO-1" } }
            folder = first.handOver()
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var config = Configuration()
        config.busyMode = .timeout(10)
        try DatabaseQueue(path: folder + "/gemba.db", configuration: config).write {
            try $0.execute(sql: #"UPDATE schedule_plan SET plan = '{"operations": 7}' WHERE id = 1"#)
        }
        let log = CapturedLog()
        let d = try LoggedDaemon(folder: folder, log: log)
        _ = d.handOver()
        let line = log.wait(for: "the saved schedule cannot be read", "schedule_plan row (id 1): plan does not decode")
        #expect(line != nil, "logged at start, naming the row")
        let plan = d.waitForPlan { $0.operations.contains { $0.order == "WO-1" } }
        #expect(plan.operations.contains { $0.order == "WO-1" }, "the first reschedule replaces it")
        // The schedule is in force when consoles are sent it; its save may land a moment later.
        let deadline = Date().addingTimeInterval(10)
        var saved = false
        while !saved && Date() < deadline {
            // Until the new plan is saved the old row does not decode: that is what is waited out.
            saved = (try? d.daemon.store.loadPlan()) != nil
            if !saved { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(saved, "and saves one that reads")
    }

    /// The input lots an operation's start stored do not decode: the finish is refused naming the
    /// row, and nothing of it is done (no output lot, the operation still running, no input consumed).
    @Test func storedInputLotsThatDoNotDecodeRefuseTheFinishAndNameTheRow() throws {
        let d = try LoggedDaemon(log: CapturedLog())
        try d.importOrder()
        #expect(try d.request(Requests.LotReceive(lot: "C1", material: "steel", amount: 500), roles: [.lineOperator]).ok)
        let start = try d.request(
            Requests.OperationStart(order: "WO-1", index: 0, machine: "press-01", lots: [LotQuantity(lot: "C1", quantity: 120)]),
            roles: [.lineOperator])
        #expect(start.ok, "\(start.line)")
        #expect(try d.daemon.store.operationInputs(order: "WO-1", index: 0) == [LotQuantity(lot: "C1", quantity: 120)])

        try d.tamper("UPDATE operation_progress SET inputs = 'C1:120' WHERE order_id = 'WO-1' AND idx = 0")
        do {
            _ = try d.daemon.store.operationInputs(order: "WO-1", index: 0)
            Issue.record("inputs that do not decode were read as a list")
        } catch {
            #expect("\(error)".contains("operation_progress row (order_id WO-1, idx 0): inputs does not decode"), "\(error)")
        }
        let finish = try d.request(Requests.OperationFinish(order: "WO-1", index: 0, good: 10, scrap: 0, lot: "B1"), roles: [.lineOperator])
        #expect(!finish.ok)
        #expect(finish.line.contains("operation_progress row (order_id WO-1, idx 0): inputs does not decode"), "\(finish.line)")
        #expect(try d.daemon.store.lot("B1") == nil, "no output lot")
        #expect(try d.daemon.store.lot("C1")?.quantity == 500, "no input consumed")
        #expect(try d.daemon.store.progress()[OperationKey(order: "WO-1", index: 0)]?.progress.state == .running)
    }

    /// A recording that cannot be written (the disk is full): ingest goes on, the log says so
    /// once, then at most once a minute with the batches lost.
    @Test func aRecordingThatCannotBeWrittenIsLoggedNotDropped() throws {
        guard FileManager.default.fileExists(atPath: "/dev/full") else { return }
        let log = CapturedLog()
        let now = NIOLockedValueBox<Timestamp>(1_795_478_400 * Nanos.perSecond)
        let recorder = try TelemetryRecorder(path: "/dev/full", logger: log.logger, clock: { now.withLockedValue { $0 } })
        for _ in 0..<3 { recorder.append(Array("machine,machine=press-01 state=\"running\" 1\n".utf8)) }
        #expect(log.lines(containing: "cannot write to the telemetry recording", "/dev/full").count == 1, "once, not per batch")
        now.withLockedValue { $0 += 61 * Nanos.perSecond }
        recorder.append(Array("machine,machine=press-01 state=\"idle\" 2\n".utf8))
        let lines = log.lines(containing: "cannot write to the telemetry recording")
        #expect(lines.count == 2)
        #expect(lines.last?.contains("batches lost=4") == true, "\(lines)")
    }

    /// A change JSON cannot carry (a value that is not a finite number) is logged, not dropped in silence.
    @Test func aChangeThatCannotBeEncodedForAConsoleIsLogged() throws {
        let log = CapturedLog()
        let d = try LoggedDaemon(log: log)
        let c = try ConsoleConnection(path: d.daemon.options.runtime.consoleSocket)
        _ = try c.request(Requests.Subscribe())
        var status = try #require(d.daemon.floor.machineStatuses().first)
        status.processValues = [ProcessValue(name: "oil_temp", value: .nan, at: DaemonClock.now())]
        let deadline = Date().addingTimeInterval(10)
        while log.lines(containing: "a change for a console cannot be encoded").isEmpty && Date() < deadline {
            d.daemon.hub.publish(changed: [status], telemetryChanged: false, stats: nil, shift: nil, now: DaemonClock.now())
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(log.lines(containing: "a change for a console cannot be encoded").count == 1, "logged, at most once a minute")
    }
}
