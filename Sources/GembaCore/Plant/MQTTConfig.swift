/// Where the plant's MQTT broker is and how Gemba takes part on it (`mqtt:` in the plant
/// file): as a Sparkplug B host application that reads machines from their edge nodes, and
/// optionally as an edge node of its own that publishes the plant.
public struct MQTTConfig: Sendable, Equatable {
    /// Broker host name or address.
    public var host: String
    public var port: Int
    /// Client certificate files for `mqtts://` (TLS); nil for plain `mqtt://`.
    public var tls: TLSFiles?
    /// The user name Gemba connects as, when the broker asks for one.
    public var username: String?
    /// A file holding the password (its first line), readable by the daemon's user only; read
    /// when the daemon starts, so the plant file holds no secret.
    public var passwordFile: String?
    /// The MQTT client id (unique on the broker).
    public var clientID: String
    /// The Sparkplug primary host id: Gemba publishes `spBv1.0/STATE/<host_id>` under it.
    public var hostID: String
    /// Gemba's own edge node, when it publishes the plant.
    public var publish: SparkplugNode?
    /// MQTT keep-alive: how soon a broker notices that Gemba went away, and the reverse.
    public var keepAlive: Seconds = 30
    /// The most messages waiting for a broker that is away (store and forward); the oldest go first.
    public var queueLimit = 10_000

    /// `mqtt://host:port` or `mqtts://host:port`, for messages and the status.
    public var brokerURL: String { "\(tls == nil ? "mqtt" : "mqtts")://\(host):\(port)" }

    public init(host: String, port: Int, clientID: String, hostID: String) {
        self.host = host
        self.port = port
        self.clientID = clientID
        self.hostID = hostID
    }

    /// The CA, certificate and key files of an `mqtts://` broker connection.
    public struct TLSFiles: Sendable, Equatable {
        public var ca: String
        public var cert: String?
        public var key: String?

        public init(ca: String, cert: String? = nil, key: String? = nil) {
            self.ca = ca
            self.cert = cert
            self.key = key
        }
    }
}

/// A Sparkplug B edge node: the group and the node's id within it.
public struct SparkplugNode: Sendable, Hashable {
    public var group: String
    public var edgeNode: String

    public init(group: String, edgeNode: String) {
        self.group = group
        self.edgeNode = edgeNode
    }
}

/// Which Sparkplug B edge node or device a machine is, and which of its metrics carry the
/// machine's state, reason and counters (`sparkplug:`, `metrics:` and `state_map:` of a machine).
/// Every other numeric metric of the device becomes a process value under its own name.
public struct SparkplugBinding: Sendable, Equatable {
    public var node: SparkplugNode
    /// The device under the node; nil: the machine is the edge node itself (its node metrics).
    public var device: String?
    public var stateMetric = "state"
    public var reasonMetric = "reason"
    public var countTotalMetric = "count_total"
    public var countRejectMetric = "count_reject"
    /// A numeric state metric's codes; a text metric is read by its text (`running`).
    public var stateMap: [Int64: MachineState] = [:]

    public init(node: SparkplugNode, device: String?) {
        self.node = node
        self.device = device
    }

    /// `Plant1/Line1/Press01` (or `Plant1/Line1` for a node), for messages.
    public var path: String { "\(node.group)/\(node.edgeNode)" + (device.map { "/\($0)" } ?? "") }
}

extension PlantConfig {
    /// What losing the MQTT broker means for this plant, for the `mqtt-broker-lost` alarm's
    /// detail: "2 machines read over Sparkplug B are not heard; Gemba/plant-1 is not
    /// published (its data waits, up to 10000 messages)". A plant that only publishes reads
    /// no machines over the broker, and its alarm must not say it does.
    public var brokerLossConsequences: String {
        var out: [String] = []
        let read = machines.filter { $0.sparkplug != nil }.count
        if read > 0 {
            out.append(read == 1 ? "1 machine read over Sparkplug B is not heard" : "\(read) machines read over Sparkplug B are not heard")
        }
        if let node = mqtt?.publish {
            out.append("\(node.group)/\(node.edgeNode) is not published (its data waits, up to \(mqtt?.queueLimit ?? 0) messages)")
        }
        let sites = enterprise.count
        if sites > 0 { out.append(sites == 1 ? "1 enterprise site is not heard" : "\(sites) enterprise sites are not heard") }
        return out.isEmpty ? "nothing is read from it" : out.joined(separator: "; ")
    }
}
