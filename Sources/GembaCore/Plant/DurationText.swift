/// Parses the durations of configuration files: `30s`, `10m`, `2h`, `1h30m`, `500ms`, or a bare number of seconds.
public enum DurationText {
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

    /// A number without a trailing `.0` (`80`, `2.5`).
    public static func number(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }
}

extension String {
    func trimmingCharactersInSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}
