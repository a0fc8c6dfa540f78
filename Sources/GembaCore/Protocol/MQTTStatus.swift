/// The daemon's MQTT connection as `gemba status --json` (`mqtt`) and the consoles show it:
/// whether the broker is there, and what the Sparkplug B host made of the messages of the
/// edge nodes the plant file names (messages, not metrics: a message with a refused metric
/// counts as rejected, its other metrics are still taken).
public struct MQTTStatus: Sendable, Equatable, Codable {
    public var connected: Bool
    /// `mqtt://host:port`.
    public var broker: String
    public var received: Int64 = 0
    public var accepted: Int64 = 0
    public var rejected: Int64 = 0
    /// Rebirths Gemba asked edge nodes for (a sequence gap, an alias never born, data before a birth).
    public var rebirthsRequested: Int64 = 0
    /// Messages that came with a sequence number other than the next.
    public var seqGaps: Int64 = 0
    /// Since when it is connected, or since when it has been trying (ISO 8601 UTC).
    public var since: String?
    /// Why the last connection attempt failed or the connection was lost.
    public var lastError: String?
    /// Gemba's own edge node (`mqtt.publish`), when it publishes the plant.
    public var publish: MQTTPublishStatus?

    enum CodingKeys: String, CodingKey {
        case connected, broker, received, accepted, rejected, since, publish
        case rebirthsRequested = "rebirths_requested"
        case seqGaps = "seq_gaps"
        case lastError = "last_error"
    }

    public init(connected: Bool, broker: String) {
        self.connected = connected
        self.broker = broker
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(connected, forKey: .connected)
        try c.encode(broker, forKey: .broker)
        try c.encode(received, forKey: .received)
        try c.encode(accepted, forKey: .accepted)
        try c.encode(rejected, forKey: .rejected)
        try c.encode(rebirthsRequested, forKey: .rebirthsRequested)
        try c.encode(seqGaps, forKey: .seqGaps)
        try c.encode(since, forKey: .since)
        try c.encode(lastError, forKey: .lastError)
        try c.encodeIfPresent(publish, forKey: .publish)
    }
}

/// Gemba's own edge node on the broker (`mqtt.status.publish`): its connection and its
/// store-and-forward queue.
public struct MQTTPublishStatus: Sendable, Equatable, Codable {
    /// `group/edge_node`.
    public var node: String
    public var connected: Bool
    /// Data messages waiting for the broker (store and forward).
    public var queued: Int
    /// Data messages dropped from a full queue, oldest first, since the daemon started.
    public var dropped: Int64

    public init(node: String, connected: Bool, queued: Int, dropped: Int64) {
        self.node = node
        self.connected = connected
        self.queued = queued
        self.dropped = dropped
    }

    /// For people: `publishing as Gemba/plant-1, 12 messages waiting for the broker, 0 dropped`.
    public var text: String {
        "publishing as \(node)" + (connected ? "" : " (not connected)") + (queued > 0 || dropped > 0 ? ", \(queued) waiting, \(dropped) dropped" : "")
    }
}

extension MQTTStatus {
    /// The connection, for people (`gemba status`, the console's status screen).
    public var link: String {
        let when = since.map { " since \($0)" } ?? ""
        return connected ? "connected to \(broker)\(when)" : "NOT connected to \(broker)\(when)"
    }

    /// Why it is down, while it is: the last error, and that it is being retried.
    public var trouble: String? {
        connected ? nil : (lastError.map { "\($0); " } ?? "") + "retrying"
    }

    /// What came over it, for people.
    public var counts: String {
        "\(received) messages in, \(rejected) rejected, \(seqGaps) sequence gaps, \(rebirthsRequested) rebirths requested"
    }
}
