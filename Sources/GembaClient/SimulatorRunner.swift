import Foundation
import GembaCore

/// Runs a `PlantSimulator` against a daemon's telemetry socket on its own thread,
/// once a second, reconnecting when the daemon is away. `gemba demo` and
/// `gemba simulate` use it.
public final class SimulatorRunner: @unchecked Sendable {
    // @unchecked: `running` is guarded by `lock`; the rest is touched only by the runner's thread.
    private let lock = NSLock()
    private var running = true
    private var simulator: PlantSimulator
    private let sender: TelemetrySender
    private let interval: Double
    private let clock: @Sendable () -> Timestamp
    public private(set) var sentLines = 0
    private var liveTicks = 0
    /// When set, the plant's history from this instant to now is sent first, as a
    /// backfill in 5-second steps, so that the demo opens on a shift already under way.
    public var backfillFrom: Timestamp?
    /// When set, the live lines (not the backfill) pass through it first; it takes those it
    /// sends another way (`gemba demo --mqtt`: over Sparkplug B) and returns the rest.
    public var divert: (@Sendable ([String]) -> [String])?

    public init(plant: PlantConfig, socketPath: String, seed: UInt64 = 42, interval: Double = 1, clock: @escaping @Sendable () -> Timestamp) {
        self.simulator = PlantSimulator(plant: plant, seed: seed)
        self.sender = TelemetrySender(path: socketPath)
        self.interval = interval
        self.clock = clock
    }

    public func start() {
        let t = Thread { [self] in loop() }
        t.name = "gemba-simulator"
        t.start()
    }

    public func stop() {
        lock.lock()
        running = false
        lock.unlock()
    }

    private var isRunning: Bool {
        lock.lock()
        defer { lock.unlock() }
        return running
    }

    private func loop() {
        if let start = backfillFrom { backfill(from: start) }
        while isRunning {
            // When the daemon is away the plant keeps running; the next tick reconnects.
            let lines = simulator.tick(now: clock())
            // The first live ticks go the backfill's way: lines of one machine sent two ways
            // could overtake the backfill still in the socket, and be refused as out of order.
            liveTicks += 1
            send(liveTicks > 3 ? divert.map { $0(lines) } ?? lines : lines)
            Thread.sleep(forTimeInterval: interval)
        }
        sender.disconnect()
    }

    private func backfill(from start: Timestamp) {
        var t = start
        var batch: [String] = []
        while t < clock() && isRunning {
            batch += simulator.tick(now: t)
            if batch.count > 5_000 {
                send(batch)
                batch.removeAll(keepingCapacity: true)
            }
            t += 5 * Nanos.perSecond
        }
        send(batch)
    }

    private func send(_ lines: [String]) {
        do {
            if !sender.isConnected { try sender.connect() }
            try sender.send(lines: lines)
            sentLines += lines.count
        } catch {
            // The daemon is away; the live loop reconnects.
        }
    }
}
