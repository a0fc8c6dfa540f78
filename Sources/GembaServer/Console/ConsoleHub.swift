import Foundation
import GembaCore
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// The consoles attached to the daemon and what each still has to be sent.
///
/// Per console it keeps only *which* machines changed, never a queue of
/// messages: a console that reads slowly or hangs gets the latest state of those
/// machines when its socket drains, so it can never slow ingest or other
/// consoles, and its memory stays bounded by the number of machines.
public final class ConsoleHub: Sendable {
    struct Session: Sendable {
        let channel: any Channel
        let info: ConsoleInfo
        var subscribed = false
        /// False between a subscribe and the write of its snapshot: changes accumulate, nothing is sent.
        var ready = false
        var dirty: Set<String> = []
        var telemetryDirty = false
        var consolesDirty = false
        var alarmsDirty = false
        var scheduleDirty = false
        var layoutDirty = false
        var daemonDirty = false
    }

    private let sessions = NIOLockedValueBox<[ObjectIdentifier: Session]>([:])
    /// The latest view of every machine, refreshed by the flusher.
    private let latest = NIOLockedValueBox<[String: MachineStatus]>([:])
    /// The latest alarm board, sent whole when it changes.
    private let latestAlarms = NIOLockedValueBox<AlarmBoard?>(nil)
    /// The latest schedule, sent whole when it changes.
    private let latestSchedule = NIOLockedValueBox<PlantSchedule?>(nil)
    private let latestLayout = NIOLockedValueBox<PlantSummary?>(nil)
    /// The daemon as last published (its database's size changed), sent whole.
    private let latestDaemon = NIOLockedValueBox<DaemonInfo?>(nil)
    private let latestMQTT = NIOLockedValueBox<MQTTStatus?>(nil)

    private let logger: Logger
    /// When a change that cannot be encoded was last logged, and how many such since.
    private let unencodable = NIOLockedValueBox<(logged: Timestamp, since: Int)>((.min, 0))

    public init(logger: Logger = Logger(label: "gemba.hub")) { self.logger = logger }

    func register(_ channel: any Channel, info: ConsoleInfo) {
        sessions.withLockedValue { s in
            s[ObjectIdentifier(channel)] = Session(channel: channel, info: info)
            for k in s.keys { s[k]?.consolesDirty = true }
        }
    }

    func unregister(_ channel: any Channel) {
        sessions.withLockedValue { s in
            s[ObjectIdentifier(channel)] = nil
            for k in s.keys { s[k]?.consolesDirty = true }
        }
    }

    func subscribe(_ channel: any Channel, _ on: Bool) {
        sessions.withLockedValue { s in
            s[ObjectIdentifier(channel)]?.subscribed = on
            s[ObjectIdentifier(channel)]?.ready = false
            s[ObjectIdentifier(channel)]?.dirty = []
        }
    }

    func markReady(_ channel: any Channel) {
        sessions.withLockedValue { s in s[ObjectIdentifier(channel)]?.ready = true }
    }

    public var consoles: [ConsoleInfo] {
        sessions.withLockedValue { s in s.values.map(\.info).sorted { $0.connected < $1.connected } }
    }

    public var count: Int { sessions.withLockedValue { $0.count } }

    /// Seeds the latest view (at start, before any change).
    func seed(_ machines: [MachineStatus], alarms: AlarmBoard? = nil, schedule: PlantSchedule? = nil) {
        latestSchedule.withLockedValue { $0 = schedule }
        latest.withLockedValue { l in for m in machines { l[m.id] = m } }
        latestAlarms.withLockedValue { $0 = alarms }
    }

    /// A new schedule, right away.
    /// Deltas always carry the shift (a console reads a missing one as "no shift").
    func publishSchedule(_ plan: PlantSchedule, shift: ShiftSummary?, now: Timestamp) {
        latestSchedule.withLockedValue { $0 = plan }
        sessions.withLockedValue { s in for k in s.keys where s[k]?.subscribed == true { s[k]?.scheduleDirty = true } }
        publish(changed: [], telemetryChanged: false, stats: nil, shift: shift, now: now)
    }

    /// A new layout of the plant (an enterprise site's birth): sent with the next delta.
    func publishLayout(_ plant: PlantSummary) {
        latestLayout.withLockedValue { $0 = plant }
        sessions.withLockedValue { s in for k in s.keys where s[k]?.subscribed == true { s[k]?.layoutDirty = true } }
    }

    /// A new alarm board, right away (after a person's action).
    func publishAlarms(_ board: AlarmBoard, shift: ShiftSummary?, now: Timestamp) {
        publish(changed: [], telemetryChanged: false, stats: nil, shift: shift, now: now, alarms: board)
    }

    /// Records what changed and sends each writable subscriber its delta.
    func publish(
        changed: [MachineStatus], telemetryChanged: Bool, stats: TelemetryStats?, shift: ShiftSummary?, now: Timestamp,
        alarms: AlarmBoard? = nil, daemon: DaemonInfo? = nil, mqtt: MQTTStatus? = nil
    ) {
        if !changed.isEmpty {
            latest.withLockedValue { l in for m in changed { l[m.id] = m } }
        }
        if let alarms { latestAlarms.withLockedValue { $0 = alarms } }
        if let daemon { latestDaemon.withLockedValue { $0 = daemon } }
        if let mqtt { latestMQTT.withLockedValue { $0 = mqtt } }
        let ids = changed.map(\.id)
        // Collect, under the lock, what each writable subscriber is owed; encode and write outside it.
        var outgoing:
            [(
                channel: any Channel, dirty: [String], telemetry: Bool, consoles: Bool, alarms: Bool, schedule: Bool, daemon: Bool,
                layout: Bool
            )] = []
        sessions.withLockedValue { s in
            for key in s.keys {
                guard var session = s[key], session.subscribed else { continue }
                session.dirty.formUnion(ids)
                if telemetryChanged && stats != nil { session.telemetryDirty = true }
                if alarms != nil { session.alarmsDirty = true }
                // The broker's state travels with the daemon's own facts.
                if daemon != nil || mqtt != nil { session.daemonDirty = true }
                let owed =
                    !session.dirty.isEmpty || session.telemetryDirty || session.consolesDirty || session.alarmsDirty || session.scheduleDirty
                    || session.daemonDirty || session.layoutDirty
                if owed && session.ready && session.channel.isWritable {
                    outgoing.append(
                        (
                            session.channel, Array(session.dirty), session.telemetryDirty, session.consolesDirty, session.alarmsDirty,
                            session.scheduleDirty, session.daemonDirty, session.layoutDirty
                        ))
                    session.layoutDirty = false
                    session.scheduleDirty = false
                    session.daemonDirty = false
                    session.dirty.removeAll(keepingCapacity: true)
                    session.telemetryDirty = false
                    session.consolesDirty = false
                    session.alarmsDirty = false
                }
                s[key] = session
            }
        }
        guard !outgoing.isEmpty else { return }
        let view = latest.withLockedValue { $0 }
        let board = latestAlarms.withLockedValue { $0 }
        let plan = latestSchedule.withLockedValue { $0 }
        let layout = latestLayout.withLockedValue { $0 }
        let daemonInfo = latestDaemon.withLockedValue { $0 }
        let broker = latestMQTT.withLockedValue { $0 }
        let consoles = self.consoles
        let encoder = JSONEncoder()
        for owed in outgoing {
            let machines = owed.dirty.compactMap { view[$0] }.sorted { $0.id < $1.id }
            var delta = FloorDelta(
                shift: shift, serverTime: ISOTime.format(now), machines: machines,
                telemetry: owed.telemetry ? stats : nil, consoles: owed.consoles ? consoles : nil)
            delta.alarms = owed.alarms ? board : nil
            delta.schedule = owed.schedule ? plan : nil
            delta.plant = owed.layout ? layout : nil
            delta.daemon = owed.daemon ? daemonInfo : nil
            delta.mqtt = owed.daemon ? broker : nil
            var data: Data
            do {
                data = try encoder.encode(DeltaEvent(delta: delta))
            } catch {
                logUnencodable(error, now: now)
                continue
            }
            data.append(UInt8(ascii: "\n"))
            owed.channel.writeAndFlush(ByteBuffer(bytes: data), promise: nil)
        }
    }

    /// A delta JSON cannot carry (a value that is not a finite number): logged at most once a
    /// minute, with how many since. The console misses that change until its parts change again.
    private func logUnencodable(_ error: any Error, now: Timestamp) {
        let count: Int? = unencodable.withLockedValue { u in
            u.since += 1
            guard u.logged == .min || now &- u.logged >= 60 * Nanos.perSecond else { return nil }
            defer { u = (now, 0) }
            return u.since
        }
        guard let count else { return }
        logger.error(
            "a change for a console cannot be encoded; the console misses it until those parts change again",
            metadata: ["error": .string("\(error)"), "changes not sent": .stringConvertible(count)])
    }
}
