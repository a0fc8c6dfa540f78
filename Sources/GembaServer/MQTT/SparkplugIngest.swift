import Foundation
import GembaCore
import GembaMQTT
import GembaSparkplug
import Logging
import NIOConcurrencyHelpers

/// The daemon on the plant's MQTT broker as a Sparkplug B host application: it announces
/// itself (`spBv1.0/STATE/<host_id>`, retained, with its offline state as the will),
/// subscribes to the edge nodes the plant file names, and feeds what they send to the same
/// engine line protocol feeds. A broker that goes away is retried with back-off and shown;
/// after the comm-loss timeout it raises `mqtt-broker-lost`, and the machines read over it
/// go offline as a silent feed would.
final class SparkplugIngest: Sendable {
    private let floor: LiveFloor
    private let config: MQTTConfig
    private let host: NIOLockedValueBox<SparkplugHost>
    private let link: NIOLockedValueBox<Link>
    private let client: MQTTClient
    private let clock: @Sendable () -> Timestamp
    private let logger: Logger
    private let commLoss: Timestamp
    /// The host's birth time: its online and offline (will) states carry the same timestamp.
    private let birth: Timestamp
    /// What a lost broker means for this plant, for the alarm's detail: the machines it reads,
    /// its own edge node, the sites it shows.
    private let losses: String
    /// The other plants an enterprise daemon shows (`enterprise:`), read from their edge nodes.
    let enterprise: NIOLockedValueBox<EnterpriseBoard>
    /// Set by `stop()`: the disconnection that follows is the daemon leaving, not a loss.
    private let stopping = NIOLockedValueBox(false)
    /// Messages from enterprise sites, counted into the status beside the host's own.
    private let enterpriseStats = NIOLockedValueBox(SparkplugHost.Stats())
    /// Called after an enterprise site's message changed what consoles show.
    let enterpriseChanged = NIOLockedValueBox<(@Sendable (EnterpriseBoard.Outcome) -> Void)?>(nil)

    /// The connection as the status shows it.
    struct Link: Sendable {
        var connected = false
        var since: Timestamp
        var lastError: String?
        var alarmRaised = false
        /// Machines whose sessions were alive when the broker went away: offline from then
        /// once the broker has been away for the comm-loss timeout.
        var unheard: [Int] = []
        /// Connections in a row the broker closed soon after accepting them.
        var shortConnections = 0
    }

    /// A connection closed sooner than this after it opened counts towards the duplicate-client hint.
    static let shortConnection: Timestamp = 10 * Nanos.perSecond
    /// After this many short connections in a row the status names the likely cause.
    static let shortConnectionsHint = 3

    init(plant: PlantConfig, config: MQTTConfig, floor: LiveFloor, clock: @escaping @Sendable () -> Timestamp, logger: Logger) throws {
        self.floor = floor
        self.config = config
        self.clock = clock
        self.logger = logger
        self.commLoss = Nanos.from(seconds: plant.commLossTimeout)
        let now = clock()
        self.birth = now
        self.losses = plant.brokerLossConsequences
        let host = NIOLockedValueBox(SparkplugHost(plant: plant))
        self.host = host
        let link = NIOLockedValueBox(Link(since: now))
        self.link = link
        let enterprise = NIOLockedValueBox(EnterpriseBoard(sites: plant.enterprise))
        self.enterprise = enterprise
        let enterpriseChanged = self.enterpriseChanged
        let enterpriseStats = self.enterpriseStats
        let hasSites = !plant.enterprise.isEmpty
        let stopping = self.stopping
        let nodes = host.withLockedValue { $0.nodes } + plant.enterprise.map(\.node).filter { n in !host.withLockedValue { $0.nodes }.contains(n) }
        let hostID = config.hostID
        let stateTopic = SparkplugTopic.state(hostID: hostID)
        let birthMillis = now / Nanos.perMillisecond
        let online = MQTTClient.Message(topic: stateTopic, payload: Self.state(online: true, at: birthMillis), qos: 1, retain: true)
        var handlers = MQTTClient.Handlers()
        // The client is made after the handlers, which need it: they reach it through this box.
        let clientBox = NIOLockedValueBox<MQTTClient?>(nil)
        let broker = config.brokerURL
        let clientID = config.clientID
        handlers.connected = { accepted, reason in
            guard let client = clientBox.withLockedValue({ $0 }) else { return }
            guard accepted else {
                link.withLockedValue { $0.lastError = "the broker refused the connection: \(reason)" }
                logger.warning("MQTT broker refused the connection", metadata: ["broker": .string(broker), "reason": .string(reason)])
                return
            }
            // Subscribe first, then say online (Sparkplug 3.0): no birth is missed.
            for node in nodes { client.subscribe(SparkplugTopic.filter(for: node), qos: 0) }
            client.publish(online)
            let at = clock()
            link.withLockedValue { l in
                l.connected = true
                l.since = at
                // The duplicate-client hint stays while the flapping may go on (`tick` clears it).
                if l.shortConnections < Self.shortConnectionsHint { l.lastError = nil }
            }
            logger.info("MQTT broker connected", metadata: ["broker": .string(broker), "edge_nodes": .stringConvertible(nodes.count)])
            // Every node is asked to be born again: its birth may have passed while Gemba was away.
            for node in nodes { client.publish(Self.rebirth(node, at: at)) }
        }
        handlers.disconnected = { [floor] reason in
            let at = clock()
            let (was, short) = link.withLockedValue { l in
                let was = l.connected
                if was {
                    // A broker closes the older of two clients with one client id as the newer
                    // connects: two daemons with one client_id keep taking each other's place.
                    l.shortConnections = at.clampedSubtracting(l.since) < Self.shortConnection ? l.shortConnections + 1 : 0
                    l.since = at
                }
                // A refusal says more (not authorised, identifier rejected) than the disconnect after it.
                if was || !(l.lastError?.hasPrefix("the broker refused") ?? false) {
                    l.lastError = reason
                    if l.shortConnections >= Self.shortConnectionsHint {
                        l.lastError =
                            reason + "; the broker closed \(l.shortConnections) connections in a row within seconds of accepting them: "
                            + "is another client using client_id \"\(clientID)\"? (each client of a broker needs its own)"
                    }
                }
                l.connected = false
                return (was, l.shortConnections == Self.shortConnectionsHint && was)
            }
            if short && !stopping.withLockedValue({ $0 }) {
                logger.warning(
                    "MQTT broker keeps closing the connection soon after accepting it: is another client using the same client_id?",
                    metadata: ["broker": .string(broker), "client_id": .string(clientID)])
            }
            let unheard = host.withLockedValue { h in
                defer { h.brokerLost() }
                return h.liveMachines
            }
            // Alive until now: their silence starts here, not at their last data (report by exception).
            floor.heard(unheard, at: at)
            if was { link.withLockedValue { $0.unheard = unheard } }
            enterprise.withLockedValue { $0.forgetSessions() }
            if stopping.withLockedValue({ $0 }) {
                logger.info("MQTT broker left (the daemon is stopping)", metadata: ["broker": .string(broker)])
            } else if was {
                logger.warning("MQTT broker connection lost; retrying", metadata: ["broker": .string(broker), "reason": .string(reason)])
            }
        }
        handlers.message = { [floor] topic, payload in
            let now = clock()
            // Only an enterprise daemon pays for telling its sites' messages apart.
            if hasSites && enterprise.withLockedValue({ $0.handles(topic) }) {
                let out = enterprise.withLockedValue { $0.receive(topic: topic, payload: payload, at: now) }
                enterpriseStats.withLockedValue { s in
                    s.received += 1
                    if out.refusal == nil { s.accepted += 1 } else { s.rejected += 1 }
                    if out.seqGap { s.seqGaps += 1 }
                    if out.rebirth != nil { s.rebirthsRequested += 1 }
                }
                if let reason = out.refusal {
                    logger.notice("enterprise site message not taken", metadata: ["topic": .string(topic), "reason": .string(reason)])
                    // Shown where every refused input is: the status's recent errors.
                    var batch = IngestBatch()
                    batch.rejections = [.init(line: 0, column: 1, reason: reason)]
                    floor.apply(batch, connection: "mqtt " + topic, receivedAt: now)
                }
                if !out.machines.isEmpty || out.layout { enterpriseChanged.withLockedValue { $0 }?(out) }
                if let node = out.rebirth, let client = clientBox.withLockedValue({ $0 }) { client.publish(Self.rebirth(node, at: now)) }
                return
            }
            let out = host.withLockedValue { $0.receive(topic: topic, payload: payload, at: now) }
            Self.apply(out, topic: topic, floor: floor, now: now)
            if let node = out.rebirth, let client = clientBox.withLockedValue({ $0 }) { client.publish(Self.rebirth(node, at: now)) }
        }
        let will = MQTTClient.Message(topic: stateTopic, payload: Self.state(online: false, at: birthMillis), qos: 1, retain: true)
        do {
            self.client = try MQTTClient(config: config, will: will, handlers: handlers)
        } catch {
            throw DaemonError.mqtt(broker, error.description)
        }
        clientBox.withLockedValue { $0 = client }
    }

    func start() throws {
        do {
            try client.start()
        } catch {
            throw DaemonError.mqtt(config.brokerURL, error.description)
        }
    }

    /// The session's liveness for report-by-exception machines, and the broker-lost alarm.
    func tick(now: Timestamp) {
        let (connected, since, raised) = link.withLockedValue { l in
            // Connected for longer than a flapping connection lasts: the hint is history.
            if l.connected && l.shortConnections > 0 && now.clampedSubtracting(l.since) >= Self.shortConnection {
                l.shortConnections = 0
                l.lastError = nil
            }
            return (l.connected, l.since, l.alarmRaised)
        }
        if connected {
            floor.heard(host.withLockedValue { $0.liveMachines }, at: now)
        }
        let lost = !connected && now.clampedSubtracting(since) >= commLoss
        if lost != raised {
            let unheard = link.withLockedValue { l in
                defer {
                    l.alarmRaised = lost
                    l.unheard = []
                }
                return l.unheard
            }
            // Before the engine's own comm-loss rule, which would date it from their last data.
            if lost { floor.takeOffline(unheard, at: since) }
            if lost {
                let sites = enterprise.withLockedValue { $0.brokerLost(at: since) }
                if !sites.machines.isEmpty { enterpriseChanged.withLockedValue { $0 }?(sites) }
            }
            let detail = lost ? "\(config.brokerURL): \(link.withLockedValue { $0.lastError } ?? "not reachable"); \(losses)" : nil
            floor.setSystemAlarm(AlarmDefinition.mqttBrokerLost.id, active: lost, detail: detail, at: now)
        }
    }

    var status: MQTTStatus {
        let l = link.withLockedValue { $0 }
        let own = host.withLockedValue { $0.stats }
        let sites = enterpriseStats.withLockedValue { $0 }
        var stats = own
        stats.received += sites.received
        stats.accepted += sites.accepted
        stats.rejected += sites.rejected
        stats.seqGaps += sites.seqGaps
        stats.rebirthsRequested += sites.rebirthsRequested
        var s = MQTTStatus(connected: l.connected, broker: config.brokerURL)
        s.received = stats.received
        s.accepted = stats.accepted
        s.rejected = stats.rejected
        s.rebirthsRequested = stats.rebirthsRequested
        s.seqGaps = stats.seqGaps
        s.since = ISOTime.format(l.since)
        s.lastError = l.lastError
        return s
    }

    /// Says offline (retained) and leaves the broker.
    func stop() {
        stopping.withLockedValue { $0 = true }
        let offline = MQTTClient.Message(
            topic: SparkplugTopic.state(hostID: config.hostID), payload: Self.state(online: false, at: birth / Nanos.perMillisecond), qos: 1,
            retain: true)
        client.stop(last: offline)
    }

    /// The samples go to the engine like a read of a telemetry connection (the connection is
    /// the topic, the line the metric's place in the payload); deaths take machines offline.
    static func apply(_ out: SparkplugHost.Outcome, topic: String, floor: LiveFloor, now: Timestamp) {
        var batch = IngestBatch()
        batch.samples = out.samples
        batch.sampleLines = out.sampleMetrics
        batch.ignored = out.ignored
        batch.rejections = out.refusals.map { .init(line: $0.metric, column: 1, reason: $0.reason) }
        floor.apply(batch, connection: "mqtt " + topic, receivedAt: now)
        floor.takeOffline(out.offline, at: now)
    }

    /// `{"online": true|false, "timestamp": ms}` (Sparkplug 3.0 host state).
    static func state(online: Bool, at ms: Int64) -> [UInt8] {
        Array("{\"online\":\(online),\"timestamp\":\(ms)}".utf8)
    }

    /// `NCMD` with `Node Control/Rebirth` = true.
    static func rebirth(_ node: SparkplugNode, at now: Timestamp) -> MQTTClient.Message {
        MQTTClient.Message(topic: SparkplugTopic(kind: .ncmd, node: node).text, payload: SparkplugPayloads.rebirthRequest(at: now), qos: 0)
    }
}
