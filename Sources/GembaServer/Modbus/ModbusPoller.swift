import Foundation
import GembaCore
import GembaModbus
import Logging
import NIOConcurrencyHelpers

/// Polls one Modbus TCP device on a thread of its own, every `poll`, and feeds what its
/// registers say to the same engine line protocol feeds. A read that fails or times out is
/// counted (`errors`, `last_error`) and leaves the machine as it was: after
/// `comm_loss_timeout` without a good read it goes offline like a silent feed. One device
/// that never answers delays no other: each has its own thread and timeout.
final class ModbusPoller: Sendable {
    let device: ModbusDeviceConfig
    private let floor: LiveFloor
    private let clock: @Sendable () -> Timestamp
    private let logger: Logger
    private let machineIndex: [String: Int]
    private let state: NIOLockedValueBox<ModbusStatus>
    private let stopping = NIOLockedValueBox(false)
    private let finished = NIOLockedValueBox(false)

    init(device: ModbusDeviceConfig, plant: PlantConfig, floor: LiveFloor, clock: @escaping @Sendable () -> Timestamp, logger: Logger) {
        self.device = device
        self.floor = floor
        self.clock = clock
        self.logger = logger
        self.machineIndex = Dictionary(plant.machines.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { a, _ in a })
        self.state = NIOLockedValueBox(ModbusStatus(id: device.id))
    }

    var status: ModbusStatus { state.withLockedValue { $0 } }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "modbus \(device.id)"
        thread.start()
    }

    /// Asks the thread to end and waits for it (at most the timeout and a poll step).
    func stop() {
        stopping.withLockedValue { $0 = true }
        let deadline = Date().addingTimeInterval(device.timeout * 4 + 1)
        while !finished.withLockedValue({ $0 }) && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
    }

    private func run() {
        defer { finished.withLockedValue { $0 = true } }
        let connection: ModbusConnection
        do {
            connection = try ModbusConnection(host: device.host, port: device.port, unit: device.unit, timeout: device.timeout)
        } catch {
            state.withLockedValue { $0.lastError = error.description }
            logger.error("Modbus device cannot be polled", metadata: ["device": .string(device.id), "error": .string(error.description)])
            return
        }
        let period = Nanos.from(seconds: device.poll)
        var next = clock()
        var failing = false
        while !stopping.withLockedValue({ $0 }) {
            let ok = poll(connection)
            if ok == failing {
                failing = !ok
                let last = state.withLockedValue { $0.lastError } ?? ""
                if failing {
                    logger.warning("Modbus device not answering", metadata: ["device": .string(device.id), "error": .string(last)])
                } else {
                    logger.info("Modbus device answers again", metadata: ["device": .string(device.id)])
                }
            }
            // Hold the period: the next poll is due a period after the last was due; a poll
            // that overran (a timeout) is not made up for with a burst.
            next += period
            var now = clock()
            if next < now { next = now }
            while now < next && !stopping.withLockedValue({ $0 }) {
                Thread.sleep(forTimeInterval: min(0.05, Double(next - now) / 1e9))
                now = clock()
            }
        }
        connection.close()
    }

    /// One poll of every machine of the device; false when a read failed.
    private func poll(_ connection: ModbusConnection) -> Bool {
        var batch = IngestBatch()
        let now = clock()
        do {
            for (k, map) in device.machines.enumerated() {
                guard let i = machineIndex[map.machine] else { continue }
                var sample = TelemetrySample(machine: i, timestamp: now)
                var refused: String?
                if let p = map.state, let v = try read(p, connection) {
                    if let s = map.stateMap[Int64(v)] {
                        sample.state = s
                    } else {
                        refused = "state code \(DurationText.number(v)) is not in the map of \(map.machine)"
                    }
                }
                for (point, isTotal) in [(map.countTotal, true), (map.countReject, false)] {
                    guard let p = point, let v = try read(p, connection) else { continue }
                    guard v >= 0, v < 9.2e18 else {
                        refused = "\(isTotal ? "count_total" : "count_reject") \(DurationText.number(v)) of \(map.machine) is not a count"
                        continue
                    }
                    if isTotal { sample.countTotal = Int64(v) } else { sample.countReject = Int64(v) }
                }
                for (name, p) in map.values {
                    if let v = try read(p, connection), v.isFinite { sample.processValues.append(ProcessValue(name: name, value: v, at: now)) }
                }
                if let refused {
                    batch.rejections.append(.init(line: k + 1, column: 1, reason: refused))
                } else {
                    batch.samples.append(sample)
                    batch.sampleLines.append(k + 1)
                }
            }
        } catch {
            state.withLockedValue { s in
                s.connected = connection.isConnected
                s.errors += 1
                s.lastError = error.description
            }
            return false
        }
        floor.apply(batch, connection: "modbus \(device.id)", receivedAt: now)
        state.withLockedValue { s in
            s.connected = true
            s.polls += 1
        }
        return true
    }

    private func read(_ p: ModbusPoint, _ connection: ModbusConnection) throws(ModbusError) -> Double? {
        p.value(try connection.read(p.table, address: p.address, count: p.kind.registers))
    }
}
