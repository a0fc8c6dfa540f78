import Foundation
import GembaCore
import Yams

/// The loader's readers of single values (strings, durations, rates, times of day), the
/// checks every section shares (unknown keys, ids, overlapping shifts), and the
/// conversion of YAML's own errors into ones that name the place.
extension PlantConfigLoader {
    mutating func checkKeys(_ m: Node.Mapping, allowed: Set<String>, context: String) {
        for key in m.keys {
            guard let k = key.scalar?.string else {
                fail(key, "keys must be plain words")
                continue
            }
            if !allowed.contains(k) {
                let hint = allowed.sorted().joined(separator: ", ")
                fail(key, "unknown key \"\(k)\" in \(context) (expected one of: \(hint))")
            }
        }
    }

    mutating func scalarString(_ node: Node, _ key: String) -> String? {
        guard let s = node.scalar?.string, !s.isEmpty else {
            fail(node, "\"\(key)\" must be a non-empty text")
            return nil
        }
        return s
    }

    mutating func requiredString(_ m: Node.Mapping, _ key: String, context: String, at owner: Node? = nil) -> String? {
        guard let node = m[key] else {
            fail(owner, "missing key \"\(key)\" in \(context)")
            return nil
        }
        return scalarString(node, key)
    }

    mutating func optionalString(_ m: Node.Mapping, _ key: String) -> String? {
        guard let node = m[key] else { return nil }
        return scalarString(node, key)
    }

    /// The longest duration any key takes: 100 years.
    static let longestDuration: Seconds = 100 * 365 * 86_400

    mutating func duration(_ node: Node, _ key: String) -> Seconds? {
        guard let s = node.scalar?.string, let d = DurationText.seconds(s) else {
            fail(node, "bad duration for \(key): \"\(node.scalar?.string ?? "")\" (write 30s, 10m, 2h, or seconds as a number)")
            return nil
        }
        // Longer is a typo, and would not fit the daemon's clock in nanoseconds.
        guard d.isFinite, d <= Self.longestDuration else {
            fail(node, "\(key) must be at most 100 years (\"\(s)\")")
            return nil
        }
        return d
    }

    /// A rate in units per second: a number (per second), or `N/s`, `N/min`, `N/h`; above zero.
    mutating func rate(_ node: Node, _ key: String) -> Double? {
        guard let s = node.scalar?.string, let r = Self.rate(s) else {
            fail(node, "bad rate for \(key): \"\(node.scalar?.string ?? "")\" (write units per second as a number, or 50/s, 3000/min, 180000/h)")
            return nil
        }
        guard r > 0 else {
            fail(node, "\(key) must be more than zero")
            return nil
        }
        return r
    }

    /// Parses `50`, `50/s`, `3000/min`, `180000/h` into units per second.
    static func rate(_ text: String) -> Double? {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count <= 2, let n = Double(parts[0]), n.isFinite, n >= 0 else { return nil }
        guard parts.count == 2 else { return n }
        switch parts[1] {
        case "s": return n
        case "min", "m": return n / 60
        case "h": return n / 3600
        default: return nil
        }
    }

    mutating func timeOfDay(_ m: Node.Mapping, _ key: String, at owner: Node) -> TimeOfDay? {
        guard let node = m[key] else {
            fail(owner, "missing key \"\(key)\"")
            return nil
        }
        // YAML 1.1 reads unquoted 06:00 as a sexagesimal number; take the source text.
        guard let s = node.scalar?.string, let t = TimeOfDay(parsing: s) else {
            fail(node, "bad time of day for \(key): \"\(node.scalar?.string ?? "")\" (write \"HH:MM\", e.g. \"06:00\")")
            return nil
        }
        return t
    }

    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty
            && id.unicodeScalars.allSatisfy {
                ($0.value < 128 && (CharacterSet.alphanumerics.contains($0))) || $0 == "-" || $0 == "_" || $0 == "."
            }
    }

    /// Minutes from the shift's start to `t`, when `t` falls inside the shift (end included).
    static func offset(of t: TimeOfDay, in shift: ShiftConfig) -> Int? {
        var d = t.minuteOfDay - shift.start.minuteOfDay
        if d < 0 { d += 24 * 60 }
        return d <= shift.lengthMinutes ? d : nil
    }

    static func overlap(_ a: ShiftConfig, _ b: ShiftConfig) -> Bool {
        func ranges(_ s: ShiftConfig) -> [Range<Int>] {
            let start = s.start.minuteOfDay
            let end = start + s.lengthMinutes
            return end <= 1440 ? [start..<end] : [start..<1440, 0..<(end - 1440)]
        }
        for ra in ranges(a) { for rb in ranges(b) where ra.overlaps(rb) { return true } }
        return false
    }

    static func convert(_ error: YamlError, file: String) -> ConfigError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
            .composer(_, let problem, let mark, _):
            return ConfigError(file: file, line: mark.line, column: mark.column, message: "YAML: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigError(
                file: file, line: context.mark.line, column: context.mark.column,
                message: "duplicate key \(duplicates.map { "\"\($0)\"" }.joined(separator: ", ")) in a mapping")
        case .reader(let problem, let offset, _, _):
            return ConfigError(file: file, line: 1, column: (offset ?? 0) + 1, message: "YAML: \(problem)")
        default:
            return ConfigError(file: file, line: 1, column: 1, message: "YAML: \(error)")
        }
    }
}
