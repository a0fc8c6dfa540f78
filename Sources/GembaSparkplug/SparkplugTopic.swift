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
        var isDevice: Bool {
            switch self {
            case .dbirth, .ddata, .ddeath, .dcmd: return true
            case .nbirth, .ndata, .ndeath, .ncmd: return false
            }
        }
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
        // Taken apart by its bytes: every message's topic is, and an array of parts for each is not free.
        let utf8 = topic.utf8
        var parts: [Substring.UTF8View] = []
        parts.reserveCapacity(5)
        var start = utf8.startIndex
        var i = start
        while i != utf8.endIndex {
            if utf8[i] == UInt8(ascii: "/") {
                guard parts.count < 4 else { return nil }
                parts.append(topic[start..<i].utf8)
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        parts.append(topic[start..<i].utf8)
        guard parts.count == 4 || parts.count == 5, parts[0].elementsEqual(Self.namespace.utf8),
            let kind = Kind(rawValue: String(Substring(parts[2]))), kind.isDevice == (parts.count == 5), !parts[1].isEmpty,
            !parts[3].isEmpty
        else { return nil }
        self.kind = kind
        self.node = SparkplugNode(group: String(Substring(parts[1])), edgeNode: String(Substring(parts[3])))
        if parts.count == 5 {
            guard !parts[4].isEmpty else { return nil }
            self.device = String(Substring(parts[4]))
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
