import GembaCore
import Yams

/// The `spc:` section: quality characteristics and their control charts.
extension PlantConfigLoader {
    mutating func parseSPC(_ node: Node?, machines: Set<String>, alarmIDs: Set<String>) -> [SPCCharacteristic] {
        guard let node else { return [] }
        guard let seq = node.sequence else {
            fail(node, "\"spc\" must be a list of characteristics, each with id, chart and (for a process value) machine and value")
            return []
        }
        var out: [SPCCharacteristic] = []
        var ids: [String: Int] = [:]
        for item in seq {
            guard let m = item.mapping else {
                fail(item, "a characteristic must be a mapping with id, chart and (for a process value) machine and value")
                continue
            }
            checkKeys(
                m, allowed: ["id", "machine", "value", "chart", "subgroup", "limits", "spec", "rules", "priority", "ewma", "cusum"],
                context: "a characteristic")
            guard let id = requiredString(m, "id", context: "a characteristic", at: item) else { continue }
            if !Self.isValidID(id) { fail(m["id"], "characteristic id \"\(id)\" may hold only letters, digits, '-', '_' and '.'") }
            if let first = ids[id] { fail(m["id"], "duplicate characteristic id \"\(id)\" (first at line \(first))") }
            ids[id] = m["id"]?.mark?.line ?? 0
            if alarmIDs.contains("spc-" + id) { fail(m["id"], "alarm id \"spc-\(id)\" is this characteristic's own alarm; rename the alarm") }
            let machine = optionalString(m, "machine")
            if let machine, !machines.contains(machine) {
                fail(m["machine"], "characteristic \"\(id)\" names machine \"\(machine)\", which no line has")
            }
            let value = optionalString(m, "value")
            if value != nil && machine == nil { fail(m["value"], "characteristic \"\(id)\" samples a value: name its machine too") }
            guard let chartText = requiredString(m, "chart", context: "characteristic \"\(id)\"", at: item) else { continue }
            guard let chart = SPCChartKind(rawValue: chartText) else {
                fail(m["chart"], "chart must be one of: \(SPCChartKind.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(chartText)\"")
                continue
            }
            var c = SPCCharacteristic(id: id, machine: machine, value: value, chart: chart)
            c.subgroup = parseSubgroup(m["subgroup"], chart: chart, id: id, owner: item)
            if let limits = m["limits"] { c.limits = parseLimits(limits, id: id) ?? c.limits }
            if let spec = m["spec"] { (c.lsl, c.usl) = parseSpec(spec, id: id) }
            if let rules = m["rules"] {
                c.rules = parseRules(rules, chart: chart, id: id)
            } else if chart == .ewma || chart == .cusum {
                c.rules = []
            }
            if let p = m["priority"] {
                if let text = p.scalar?.string, let v = AlarmPriority(rawValue: text) {
                    c.priority = v
                } else {
                    fail(p, "priority must be one of: critical, high, medium, low")
                }
            }
            if let e = m["ewma"] {
                if chart != .ewma { fail(e, "ewma: belongs to an ewma chart") }
                c.lambda = number(e, "lambda", in: 0.01...1, default: c.lambda, context: "ewma")
                c.width = number(e, "L", in: 0.5...6, default: c.width, context: "ewma")
            }
            if let cu = m["cusum"] {
                if chart != .cusum { fail(cu, "cusum: belongs to a cusum chart") }
                c.k = number(cu, "k", in: 0...3, default: c.k, context: "cusum")
                c.h = number(cu, "h", in: 0.5...20, default: c.h, context: "cusum")
            }
            out.append(c)
        }
        return out
    }

    private mutating func parseSubgroup(_ node: Node?, chart: SPCChartKind, id: String, owner: Node) -> SPCCharacteristic.Subgroup {
        guard let node else {
            if chart.subgroups {
                fail(owner, "characteristic \"\(id)\": an \(chart.rawValue) chart needs subgroup: readings per subgroup (2 to 25) or a window (5m)")
            }
            return .count(1)
        }
        let text = node.scalar?.string ?? ""
        if let n = Int(text) {
            if chart.subgroups && !SPCConstants.sizes.contains(n) {
                fail(node, "subgroup must be 2 to 25 readings for an \(chart.rawValue) chart, not \(n)")
            } else if !(1...25).contains(n) {
                fail(node, "subgroup must be 1 to 25 readings, not \(n)")
            }
            return .count(n)
        }
        guard let seconds = DurationText.seconds(text), seconds >= 1 else {
            fail(node, "subgroup must be a number of readings (5) or a window of time (5m), not \"\(text)\"")
            return .count(1)
        }
        return .window(seconds)
    }

    private mutating func parseLimits(_ node: Node, id: String) -> SPCCharacteristic.LimitsSource? {
        guard let m = node.mapping else {
            fail(node, "limits must be { from, to } (a baseline) or { center, ucl, lcl } (fixed)")
            return nil
        }
        if m["fixed"] != nil || m["center"] != nil {
            let f = m["fixed"]?.mapping ?? m
            checkKeys(f, allowed: ["center", "ucl", "lcl", "fixed"], context: "limits of \(id)")
            guard let c = numberValue(f["center"], "center"), let u = numberValue(f["ucl"], "ucl"), let l = numberValue(f["lcl"], "lcl") else {
                fail(node, "fixed limits of \(id) need center, ucl and lcl")
                return nil
            }
            guard l < c && c < u else {
                fail(
                    node,
                    "fixed limits of \(id): lcl < center < ucl, not \(DurationText.number(l)), \(DurationText.number(c)), \(DurationText.number(u))")
                return nil
            }
            return .fixed(center: c, ucl: u, lcl: l)
        }
        checkKeys(m, allowed: ["from", "to"], context: "limits of \(id)")
        guard let f = m["from"]?.scalar?.string, let t = m["to"]?.scalar?.string else {
            fail(node, "a baseline of \(id) needs from and to (ISO 8601 times)")
            return nil
        }
        guard let a = ISOTime.parse(f), let b = ISOTime.parse(t) else {
            fail(node, "a baseline of \(id): from and to are ISO 8601 times such as 2026-11-01T00:00:00Z")
            return nil
        }
        guard a < b else {
            fail(node, "a baseline of \(id): from must be before to")
            return nil
        }
        return .baseline(from: a, to: b)
    }

    private mutating func parseSpec(_ node: Node, id: String) -> (Double?, Double?) {
        guard let m = node.mapping else {
            fail(node, "spec must be { lsl, usl } (either may be left out)")
            return (nil, nil)
        }
        checkKeys(m, allowed: ["lsl", "usl"], context: "spec of \(id)")
        let lsl = numberValue(m["lsl"], "lsl")
        let usl = numberValue(m["usl"], "usl")
        if let lsl, let usl, lsl >= usl {
            fail(node, "spec of \(id): lsl (\(DurationText.number(lsl))) must be below usl (\(DurationText.number(usl)))")
        }
        if lsl == nil && usl == nil { fail(node, "spec of \(id) needs lsl, usl or both") }
        return (lsl, usl)
    }

    private mutating func parseRules(_ node: Node, chart: SPCChartKind, id: String) -> [SPCRule] {
        let items = node.sequence.map(Array.init) ?? [node]
        if (chart == .ewma || chart == .cusum) && !items.isEmpty {
            fail(node, "rules apply to individuals, xbar_r and xbar_s charts; an \(chart.rawValue) chart signals by its own limits")
            return []
        }
        var out: [SPCRule] = []
        for item in items {
            guard let text = item.scalar?.string, let rule = SPCRule(rawValue: text) else {
                fail(item, "unknown rule \"\(item.scalar?.string ?? "")\" (we1–we4, nelson1–nelson8)")
                continue
            }
            if !out.contains(rule) { out.append(rule) }
        }
        return out
    }

    /// A finite number, or nil (with an error when present but not a number).
    private mutating func numberValue(_ node: Node?, _ key: String) -> Double? {
        guard let node else { return nil }
        guard let text = node.scalar?.string, let v = Double(text), v.isFinite else {
            fail(node, "\(key) must be a number, not \"\(node.scalar?.string ?? "")\"")
            return nil
        }
        return v
    }

    private mutating func number(_ node: Node, _ key: String, in range: ClosedRange<Double>, default value: Double, context: String) -> Double {
        guard let m = node.mapping else {
            fail(node, "\(context) must be a mapping")
            return value
        }
        guard let v = numberValue(m[key], key) else { return value }
        guard range.contains(v) else {
            fail(m[key], "\(context).\(key) must be from \(DurationText.number(range.lowerBound)) to \(DurationText.number(range.upperBound))")
            return value
        }
        return v
    }
}
