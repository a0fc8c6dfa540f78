import GembaCore
import Yams

/// The `console_group`, `roles:` and `alarms:` sections of the plant file.
extension PlantConfigLoader {
    mutating func parseAccess(roles node: Node?, consoleGroup: Node?) -> AccessConfig {
        var access = AccessConfig()
        if let g = consoleGroup, let name = scalarString(g, "console_group") { access.consoleGroup = name }
        guard let node else { return access }
        guard let m = node.mapping else {
            fail(node, "\"roles\" must map roles (\(Role.allCases.map(\.rawValue).joined(separator: ", "))) to lists of users and \"group:NAME\"")
            return access
        }
        for (k, v) in m {
            guard let key = k.scalar?.string else {
                fail(k, "keys must be plain words")
                continue
            }
            if key == "unknown_users" {
                guard let text = v.scalar?.string else {
                    fail(v, "unknown_users must be a role or none")
                    continue
                }
                if text == "none" {
                    access.unknownUsers = nil
                } else if let role = Role(rawValue: text) {
                    access.unknownUsers = role
                } else {
                    fail(v, "unknown_users must be none or one of: \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                continue
            }
            guard let role = Role(rawValue: key) else {
                fail(k, "unknown role \"\(key)\" (roles: \(Role.allCases.map(\.rawValue).joined(separator: ", ")); or unknown_users)")
                continue
            }
            let items = v.sequence.map(Array.init) ?? [v]
            var subjects: [AccessConfig.Subject] = []
            for item in items {
                guard let text = item.scalar?.string, !text.isEmpty, text != "group:" else {
                    fail(item, "a role lists OS user names and \"group:NAME\" entries")
                    continue
                }
                subjects.append(AccessConfig.Subject(parsing: text))
            }
            access.roles[role, default: []] += subjects
        }
        return access
    }

    mutating func parseAlarms(_ node: Node?, machines: Set<String>) -> [AlarmDefinition] {
        guard let node else { return [] }
        guard let seq = node.sequence else {
            fail(node, "\"alarms\" must be a list of alarms, each with id, machine, when, priority and message")
            return []
        }
        var out: [AlarmDefinition] = []
        var ids: [String: Int] = [:]
        for item in seq {
            guard let m = item.mapping else {
                fail(item, "an alarm must be a mapping with id, machine, when, priority and message")
                continue
            }
            checkKeys(m, allowed: ["id", "machine", "when", "priority", "message", "latching", "suppress_when", "predict"], context: "an alarm")
            guard let id = requiredString(m, "id", context: "an alarm", at: item) else { continue }
            if !Self.isValidID(id) { fail(m["id"], "alarm id \"\(id)\" may hold only letters, digits, '-', '_' and '.'") }
            if AlarmDefinition.system.contains(where: { $0.id == id }) { fail(m["id"], "alarm id \"\(id)\" is the daemon's own") }
            if let first = ids[id] { fail(m["id"], "duplicate alarm id \"\(id)\" (first at line \(first))") }
            ids[id] = m["id"]?.mark?.line ?? 0
            guard let machine = requiredString(m, "machine", context: "alarm \"\(id)\"", at: item) else { continue }
            if !machines.contains(machine) { fail(m["machine"], "alarm \"\(id)\" watches machine \"\(machine)\", which no line has") }
            var priority = AlarmPriority.medium
            if let p = m["priority"] {
                if let text = p.scalar?.string, let v = AlarmPriority(rawValue: text) {
                    priority = v
                } else {
                    fail(p, "priority must be one of: critical, high, medium, low")
                }
            } else {
                fail(item, "alarm \"\(id)\" has no priority (critical, high, medium or low)")
            }
            let message = requiredString(m, "message", context: "alarm \"\(id)\"", at: item) ?? id
            var latching = false
            if let l = m["latching"] {
                if let b = l.scalar.flatMap(Bool.construct) { latching = b } else { fail(l, "latching must be true or false") }
            }
            var suppress: [MachineState] = []
            if let s = m["suppress_when"] {
                for st in s.sequence.map(Array.init) ?? [s] {
                    if let text = st.scalar?.string, let state = MachineState(rawValue: text) {
                        suppress.append(state)
                    } else {
                        fail(st, "suppress_when lists machine states (\(MachineState.reportable.map(\.rawValue).joined(separator: ", ")), offline)")
                    }
                }
            }
            guard let when = m["when"] else {
                fail(item, "alarm \"\(id)\" has no \"when\" (a condition such as { value: oil_temp, above: 80 })")
                continue
            }
            guard let (condition, onDelay, offDelay) = parseCondition(when, alarm: id) else { continue }
            if let p = m["predict"] {
                if case .limit = condition {
                    if let b = p.scalar.flatMap(Bool.construct) {
                        if !b { unpredicted.insert(id) }
                    } else {
                        fail(p, "predict must be true or false")
                    }
                } else {
                    fail(p, "predict: belongs to a value alarm (only a value's trend can be predicted)")
                }
            }
            out.append(
                AlarmDefinition(
                    id: id, machine: machine, condition: condition, priority: priority, message: message, latching: latching,
                    onDelay: onDelay, offDelay: offDelay, suppressWhen: suppress))
        }
        return out
    }

    private mutating func parseCondition(_ node: Node, alarm id: String) -> (AlarmCondition, Seconds, Seconds)? {
        guard let w = node.mapping else {
            fail(node, "\"when\" of alarm \"\(id)\" must be a mapping such as { value: oil_temp, above: 80 }")
            return nil
        }
        let limitKeys = ["above": LimitKind.hi, "hi": .hi, "hihi": .hihi, "below": .lo, "lo": .lo, "lolo": .lolo]
        checkKeys(
            w,
            allowed: Set(limitKeys.keys).union([
                "value", "deadband", "on_delay", "off_delay", "state", "longer_than", "comm_loss", "reject_rate", "window",
                "min_count",
            ]), context: "the \"when\" of alarm \"\(id)\"")
        var onDelay: Seconds = 0
        var offDelay: Seconds = 0
        if let d = w["on_delay"], let v = duration(d, "on_delay") { onDelay = v }
        if let d = w["off_delay"], let v = duration(d, "off_delay") { offDelay = v }
        let kinds = ["value", "state", "comm_loss", "reject_rate"].filter { w[$0] != nil }
        guard kinds.count == 1 else {
            fail(
                node,
                "the \"when\" of alarm \"\(id)\" needs exactly one of value, state, comm_loss, reject_rate (it has \(kinds.isEmpty ? "none" : kinds.joined(separator: ", ")))"
            )
            return nil
        }
        switch kinds[0] {
        case "value":
            guard let name = w["value"].flatMap({ scalarString($0, "value") }) else { return nil }
            let given = limitKeys.keys.sorted().filter { w[$0] != nil }
            guard given.count == 1, let key = given.first, let limitNode = w[key] else {
                fail(node, "a value alarm needs exactly one limit: above, below, hi, hihi, lo or lolo")
                return nil
            }
            guard let limit = limitNode.scalar.flatMap(Double.construct), limit.isFinite else {
                fail(limitNode, "\(key) must be a number")
                return nil
            }
            var deadband = 0.0
            if let d = w["deadband"] {
                if let v = d.scalar.flatMap(Double.construct), v >= 0, v.isFinite {
                    deadband = v
                } else {
                    fail(d, "deadband must be a number of zero or more")
                }
            }
            return (.limit(value: name, kind: limitKeys[key] ?? .hi, limit: limit, deadband: deadband), onDelay, offDelay)
        case "state":
            guard let text = w["state"]?.scalar?.string, let state = MachineState(rawValue: text) else {
                fail(w["state"], "state must be a machine state (\(MachineState.reportable.map(\.rawValue).joined(separator: ", ")), offline)")
                return nil
            }
            guard let l = w["longer_than"], let longer = duration(l, "longer_than") else {
                fail(node, "a state alarm needs longer_than (such as 10m)")
                return nil
            }
            return (.stateLonger(state: state, longerThan: longer), onDelay, offDelay)
        case "comm_loss":
            guard let b = w["comm_loss"]?.scalar.flatMap(Bool.construct), b else {
                fail(w["comm_loss"], "comm_loss must be true")
                return nil
            }
            return (.commLoss, onDelay, offDelay)
        default:
            guard let r = w["reject_rate"], let text = r.scalar?.string else { return nil }
            let rate: Double?
            if text.hasSuffix("%") { rate = Double(String(text.dropLast())).map { $0 / 100 } } else { rate = Double(text) }
            guard let rate, rate >= 0, rate < 1 else {
                fail(r, "reject_rate must be a fraction below 1 (0.05) or a percentage (5%)")
                return nil
            }
            guard let wn = w["window"], let window = duration(wn, "window"), window > 0 else {
                fail(node, "a reject-rate alarm needs a window (such as 15m)")
                return nil
            }
            var minCount: Int64 = 1
            if let mc = w["min_count"] {
                if let v = mc.scalar.flatMap({ Int64($0.string) }), v >= 1 {
                    minCount = v
                } else {
                    fail(mc, "min_count must be a whole number of 1 or more")
                }
            }
            return (.rejectRate(limit: rate, window: window, minCount: minCount), onDelay, offDelay)
        }
    }
}
