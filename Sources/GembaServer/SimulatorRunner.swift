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

    public init(plant: PlantConfig, socketPath: String, seed: UInt64 = 42, interval: Double = 1, clock: @escaping @Sendable () -> Timestamp = DaemonClock.now) {
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
        while isRunning {
            let lines = simulator.tick(now: clock())
            do {
                if !sender.isConnected { try sender.connect() }
                try sender.send(lines: lines)
                sentLines += lines.count
            } catch {
                // The daemon is away: try again next tick; the plant keeps running meanwhile.
            }
            Thread.sleep(forTimeInterval: interval)
        }
        sender.disconnect()
    }
}
