import GembaCore
import Logging
import NIOConcurrencyHelpers

/// The engine and the ingest counters behind one lock, shared by every telemetry
/// connection, the flusher and the console sessions.
///
/// Connections decode outside the lock and apply a whole read's samples inside
/// it, once; nothing slow (I/O, JSON) happens while it is held.
public final class IngestCore: Sendable {
    private struct State: Sendable {
        var engine: FloorEngine
        var stats = TelemetryStats()
        /// Per connection: when an error was last logged and how many since were not.
        var logState: [String: (last: Timestamp, suppressed: Int)] = [:]
    }

    /// How many recent errors `status` keeps.
    public static let recentErrorLimit = 20
    /// At most one log line per connection in this span; the rest are counted.
    public static let logInterval: Timestamp = 5 * Nanos.perSecond

    private let state: NIOLockedValueBox<State>
    public let plant: PlantConfig
    private let machineConfigs: [String: MachineConfig]
    private let logger: Logger

    public init(engine: FloorEngine, logger: Logger) {
        self.plant = engine.plant
        self.state = NIOLockedValueBox(State(engine: engine))
        self.machineConfigs = Dictionary(engine.plant.machines.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.logger = logger
    }

    /// Applies one read's worth of lines from `connection`.
    public func apply(_ batch: IngestBatch, connection: String, receivedAt: Timestamp) {
        guard !batch.isEmpty else { return }
        var toLog: [IngestBatch.Rejection] = []
        var suppressedNow = 0
        state.withLockedValue { s in
            var rejected = batch.rejections
            for (k, sample) in batch.samples.enumerated() {
                do throws(FloorEngine.Rejection) {
                    try s.engine.apply(sample, receivedAt: receivedAt)
                } catch {
                    rejected.append(.init(line: batch.sampleLines[k], column: 1, reason: error.description))
                }
            }
            let accepted = batch.samples.count + batch.ignored - (rejected.count - batch.rejections.count)
            s.stats.accepted += Int64(accepted)
            s.stats.ignored += Int64(batch.ignored)
            s.stats.rejected += Int64(rejected.count)
            s.stats.received += Int64(accepted + rejected.count)
            guard !rejected.isEmpty else { return }
            let at = ISOTime.format(receivedAt)
            for r in rejected.suffix(Self.recentErrorLimit) {
                s.stats.errors.append(
                    TelemetryErrorRecord(at: at, connection: connection, line: r.line, column: r.column, reason: r.reason))
            }
            if s.stats.errors.count > Self.recentErrorLimit {
                s.stats.errors.removeFirst(s.stats.errors.count - Self.recentErrorLimit)
            }
            var log = s.logState[connection] ?? (last: Timestamp.min, suppressed: 0)
            if log.last == .min || receivedAt &- log.last >= Self.logInterval {
                toLog = [rejected[0]]
                suppressedNow = log.suppressed + rejected.count - 1
                log = (receivedAt, 0)
            } else {
                log.suppressed += rejected.count
            }
            s.logState[connection] = log
        }
        for r in toLog {
            logger.warning(
                "telemetry line rejected",
                metadata: [
                    "connection": .string(connection), "line": .stringConvertible(r.line),
                    "column": .stringConvertible(r.column), "reason": .string(r.reason),
                    "suppressed": .stringConvertible(suppressedNow),
                ])
        }
    }

    public func connectionOpened() { state.withLockedValue { $0.stats.connections += 1 } }

    public func connectionClosed(_ name: String) {
        state.withLockedValue {
            $0.stats.connections -= 1
            $0.logState[name] = nil
        }
    }

    /// Drives the clock-based rules (comm loss, shift roll-over) and hands over the changes.
    public func tick(now: Timestamp) -> (changes: EngineChanges, stats: TelemetryStats) {
        state.withLockedValue { s in
            s.engine.checkCommLoss(now: now)
            s.engine.rollShift(now: now)
            return (s.engine.drainChanges(), s.stats)
        }
    }

    public var stats: TelemetryStats { state.withLockedValue { $0.stats } }

    public var calendar: ShiftCalendar { state.withLockedValue { $0.engine.calendar } }

    /// Every machine as consoles and `gemba status` show it.
    public func machineStatuses() -> [MachineStatus] {
        let machines = state.withLockedValue { $0.engine.machines }
        return machines.compactMap(status(of:))
    }

    public func status(of m: MachineLive) -> MachineStatus? {
        guard let config = machineConfigs[m.id] else { return nil }
        return MachineStatus(live: m, config: config)
    }

    public func live(machine id: String) -> MachineLive? {
        state.withLockedValue { s in s.engine.machines.first { $0.id == id } }
    }
}
