import Foundation
import GembaCore

/// Text formats shared by every view: durations, counts, clock times.
public enum Format {
    /// `45s`, `12m03s`, `3h12m`, `2d04h`: compact, and exact to the second under an hour.
    public static func duration(_ nanos: Timestamp) -> String {
        let s = max(0, nanos / Nanos.perSecond)
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m\(pad2(s % 60))s" }
        if s < 86400 { return "\(s / 3600)h\(pad2(s % 3600 / 60))m" }
        return "\(s / 86400)d\(pad2(s % 86400 / 3600))h"
    }

    /// `47m`, `3h12m`: to the minute, rounded up, for times that need no seconds
    /// (the clock beside them has them).
    /// Seconds as `minutes(_:)` shows nanoseconds, for counts too large to turn into
    /// nanoseconds (a weighted tardiness of priority 1000 × months late).
    public static func minutes(seconds s: Int) -> String {
        let m = max(0, s / 60 + (s % 60 > 0 ? 1 : 0))
        return m < 60 ? "\(m)m" : "\(m / 60)h\(pad2(Int64(m % 60)))m"
    }

    public static func minutes(_ nanos: Timestamp) -> String {
        let m = max(0, (nanos + Nanos.perMinute - 1) / Nanos.perMinute)
        return m < 60 ? "\(m)m" : "\(m / 60)h\(pad2(m % 60))m"
    }

    public static func pad2(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// A count with thin grouping: 1042 → `1,042`.
    public static func count(_ n: Int64) -> String {
        let s = String(n.magnitude)
        var out = ""
        for (i, ch) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (n < 0 ? "-" : "") + out
    }

    /// `HH:MM:SS` of a timestamp in a zone offset (seconds east of UTC).
    public static func clock(_ t: Timestamp, offsetSeconds: Int = 0) -> String {
        let iso = ISOTime.format(t + Timestamp(offsetSeconds) * Nanos.perSecond)
        let start = iso.index(iso.startIndex, offsetBy: 11)
        return String(iso[start..<iso.index(start, offsetBy: 8)])
    }

    /// Shortens text to `width` cells, marking the cut.
    public static func fit(_ text: String, _ width: Int, ellipsis: String = "…") -> String {
        if CharWidth.of(text) <= width { return text }
        guard width > 0 else { return "" }
        var out = ""
        var w = 0
        for ch in text {
            let cw = CharWidth.of(ch)
            if w + cw > width - 1 { break }
            out.append(ch)
            w += cw
        }
        return out + ellipsis
    }

    /// Pads text to exactly `width` cells, as a table column: text that would fill the column
    /// to its edge is cut (marked) one cell short, so a column never runs into the next.
    public static func pad(_ text: String, _ width: Int) -> String {
        let t = CharWidth.of(text) < width ? text : fit(text, width - 1)
        return t + String(repeating: " ", count: max(0, width - CharWidth.of(t)))
    }

    /// A count that fits `width` cells: grouped (`12,345`) when it fits, else shortened with
    /// a unit (`123k`, `12.3M`, `1.2G`) rather than cut.
    public static func count(_ n: Int64, fitting width: Int) -> String {
        let full = count(n)
        guard full.count > width else { return full }
        let sign = n < 0 ? "-" : ""
        let m = Double(n.magnitude)
        for (unit, scale) in [("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12), ("P", 1e15), ("E", 1e18)] where m / scale < 999.5 {
            let v = m / scale
            let text = sign + (v < 9.95 ? fixed(v, 1) : String(Int(v.rounded()))) + unit
            if text.count <= width { return text }
        }
        return full
    }

    /// `x` rounded to a whole number that cannot trap: a figure from the daemon (or from a
    /// plant it reads, on an enterprise floor) may be huge or not a number; 0 for NaN, and
    /// held within ±10^15 beyond.
    public static func whole(_ x: Double) -> Int {
        guard !x.isNaN else { return 0 }
        return Int(min(max(x.rounded(), -1e15), 1e15))
    }

    /// A fraction as a percentage with one decimal (`0.7479` → `74.8%`); `—` when undefined.
    public static func percent(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "—" }
        let tenths = whole(v * 1000)
        return "\(tenths / 10).\(abs(tenths % 10))%"
    }

    /// `v` with exactly `places` decimals (`fixed(2.345, 1)` → `2.3`), as `%.Nf` prints it but
    /// without Foundation's formatter, which the console-only binary leaves out; non-finite
    /// values and those beyond 10^15 print as Swift prints them.
    public static func fixed(_ v: Double, _ places: Int) -> String {
        let places = min(max(places, 0), 9)
        var scale: UInt64 = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = (v.magnitude * Double(scale)).rounded(.toNearestOrEven)
        guard v.isFinite, v.magnitude < 1e15, scaled < 9e18 else { return String(v) }
        let n = UInt64(scaled)
        let sign = v < 0 && n != 0 ? "-" : ""
        guard places > 0 else { return sign + String(n) }
        let fraction = String(n % scale)
        return sign + String(n / scale) + "." + String(repeating: "0", count: places - fraction.count) + fraction
    }

    public static func number(_ v: Double) -> String {
        if v.rounded() == v && abs(v) < 1e9 { return String(Int64(v)) }
        let r = (v * 100).rounded() / 100
        return String(r)
    }
}

extension Format {
    /// Breaks text into lines of at most `width` cells at spaces (a word longer than a line
    /// is cut into pieces), so that a message is read whole instead of cut at the edge.
    public static func wrap(_ text: String, _ width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        // Empty words stand for the extra spaces of a run: kept inside a line, dropped at a break.
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            var word = word
            if word.isEmpty {
                if !line.isEmpty { line += " " }
                continue
            }
            while CharWidth.of(word) > width {
                if !line.isEmpty {
                    lines.append(line)
                    line = ""
                }
                var head = ""
                var rest = Substring(word)
                while let c = rest.first, CharWidth.of(head) + CharWidth.of(c) <= width {
                    head.append(c)
                    rest = rest.dropFirst()
                }
                lines.append(head)
                word = String(rest)
            }
            if word.isEmpty { continue }
            if line.isEmpty {
                line = word
            } else if CharWidth.of(line) + 1 + CharWidth.of(word) <= width {
                line += " " + word
            } else {
                lines.append(Self.trailingSpacesRemoved(line))
                line = word
            }
        }
        line = Self.trailingSpacesRemoved(line)
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    static func trailingSpacesRemoved(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }
}
