import GembaCore
import Yams

/// The `products:` section: routings with eligible machines, cycle times and setups.
extension PlantConfigLoader {
    mutating func parseProducts(_ node: Node?, machines: Set<String>) -> [ProductConfig] {
        guard let node else { return [] }
        guard let seq = node.sequence else {
            fail(node, "\"products\" must be a list of products, each with id, name and routing")
            return []
        }
        var out: [ProductConfig] = []
        var ids: [String: Int] = [:]
        for item in seq {
            guard let m = item.mapping else {
                fail(item, "a product must be a mapping with id, name and routing")
                continue
            }
            checkKeys(m, allowed: ["id", "name", "routing"], context: "a product")
            guard let id = requiredString(m, "id", context: "a product", at: item) else { continue }
            if !Self.isValidID(id) { fail(m["id"], "product id \"\(id)\" may hold only letters, digits, '-', '_' and '.'") }
            if let first = ids[id] { fail(m["id"], "duplicate product id \"\(id)\" (first at line \(first))") }
            ids[id] = m["id"]?.mark?.line ?? 0
            let name = optionalString(m, "name") ?? id
            guard let r = m["routing"] else {
                fail(item, "product \"\(id)\" has no routing (a list of operations with their machines)")
                continue
            }
            guard let steps = r.sequence, !steps.isEmpty else {
                fail(r, "the routing of \"\(id)\" must be a non-empty list of operations")
                continue
            }
            var routing: [RoutingStep] = []
            var opNames: Set<String> = []
            for s in steps {
                guard let sm = s.mapping else {
                    fail(s, "a routing step must be a mapping with op, machines and setup")
                    continue
                }
                checkKeys(sm, allowed: ["op", "machines", "setup"], context: "a routing step of \"\(id)\"")
                guard let op = requiredString(sm, "op", context: "a routing step of \"\(id)\"", at: s) else { continue }
                if !opNames.insert(op).inserted { fail(sm["op"], "operation \"\(op)\" appears twice in the routing of \"\(id)\"") }
                var eligible: [EligibleMachine] = []
                if let mn = sm["machines"] {
                    if let mm = mn.mapping, !mm.isEmpty {
                        for (k, v) in mm {
                            guard let machine = k.scalar?.string else { continue }
                            if !machines.contains(machine) {
                                fail(k, "operation \"\(op)\" of \"\(id)\" names machine \"\(machine)\", which no line has")
                                continue
                            }
                            guard let secs = duration(v, "the cycle time of \(machine)") else { continue }
                            guard secs > 0 else {
                                fail(v, "the cycle time of \(machine) must be longer than zero")
                                continue
                            }
                            eligible.append(EligibleMachine(machine: machine, cycleTime: secs))
                        }
                    } else {
                        fail(mn, "machines maps each eligible machine to its time per unit, such as { press-01: 2s }")
                    }
                } else {
                    fail(s, "operation \"\(op)\" of \"\(id)\" has no machines")
                }
                var setup: Seconds = 0
                if let sn = sm["setup"], let v = duration(sn, "setup") { setup = v }
                if !eligible.isEmpty { routing.append(RoutingStep(operation: op, machines: eligible, setup: setup)) }
            }
            out.append(ProductConfig(id: id, name: name, routing: routing))
        }
        return out
    }
}

extension PlantConfigLoader {
    mutating func parseScheduling(_ node: Node?) -> SchedulingConfig {
        var config = SchedulingConfig()
        guard let node else { return config }
        guard let m = node.mapping else {
            fail(node, "\"scheduling\" must be a mapping (objective, frozen_horizon, time_limit, overrun_tolerance, threads)")
            return config
        }
        checkKeys(m, allowed: ["objective", "frozen_horizon", "time_limit", "overrun_tolerance", "threads"], context: "scheduling")
        if let o = m["objective"] {
            if let text = o.scalar?.string, let v = SchedulingConfig.Objective(rawValue: text) {
                config.objective = v
            } else {
                fail(o, "objective must be tardiness (total weighted tardiness, then makespan) or makespan")
            }
        }
        if let f = m["frozen_horizon"], let v = duration(f, "frozen_horizon") { config.frozenHorizon = v }
        if let t = m["time_limit"], let v = duration(t, "time_limit") {
            if v <= 0 || v > 3600 {
                fail(t, "time_limit must be longer than zero and at most 1h (each reschedule searches this long)")
            } else {
                config.timeLimit = v
            }
        }
        if let o = m["overrun_tolerance"] {
            // `10%` or a fraction (0.1): how far a finished operation's good count may exceed the order.
            let text = o.scalar?.string.trimmingCharactersInSpaces() ?? ""
            let value = text.hasSuffix("%") ? Double(text.dropLast()).map { $0 / 100 } : Double(text)
            if let value, value >= 0, value <= 10 {
                config.overrunTolerance = value
            } else {
                fail(o, "overrun_tolerance must be a percentage from 0% to 1000% (10%) or a fraction (0.1)")
            }
        }
        if let t = m["threads"] {
            let text = t.scalar?.string.trimmingCharactersInSpaces() ?? ""
            if let v = Int(text), (1...SchedulingConfig.maximumThreads).contains(v) {
                config.threads = v
            } else {
                fail(
                    t,
                    "threads must be a whole number from 1 to \(SchedulingConfig.maximumThreads) (searches run side by side on a reschedule; 1 by default)"
                )
            }
        }
        return config
    }
}

extension PlantConfigLoader {
    mutating func parseMaterials(_ node: Node?) -> [MaterialConfig] {
        guard let node else { return [] }
        guard let seq = node.sequence else {
            fail(node, "\"materials\" must be a list such as [{ id: steel-coil, name: Steel coil, unit: kg }]")
            return []
        }
        var out: [MaterialConfig] = []
        var ids: Set<String> = []
        for item in seq {
            guard let m = item.mapping else {
                fail(item, "a material must be a mapping with id, name and unit")
                continue
            }
            checkKeys(m, allowed: ["id", "name", "unit"], context: "a material")
            guard let id = requiredString(m, "id", context: "a material", at: item) else { continue }
            if !Self.isValidID(id) { fail(m["id"], "material id \"\(id)\" may hold only letters, digits, '-', '_' and '.'") }
            if !ids.insert(id).inserted { fail(m["id"], "duplicate material id \"\(id)\"") }
            out.append(MaterialConfig(id: id, name: optionalString(m, "name") ?? id, unit: optionalString(m, "unit") ?? "pcs"))
        }
        return out
    }
}
