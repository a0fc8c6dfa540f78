import GembaCore
import Yams

/// The `metrics:` section: `{ listen: 127.0.0.1:9464 }`.
extension PlantConfigLoader {
    mutating func parseMetrics(_ node: Node) -> MetricsConfig? {
        guard let m = node.mapping else {
            fail(node, "metrics must be a mapping such as { listen: 127.0.0.1:9464 }")
            return nil
        }
        checkKeys(m, allowed: ["listen"], context: "metrics")
        guard let v = m["listen"] else {
            fail(node, "metrics needs listen: HOST:PORT (for example 127.0.0.1:9464)")
            return nil
        }
        guard let text = v.scalar?.string, let parsed = Self.hostPort(text) else {
            fail(
                v,
                "metrics.listen must be HOST:PORT with an IP address or localhost and a port from 1 to 65535 (127.0.0.1:9464, [::1]:9464), not \"\(v.scalar?.string ?? "a list or mapping")\""
            )
            return nil
        }
        return MetricsConfig(host: parsed.host, port: parsed.port)
    }

    /// `1.2.3.4:P`, `[v6]:P` or `localhost:P`.
    static func hostPort(_ text: String) -> (host: String, port: Int)? {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            let parts = host.split(separator: ".", omittingEmptySubsequences: false)
            let ipv4 = parts.count == 4 && parts.allSatisfy { p in UInt8(p) != nil && (p == "0" || !p.hasPrefix("0")) }
            guard ipv4 || host == "localhost" else { return nil }
        }
        guard let port = Int(portText), (1...65535).contains(port) else { return nil }
        return (String(host), port)
    }
}
