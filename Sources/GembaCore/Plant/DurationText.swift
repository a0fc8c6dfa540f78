import Foundation

/// Why a duration a person typed was refused: `--for 30: a duration needs a unit, such as 30m (s, m, h, d)`.
public struct DurationInputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The text as typed (without surrounding spaces).
    public var text: String
    /// The option or field it was given for (`--for`), when known: it leads the message.
    public var option: String?
    /// Why, in words for the person.
    public var reason: String

    public init(text: String, option: String? = nil, reason: String) {
        self.text = text
        self.option = option
        self.reason = reason
    }

    public var description: String {
        let what = [option, text.isEmpty ? nil : text].compactMap { $0 }.joined(separator: " ")
        return what.isEmpty ? reason : "\(what): \(reason)"
    }
}

/// Parses the durations of configuration files: `30s`, `10m`, `2h`, `1h30m`, `500ms`, `30d`, `2w`,
/// `2y` (365 days each), or a bare number of seconds.
public enum DurationText {
    /// A duration from the plant file: with units (`30s`, `1h30m`), or a bare number, which
    /// the plant file reads as seconds. Durations people type go through `personSeconds`.
    public static func seconds(_ text: String) -> Seconds? {
        let t = text.trimmingCharactersInSpaces()
        if t.isEmpty { return nil }
        if let bare = Double(t) { return bare >= 0 && bare.isFinite ? bare : nil }
        var total = 0.0
        var number = ""
        var unit = ""
        var sawAny = false
        func flush() -> Bool {
            guard let v = Double(number), v >= 0 else { return false }
            let scale: Double
            switch unit {
            case "ms": scale = 0.001
            case "s": scale = 1
            case "m", "min": scale = 60
            case "h": scale = 3600
            case "d": scale = 86400
            case "w": scale = 7 * 86400
            case "y": scale = 365 * 86400
            default: return false
            }
            total += v * scale
            number = ""
            unit = ""
            sawAny = true
            return true
        }
        for ch in t {
            if ch.isNumber || ch == "." {
                if !unit.isEmpty { guard flush() else { return nil } }
                number.append(ch)
            } else if ch.isLetter {
                guard !number.isEmpty else { return nil }
                unit.append(ch)
            } else {
                return nil
            }
        }
        guard flush(), sawAny else { return nil }
        return total
    }

    /// A duration a person typed (on the command line, in the console, in a request): the
    /// plant file's units (`ms`, `s`, `m`/`min`, `h`, `d`, combined as in `1h30m`), and
    /// unlike the plant file a number without a unit is refused with the unit suggested, as is
    /// zero: `30` is "a duration needs a unit, such as 30m (s, m, h, d)". `option` (`--for`)
    /// leads the error's message.
    public static func personSeconds(_ text: String, option: String? = nil) throws(DurationInputError) -> Seconds {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        func fail(_ reason: String) -> DurationInputError { DurationInputError(text: t, option: option, reason: reason) }
        let units = "(s, m, h, d)"
        guard !t.isEmpty else { throw fail("a duration is needed, such as 30m \(units)") }
        if t.hasPrefix("-") { throw fail("a duration cannot be negative") }
        if let bare = Double(t), bare.isFinite {
            let shown = t.hasPrefix("+") ? String(t.dropFirst()) : t
            throw fail("a duration needs a unit, such as \(shown)m \(units)")
        }
        guard let v = seconds(t) else {
            guard t.contains(where: \.isNumber) else {
                throw fail("not a duration: write a number and a unit, such as 30m, 2h or 1h30m \(units)")
            }
            let letters = t.split { !$0.isLetter }.map(String.init)
            if let unknown = letters.first(where: { !["ms", "s", "m", "min", "h", "d"].contains($0) }) {
                throw fail("\"\(unknown)\" is not a unit: write a number and a unit, such as 30m or 1h30m (ms, s, m, h, d)")
            }
            if let last = t.last, last.isNumber {
                throw fail("every number of a duration needs a unit, such as 1h30m \(units)")
            }
            throw fail("not a duration: write a number and a unit, such as 30m, 2h or 1h30m \(units)")
        }
        guard v > 0 else { throw fail("a duration must be longer than zero") }
        return v
    }

    /// Formats seconds the way the configuration writes them (`90` → `1m30s`).
    public static func format(_ seconds: Seconds) -> String {
        var s = Int(seconds.rounded())
        if s == 0 { return "0s" }
        var out = ""
        let h = s / 3600
        s %= 3600
        let m = s / 60
        s %= 60
        if h > 0 { out += "\(h)h" }
        if m > 0 { out += "\(m)m" }
        if s > 0 { out += "\(s)s" }
        return out
    }

    /// `format`, in whole days where it is whole days (`30d` rather than `720h`).
    public static func formatDays(_ seconds: Seconds) -> String {
        let s = Int(seconds.rounded())
        return s > 0 && s % 86_400 == 0 ? "\(s / 86_400)d" : format(seconds)
    }

    /// A number without a trailing `.0` (`80`, `2.5`).
    public static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }
}

extension String {
    package func trimmingCharactersInSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
