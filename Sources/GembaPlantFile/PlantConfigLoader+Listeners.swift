import GembaCore
import Yams

/// The `listeners:` section: extra Unix sockets, TCP and UDP ports on loopback, and the
/// precision of timestamps that come without a unit.
extension PlantConfigLoader {
    mutating func parseListeners(_ node: Node?) -> ListenerConfig {
        var config = ListenerConfig()
        guard let node else { return config }
        guard let m = node.mapping else {
            fail(node, "\"listeners\" must be a mapping (unix, tcp, udp, precision)")
            return config
        }
        checkKeys(m, allowed: ["unix", "tcp", "udp", "precision"], context: "listeners")
        if let u = m["unix"] {
            let items = u.sequence.map(Array.init) ?? [u]
            for item in items {
                guard let path = item.scalar?.string, path.hasPrefix("/"), path.utf8.count <= 107 else {
                    fail(item, "unix must be an absolute socket path (at most 107 bytes), or a list of them")
                    continue
                }
                config.unixPaths.append(path)
            }
        }
        for key in ["tcp", "udp"] {
            guard let p = m[key] else { continue }
            guard let s = p.scalar?.string, let port = Int(s), (1...65535).contains(port) else {
                fail(p, "\(key) must be a port number from 1 to 65535 (it listens on 127.0.0.1 only)")
                continue
            }
            if key == "tcp" { config.tcpPort = port } else { config.udpPort = port }
        }
        if let p = m["precision"] {
            if let s = p.scalar?.string, let precision = TimestampPrecision(rawValue: s) {
                config.precision = precision
            } else {
                fail(p, "precision must be one of ns, us, ms, s")
            }
        }
        return config
    }
}
