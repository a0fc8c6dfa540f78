import Foundation
import GembaCore
import Yams

/// `mqtt:` at the top level and `sparkplug:`, `metrics:`, `state_map:` of a machine.
extension PlantConfigLoader {
    mutating func parseMQTT(_ node: Node?, plant: String) -> MQTTConfig? {
        guard let node else { return nil }
        guard let m = node.mapping else {
            fail(node, "\"mqtt\" must be a mapping (broker, client_id, host_id, publish, tls, username, password_file, keep_alive, queue)")
            return nil
        }
        checkKeys(
            m, allowed: ["broker", "client_id", "host_id", "publish", "tls", "username", "password_file", "keep_alive", "queue"], context: "mqtt")
        guard let brokerNode = m["broker"] else {
            fail(node, "missing key \"broker\" in mqtt (write mqtt://HOST:PORT or mqtts://HOST:PORT)")
            return nil
        }
        guard let text = scalarString(brokerNode, "broker") else { return nil }
        if text.contains("@") {
            // A password in the plant file is one every reader of the file has.
            fail(
                brokerNode,
                "broker \"\(text)\" holds a user name or password: Gemba does not read them from the address; write username: and password_file: (a file only the daemon's user can read)"
            )
            return nil
        }
        guard let (secure, host, port) = Self.brokerAddress(text) else {
            fail(brokerNode, "broker \"\(text)\" is not mqtt://HOST[:PORT] or mqtts://HOST[:PORT] (port 1 to 65535)")
            return nil
        }
        let clientID = optionalString(m, "client_id") ?? "gemba-" + String(plant.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" })
        if clientID.utf8.count > 65_535 { fail(m["client_id"], "client_id is longer than MQTT allows") }
        let hostID = optionalString(m, "host_id") ?? clientID
        if !Self.isSparkplugID(hostID) {
            if m["host_id"] != nil {
                fail(m["host_id"], "host_id \"\(hostID)\" may not hold '/', '+' or '#'")
            } else {
                let why = "is also the Sparkplug host id (no host_id is given), which may not hold '/', '+' or '#': give host_id"
                fail(m["client_id"] ?? node, "client_id \"\(hostID)\" " + why)
            }
        }
        var config = MQTTConfig(host: host, port: port, clientID: clientID, hostID: hostID)
        if let p = m["publish"] { config.publish = parseSparkplugNode(p, key: "publish") }
        if let t = m["tls"] {
            if let tm = t.mapping {
                checkKeys(tm, allowed: ["ca", "cert", "key"], context: "mqtt.tls")
                let paths = ["ca", "cert", "key"].map { key -> String? in
                    guard let v = tm[key], let path = scalarString(v, key) else { return nil }
                    if !path.hasPrefix("/") { fail(v, "\(key) must be an absolute path") }
                    return path
                }
                if let ca = paths[0] {
                    config.tls = .init(ca: ca, cert: paths[1], key: paths[2])
                } else {
                    fail(t, "mqtt.tls needs at least ca (the broker's certificate authority file)")
                }
                if (paths[1] == nil) != (paths[2] == nil) { fail(t, "mqtt.tls takes cert and key together") }
            } else {
                fail(t, "\"tls\" must be a mapping {ca, cert, key}")
            }
        }
        if let u = m["username"], let name = scalarString(u, "username") {
            if name.isEmpty || name.utf8.count > 65_535 { fail(u, "username must be 1 to 65535 bytes") } else { config.username = name }
        }
        if let p = m["password_file"], let path = scalarString(p, "password_file") {
            if !path.hasPrefix("/") { fail(p, "password_file must be an absolute path") } else { config.passwordFile = path }
        }
        if config.passwordFile != nil && config.username == nil { fail(m["password_file"], "password_file needs username") }
        if config.tls != nil && !secure { fail(m["tls"], "tls is given but the broker is mqtt://: write mqtts://") }
        if secure && config.tls == nil { fail(brokerNode, "an mqtts:// broker needs tls: {ca: FILE} (and cert, key for a client certificate)") }
        if let k = m["keep_alive"], let d = duration(k, "keep_alive") {
            if d < 5 || d > 65_535 { fail(k, "keep_alive must be from 5s to 65535s") } else { config.keepAlive = d }
        }
        if let q = m["queue"] {
            if let s = q.scalar?.string, let n = Int(s), (1...1_000_000).contains(n) {
                config.queueLimit = n
            } else {
                fail(q, "queue must be a whole number of messages from 1 to 1000000")
            }
        }
        return config
    }

    /// `mqtt://host`, `mqtts://host:8883`, `mqtt://[::1]:1883`: (secure, host, port).
    static func brokerAddress(_ text: String) -> (Bool, String, Int)? {
        let secure: Bool
        let rest: Substring
        if text.hasPrefix("mqtt://") {
            (secure, rest) = (false, text.dropFirst(7))
        } else if text.hasPrefix("mqtts://") {
            (secure, rest) = (true, text.dropFirst(8))
        } else {
            return nil
        }
        var host = rest
        var port = secure ? 8883 : 1883
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let p = Int(after.dropFirst()) else { return nil }
                port = p
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            guard let p = Int(rest[rest.index(after: colon)...]) else { return nil }
            port = p
        }
        guard !host.isEmpty, !host.contains("/"), (1...65_535).contains(port) else { return nil }
        return (secure, String(host), port)
    }

    /// Sparkplug ids are topic levels: no '/', '+' or '#'.
    static func isSparkplugID(_ id: String) -> Bool {
        !id.isEmpty && !id.contains { $0 == "/" || $0 == "+" || $0 == "#" }
    }

    private mutating func sparkplugID(_ m: Node.Mapping, _ key: String, context: String, at owner: Node) -> String? {
        guard let id = requiredString(m, key, context: context, at: owner) else { return nil }
        guard Self.isSparkplugID(id) else {
            fail(m[key], "\(key) \"\(id)\" may not hold '/', '+' or '#' (it is a level of the topic)")
            return nil
        }
        return id
    }

    mutating func parseSparkplugNode(_ node: Node, key: String) -> SparkplugNode? {
        guard let m = node.mapping else {
            fail(node, "\"\(key)\" must be a mapping {group, edge_node}")
            return nil
        }
        checkKeys(m, allowed: ["group", "edge_node"], context: key)
        guard let group = sparkplugID(m, "group", context: key, at: node), let edge = sparkplugID(m, "edge_node", context: key, at: node)
        else { return nil }
        return SparkplugNode(group: group, edgeNode: edge)
    }

    /// A machine's `sparkplug: {group, edge_node, device}`, `metrics: {...}` and `state_map: {...}`.
    mutating func parseSparkplugBinding(_ mm: Node.Mapping, machine id: String, at owner: Node) -> SparkplugBinding? {
        guard let node = mm["sparkplug"] else {
            for key in ["metrics", "state_map"] where mm[key] != nil {
                fail(mm[key], "\(key) of machine \"\(id)\" names Sparkplug metrics: give the machine sparkplug: {group, edge_node, device} too")
            }
            return nil
        }
        guard let m = node.mapping else {
            fail(node, "\"sparkplug\" must be a mapping {group, edge_node, device}")
            return nil
        }
        checkKeys(m, allowed: ["group", "edge_node", "device"], context: "sparkplug of machine \"\(id)\"")
        let context = "sparkplug of machine \"\(id)\""
        guard let group = sparkplugID(m, "group", context: context, at: node), let edge = sparkplugID(m, "edge_node", context: context, at: node)
        else { return nil }
        var device: String?
        if m["device"] != nil {
            guard let d = sparkplugID(m, "device", context: context, at: node) else { return nil }
            device = d
        }
        var binding = SparkplugBinding(node: SparkplugNode(group: group, edgeNode: edge), device: device)
        sparkplugNodes[id] = node
        if let metrics = mm["metrics"] {
            if let mmap = metrics.mapping {
                checkKeys(mmap, allowed: ["state", "reason", "count_total", "count_reject"], context: "metrics of machine \"\(id)\"")
                if let v = optionalString(mmap, "state") { binding.stateMetric = v }
                if let v = optionalString(mmap, "reason") { binding.reasonMetric = v }
                if let v = optionalString(mmap, "count_total") { binding.countTotalMetric = v }
                if let v = optionalString(mmap, "count_reject") { binding.countRejectMetric = v }
                let names = [binding.stateMetric, binding.reasonMetric, binding.countTotalMetric, binding.countRejectMetric]
                if Set(names).count < names.count { fail(metrics, "metrics of machine \"\(id)\" name one metric for two things") }
                for name in names where name == "bdSeq" || name.hasPrefix("Node Control/") || name.hasPrefix("Device Control/") {
                    fail(metrics, "metrics of machine \"\(id)\": \"\(name)\" is the Sparkplug session's own metric, not the machine's")
                }
            } else {
                fail(metrics, "\"metrics\" must map state, reason, count_total, count_reject to metric names")
            }
        }
        if let map = mm["state_map"] {
            binding.stateMap = parseStateMap(map, machine: id)
        }
        return binding
    }

    /// `{1: running, 2: idle, ...}`: codes a numeric state metric sends.
    mutating func parseStateMap(_ node: Node, machine id: String) -> [Int64: MachineState] {
        guard let m = node.mapping else {
            fail(node, "\"state_map\" must map numbers to states (1: running, 2: idle, ...)")
            return [:]
        }
        var out: [Int64: MachineState] = [:]
        for (k, v) in m {
            guard let code = k.scalar.flatMap({ Int64($0.string) }) else {
                fail(k, "a state_map code must be a whole number, not \"\(k.scalar?.string ?? "")\"")
                continue
            }
            guard let text = v.scalar?.string, let state = MachineState(reported: text) else {
                let names = MachineState.reportable.map(\.rawValue).joined(separator: ", ")
                fail(v, "state_map of machine \"\(id)\": \"\(v.scalar?.string ?? "")\" is not a state (one of \(names))")
                continue
            }
            if out[code] != nil { fail(k, "state_map code \(code) is given twice") }
            out[code] = state
        }
        return out
    }

    /// Every Sparkplug machine needs the broker, and no two machines may be one device.
    mutating func checkSparkplugBindings(_ lines: [LineConfig], mqtt: MQTTConfig?, top: Node.Mapping) {
        var seen: [String: String] = [:]
        for machine in lines.flatMap(\.machines) {
            guard let b = machine.sparkplug else { continue }
            let at = sparkplugNodes[machine.id] ?? top["lines"]
            if mqtt == nil && top["mqtt"] == nil {
                fail(at, "machine \"\(machine.id)\" reports over Sparkplug B but the plant file has no mqtt: {broker: ...}")
            }
            if let other = seen[b.path] {
                fail(at, "machines \"\(other)\" and \"\(machine.id)\" are both Sparkplug \(b.path)")
            }
            seen[b.path] = machine.id
            if let own = mqtt?.publish, own == b.node {
                fail(at, "machine \"\(machine.id)\" is read from \(b.path), which is Gemba's own edge node (mqtt.publish)")
            }
        }
    }
}
