import GembaCore
import GembaMQTT
import GembaSparkplug
import Logging
import NIOConcurrencyHelpers

/// The daemon as an edge node of its plant (`mqtt.publish: {group, edge_node}`), on an MQTT
/// connection of its own (the host's will is its STATE, this one's is the node's NDEATH).
/// Births on every connection and on a rebirth request; then, from each flush, only what
/// changed on the floor (`SparkplugEdge`). While the broker is away the changes are held (at
/// most `mqtt.queue` messages, the oldest dropped first and counted) and go out after the
/// next births flagged historical, at the time they happened.
final class SparkplugPublisher: Sendable {
    private let edge: NIOLockedValueBox<SparkplugEdge>
    private let client: MQTTClient
    private let connected = NIOLockedValueBox(false)
    private let floor: LiveFloor
    private let clock: @Sendable () -> Timestamp
    private let broker: String
    private let node: SparkplugNode
    /// Births on request: when the last went out, whether one more is owed, and the births.
    private let rebirths = NIOLockedValueBox(Rebirths())
    private let birth: @Sendable () -> Void

    /// Rebirth requests: at most one birth a second, and a request inside that second is
    /// served when it ends, never dropped (a host that saw a gap, or a second host, would
    /// otherwise be left on what it had, or on births someone else injected).
    struct Rebirths: Sendable {
        var last: Timestamp = .min
        var owed = false

        /// True when a birth goes out now; otherwise one is owed.
        mutating func request(at now: Timestamp) -> Bool {
            guard last == .min || now.clampedSubtracting(last) >= Nanos.perSecond || now < last else {
                owed = true
                return false
            }
            last = now
            owed = false
            return true
        }

        /// True when an owed birth is due now.
        mutating func due(at now: Timestamp) -> Bool {
            guard owed, now.clampedSubtracting(last) >= Nanos.perSecond || now < last else { return false }
            last = now
            owed = false
            return true
        }
    }

    init(config: MQTTConfig, node: SparkplugNode, floor: LiveFloor, clock: @escaping @Sendable () -> Timestamp, logger: Logger) throws {
        self.floor = floor
        self.clock = clock
        self.broker = config.brokerURL
        self.node = node
        let start = clock()
        let edge = NIOLockedValueBox(SparkplugEdge(node: node, bdSeq: UInt64(max(0, start / Nanos.perSecond)), holdLimit: config.queueLimit))
        self.edge = edge
        let connected = self.connected
        var edgeConfig = config
        edgeConfig.clientID = config.clientID + "-edge"
        let clientBox = NIOLockedValueBox<MQTTClient?>(nil)
        let command = SparkplugTopic(kind: .ncmd, node: node).text
        let birth: @Sendable () -> Void = {
            guard let client = clientBox.withLockedValue({ $0 }) else { return }
            let now = clock()
            let rollup = Self.rollup(floor)
            edge.withLockedValue { edge in
                let messages = edge.births(machines: floor.machineStatuses(), alarms: floor.alarmBoard(now: now).alarms, rollup: rollup, at: now)
                // Historical data the broker did not take (it went away again) is held once more.
                for m in messages where !client.publish(.init(topic: m.topic, payload: m.payload)) { edge.hold(m) }
            }
        }
        var handlers = MQTTClient.Handlers()
        handlers.connected = { accepted, reason in
            guard accepted, let client = clientBox.withLockedValue({ $0 }) else {
                logger.warning("MQTT broker refused Gemba's edge node", metadata: ["reason": .string(reason)])
                return
            }
            client.subscribe(command, qos: 1)
            connected.withLockedValue { $0 = true }
            birth()
        }
        handlers.disconnected = { _ in connected.withLockedValue { $0 = false } }
        // Each connection is a new session: its births and its will take the next bdSeq.
        handlers.nextWill = {
            let death = edge.withLockedValue { edge in
                edge.nextConnection()
                return edge.will()
            }
            return .init(topic: death.topic, payload: death.payload, qos: 1)
        }
        // Anyone on the broker may ask for a rebirth: at most one birth a second goes out, so a
        // flood of requests cannot multiply the births' traffic; one inside that second is owed.
        let rebirths = self.rebirths
        handlers.message = { topic, payload in
            guard topic == command, SparkplugPayloads.isRebirthRequest(payload) else { return }
            let now = clock()
            if rebirths.withLockedValue({ $0.request(at: now) }) { birth() }
        }
        self.birth = birth
        let will = edge.withLockedValue { $0.will() }
        do {
            self.client = try MQTTClient(config: edgeConfig, will: .init(topic: will.topic, payload: will.payload, qos: 1), handlers: handlers)
        } catch {
            throw DaemonError.mqtt(config.brokerURL, error.description)
        }
        clientBox.withLockedValue { $0 = client }
    }

    func start() throws {
        do {
            try client.start()
        } catch {
            throw DaemonError.mqtt(broker, error.description)
        }
    }

    /// What changed in this flush; held while the broker is away.
    func publish(changed: [MachineStatus], alarms: AlarmBoard?, now: Timestamp) {
        let online = connected.withLockedValue { $0 }
        if online && rebirths.withLockedValue({ $0.due(at: now) }) { birth() }
        let rollup = Self.rollup(floor)
        edge.withLockedValue { edge in
            let messages = edge.data(machines: changed, alarms: alarms?.alarms, rollup: rollup, at: now, holding: !online)
            // Published under the edge's lock, so that messages leave in the order of their sequence numbers.
            for m in messages where !client.publish(.init(topic: m.topic, payload: m.payload)) { edge.hold(m) }
        }
    }

    /// The current shift's OEE of every line and of the plant, as the node's metrics name them.
    static func rollup(_ floor: LiveFloor) -> SparkplugEdge.Rollup {
        let (lines, plant) = floor.lineAndPlantOEE()
        let (lineSums, plantSums) = floor.lineAndPlantSums()
        var rollup = SparkplugEdge.Rollup(figures: ["Plant": plant])
        rollup.sums["Plant"] = plantSums ?? OEESums()
        for line in floor.plant.lines {
            rollup.figures["Lines/\(line.id)"] = lines[line.id]
            rollup.sums["Lines/\(line.id)"] = lineSums[line.id] ?? OEESums()
            rollup.names["Lines/\(line.id)"] = line.name
        }
        rollup.names["Plant"] = floor.plant.plant
        return rollup
    }

    /// Gemba's own edge node on the broker, for the status.
    var status: MQTTPublishStatus {
        let (queued, dropped) = edge.withLockedValue { ($0.queued, $0.dropped) }
        return MQTTPublishStatus(
            node: "\(node.group)/\(node.edgeNode)", connected: connected.withLockedValue { $0 }, queued: queued, dropped: dropped)
    }

    /// An NDEATH of our own (the will is for a death without a word), then off the broker.
    func stop() {
        let death = edge.withLockedValue { $0.will() }
        client.stop(last: .init(topic: death.topic, payload: death.payload, qos: 1))
    }
}
