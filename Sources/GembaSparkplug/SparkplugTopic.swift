import GembaCore

/// A Sparkplug B topic, `spBv1.0/GROUP/TYPE/EDGE_NODE[/DEVICE]` or `spBv1.0/STATE/HOST_ID`,
/// taken apart; anything else is not Sparkplug B.
package struct SparkplugTopic: Sendable, Equatable {
    /// The message types of the specification.
    package enum Kind: String, Sendable {
        case nbirth = "NBIRTH"
        case ndata = "NDATA"
        case ndeath = "NDEATH"
        case ncmd = "NCMD"
        case dbirth = "DBIRTH"
        case ddata = "DDATA"
        case ddeath = "DDEATH"
        case dcmd = "DCMD"

        /// Device messages name a device after the edge node.
        var isDevice: Bool { [.dbirth, .ddata, .ddeath, .dcmd].contains(self) }
    }

    package static let namespace = "spBv1.0"

    package var kind: Kind
    package var node: SparkplugNode
    package var device: String?

    package init(kind: Kind, node: SparkplugNode, device: String? = nil) {
        self.kind = kind
        self.node = node
        self.device = device
    }

    /// Nil for a host's STATE topic and for anything that is not a Sparkplug B message topic.
    package init?(_ topic: String) {
        let parts = topic.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4 || parts.count == 5, parts[0] == Self.namespace, let kind = Kind(rawValue: String(parts[2])),
            kind.isDevice == (parts.count == 5), !parts[1].isEmpty, !parts[3].isEmpty
        else { return nil }
        self.kind = kind
        self.node = SparkplugNode(group: String(parts[1]), edgeNode: String(parts[3]))
        if parts.count == 5 {
            guard !parts[4].isEmpty else { return nil }
            self.device = String(parts[4])
        }
    }

    package var text: String {
        "\(Self.namespace)/\(node.group)/\(kind.rawValue)/\(node.edgeNode)" + (device.map { "/\($0)" } ?? "")
    }

    /// Every message of one edge node and its devices.
    package static func filter(for node: SparkplugNode) -> String {
        "\(namespace)/\(node.group)/+/\(node.edgeNode)/#"
    }

    /// The retained online/offline topic of a host application.
    package static func state(hostID: String) -> String { "\(namespace)/STATE/\(hostID)" }
}
