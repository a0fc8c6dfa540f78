import GembaCore
import Yams

/// `enterprise:` at the top level: the plants an enterprise daemon shows, each by the edge
/// node its own Gemba publishes as.
extension PlantConfigLoader {
    /// A machine of this plant read from a site's edge node would be read twice, as a machine
    /// and as a site: refused at the machine's binding.
    mutating func checkEnterpriseBindings(_ sites: [EnterpriseSite], lines: [LineConfig], top: Node.Mapping) {
        let nodes = Set(sites.map(\.node))
        for m in lines.flatMap(\.machines) {
            guard let node = m.sparkplug?.node, nodes.contains(node) else { continue }
            fail(top["lines"], "machine \"\(m.id)\" is bound to \(node.group)/\(node.edgeNode), which enterprise: names as a site")
        }
    }

    mutating func parseEnterprise(_ node: Node?, mqtt: MQTTConfig?) -> [EnterpriseSite] {
        guard let node else { return [] }
        guard let seq = node.sequence, !seq.isEmpty else {
            fail(node, "\"enterprise\" must be a list of sites, each { site: NAME, group: GROUP, edge_node: NODE }")
            return []
        }
        if mqtt == nil {
            fail(node, "\"enterprise\" reads the sites from the broker: add mqtt: with the broker the sites publish to")
        }
        var sites: [EnterpriseSite] = []
        var names: [String: Int] = [:]
        var nodes: [SparkplugNode: Int] = [:]
        for item in seq {
            guard let m = item.mapping else {
                fail(item, "a site must be a mapping { site: NAME, group: GROUP, edge_node: NODE }")
                continue
            }
            checkKeys(m, allowed: ["site", "group", "edge_node"], context: "an enterprise site")
            guard let site = requiredString(m, "site", context: "an enterprise site", at: item),
                let group = requiredString(m, "group", context: "an enterprise site", at: item),
                let edge = requiredString(m, "edge_node", context: "an enterprise site", at: item)
            else { continue }
            let line = item.mark?.line ?? 0
            if !Self.isValidID(site) {
                fail(m["site"], "site \"\(site)\" may hold only letters, digits, '-', '_' and '.'")
            }
            if let first = names[site] { fail(m["site"], "duplicate site \"\(site)\" (first at line \(first))") }
            names[site] = line
            for (key, value) in [("group", group), ("edge_node", edge)] {
                if !Self.isSparkplugID(value) {
                    fail(m[key], "\(key) \"\(value)\" may not hold '/', '+' or '#'")
                } else if value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                    fail(m[key], "\(key) holds a control character; no edge node can publish under it")
                } else if value.utf8.count > 256 {
                    fail(m[key], "\(key) is \(value.utf8.count) bytes long; Gemba takes Sparkplug ids up to 256 bytes")
                }
            }
            let n = SparkplugNode(group: group, edgeNode: edge)
            if let first = nodes[n] { fail(item, "the edge node \(group)/\(edge) is named twice (first at line \(first))") }
            nodes[n] = line
            if let publish = mqtt?.publish, publish == n {
                fail(item, "\(group)/\(edge) is this daemon's own edge node (mqtt.publish), not another site's")
            }
            sites.append(EnterpriseSite(site: site, node: n))
        }
        return sites
    }
}
