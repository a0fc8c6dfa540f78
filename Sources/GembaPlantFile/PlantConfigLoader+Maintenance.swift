import Foundation
import GembaCore
import Yams

/// A machine's `maintenance:` list: its preventive maintenance plans.
extension PlantConfigLoader {
    mutating func parseMaintenance(_ node: Node, machine: String) -> [MaintenancePlan] {
        let example = "{ id: lube, name: Lubricate the slide, every: { running_hours: 200 } }"
        guard let seq = node.sequence else {
            fail(node, "maintenance of machine \"\(machine)\" must be a list of plans such as \(example)")
            return []
        }
        var out: [MaintenancePlan] = []
        var ids: [String: Int] = [:]
        for item in seq {
            guard let m = item.mapping else {
                fail(item, "a maintenance plan must be a mapping such as \(example)")
                continue
            }
            checkKeys(m, allowed: ["id", "name", "every", "due_within", "priority", "last_done"], context: "a maintenance plan of \"\(machine)\"")
            guard let id = requiredString(m, "id", context: "a maintenance plan of \"\(machine)\"", at: item) else { continue }
            if !Self.isValidID(id) { fail(m["id"], "maintenance plan id \"\(id)\" may hold only letters, digits, '-', '_' and '.'") }
            if let first = ids[id] { fail(m["id"], "duplicate maintenance plan \"\(id)\" of \"\(machine)\" (first at line \(first))") }
            ids[id] = m["id"]?.mark?.line ?? 0
            let name = optionalString(m, "name") ?? id
            guard let every = m["every"] else {
                fail(item, "maintenance plan \"\(id)\" of \"\(machine)\" has no every: { running_hours: N }, { cycles: N } or { days: N }")
                continue
            }
            guard let meter = parseMeter(every, plan: id) else { continue }
            var plan = MaintenancePlan(machine: machine, id: id, name: name, meter: meter)
            if let d = m["due_within"] {
                let text = d.scalar?.string ?? ""
                if text.hasSuffix("%"), let v = Double(text.dropLast()), v > 0, v < 100 {
                    plan.dueWithin = v / 100
                } else {
                    fail(d, "due_within must be a share of the interval from 1% to 99%, such as 10%, not \"\(text)\"")
                }
            }
            if let p = m["priority"] {
                if let text = p.scalar?.string, let v = AlarmPriority(rawValue: text) {
                    plan.priority = v
                } else {
                    fail(p, "priority must be one of: critical, high, medium, low")
                }
            }
            if let l = m["last_done"] {
                let text = l.scalar?.string ?? ""
                if let t = ISOTime.parse(text) ?? ISOTime.parse(text + "T00:00:00Z") {
                    // A date ahead of today is a typo that would switch the plan off for years.
                    if t > Self.wallClock() + 86_400 * 1_000_000_000 {
                        fail(l, "last_done \"\(text)\" is in the future; a plan's meter counts from when it was last done")
                    }
                    plan.lastDone = t
                } else {
                    fail(l, "last_done must be an ISO 8601 date or time such as 2026-11-01 or 2026-11-01T06:00:00Z, not \"\(text)\"")
                }
            }
            out.append(plan)
        }
        return out
    }

    /// The time now, to refuse a `last_done` in the future (the only place the plant file is
    /// read against the clock).
    static func wallClock() -> Timestamp { Timestamp(Date().timeIntervalSince1970 * 1e9) }

    private mutating func parseMeter(_ node: Node, plan: String) -> MaintenancePlan.Meter? {
        guard let m = node.mapping, m.count == 1, let (k, v) = m.first, let key = k.scalar?.string else {
            fail(node, "every of plan \"\(plan)\" must be one of { running_hours: N }, { cycles: N }, { days: N }")
            return nil
        }
        let text = v.scalar?.string ?? ""
        switch key {
        case "running_hours":
            guard let h = Double(text), h > 0, h <= 1_000_000 else {
                fail(v, "running_hours must be a number of hours above 0 (up to 1000000), not \"\(text)\"")
                return nil
            }
            return .runningHours(h)
        case "cycles":
            guard let n = Int64(text), n > 0 else {
                fail(v, "cycles must be a whole number above 0, not \"\(text)\"")
                return nil
            }
            return .cycles(n)
        case "days":
            guard let d = Double(text), d > 0, d <= 36_500 else {
                fail(v, "days must be a number of days above 0 (up to 36500), not \"\(text)\"")
                return nil
            }
            return .days(d)
        default:
            fail(k, "every of plan \"\(plan)\" counts running_hours, cycles or days, not \"\(key)\"")
            return nil
        }
    }
}
