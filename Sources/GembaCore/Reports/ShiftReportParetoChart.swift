/// The downtime Pareto of the HTML shift report: one bar per reason by the time it cost,
/// longest first, numbered as the downtime table below it, with the cumulative share of the
/// listed downtime as a line against a right-hand axis and the 80 % mark dashed. Inline SVG.
/// Heights are shares of the longest bar, so huge or odd times cannot overflow the plot.
enum ShiftReportParetoChart {
    static let width = 400.0
    static let height = 230.0
    static let left = 46.0
    static let right = 360.0
    static let top = 18.0
    static let bottom = 190.0

    static func svg(_ reasons: [ShiftReport.DowntimeReason]) -> String {
        let ordered = ShiftReportCharts.paretoOrder(reasons)
        let seconds = ordered.map { ShiftReportCharts.drawable($0.seconds) }
        let longest = seconds.max() ?? 0
        let shares = seconds.map { longest > 0 ? $0 / longest : 0 }
        let sum = shares.reduce(0, +)
        var running = 0.0
        let cumulative = shares.map { share -> Double in
            running += share
            return sum > 0 ? min(1, running / sum) : 0
        }
        let n = ShiftReportCharts.number
        let plotHeight = bottom - top
        let slot = (right - left) / Double(max(1, ordered.count))
        var out =
            "<svg class=\"pareto-chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\""
            + " aria-label=\"Pareto of downtime: time per reason, longest first, with the cumulative share\""
            + " font-family=\"sans-serif\" font-size=\"10\">\n"
        // Axes, the 80 % mark and their labels.
        out += "<line x1=\"\(n(left))\" y1=\"\(n(top))\" x2=\"\(n(left))\" y2=\"\(n(bottom))\" stroke=\"#57606a\"/>"
        out += "<line x1=\"\(n(right))\" y1=\"\(n(top))\" x2=\"\(n(right))\" y2=\"\(n(bottom))\" stroke=\"#57606a\"/>"
        out += "<line x1=\"\(n(left))\" y1=\"\(n(bottom))\" x2=\"\(n(right))\" y2=\"\(n(bottom))\" stroke=\"#57606a\"/>\n"
        let mark = bottom - 0.8 * plotHeight
        out += "<line x1=\"\(n(left))\" y1=\"\(n(mark))\" x2=\"\(n(right))\" y2=\"\(n(mark))\" stroke=\"#8c959f\" stroke-dasharray=\"4 3\"/>\n"
        let longestText = ShiftReportEscaping.html(ShiftReportFigures.duration(longest))
        out += "<text x=\"\(n(left - 4))\" y=\"\(n(top + 4))\" text-anchor=\"end\">\(longestText)</text>"
        out += "<text x=\"\(n(left - 4))\" y=\"\(n(bottom + 4))\" text-anchor=\"end\">0</text>\n"
        for (share, label) in [(1.0, "100%"), (0.8, "80%"), (0.5, "50%"), (0.0, "0%")] {
            out += "<text x=\"\(n(right + 4))\" y=\"\(n(bottom - share * plotHeight + 4))\">\(label)</text>"
        }
        out += "\n"
        // Bars, numbered as the table's rows, with their time above them.
        let barWidth = slot * 0.64
        for (k, share) in shares.enumerated() {
            let x = left + slot * Double(k) + (slot - barWidth) / 2
            let h = share * plotHeight
            let center = x + barWidth / 2
            if h > 0 {
                out += "<rect x=\"\(n(x))\" y=\"\(n(bottom - h))\" width=\"\(n(barWidth))\" height=\"\(n(h))\" fill=\"#0969da\"/>"
            }
            // Beyond a dozen bars their numbers would run into each other: the first and every fifth.
            if ordered.count <= 12 || k == 0 || (k + 1) % 5 == 0 {
                out += "<text x=\"\(n(center))\" y=\"\(n(bottom + 13))\" text-anchor=\"middle\">\(k + 1)</text>"
            }
            if ordered.count <= 10 {
                let time = ShiftReportEscaping.html(ShiftReportFigures.duration(seconds[k]))
                out += "<text x=\"\(n(center))\" y=\"\(n(bottom - h - 3))\" text-anchor=\"middle\" font-size=\"8\">\(time)</text>"
            }
            out += "\n"
        }
        // The cumulative share, through the bars' centres.
        if sum > 0 {
            let points = cumulative.enumerated().map { k, c in (n(left + slot * (Double(k) + 0.5)), n(bottom - c * plotHeight)) }
            let line = points.map { $0.0 + "," + $0.1 }.joined(separator: " ")
            out += "<polyline points=\"\(line)\" fill=\"none\" stroke=\"#bc4c00\" stroke-width=\"2\"/>\n"
            for (x, y) in points { out += "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"2.5\" fill=\"#bc4c00\"/>" }
            out += "\n"
        }
        out += "<text x=\"\(n(left))\" y=\"\(n(height - 6))\">Reason (# as in the table)</text>"
        out += "<text x=\"\(n(right))\" y=\"\(n(height - 6))\" text-anchor=\"end\" fill=\"#bc4c00\">Cumulative share</text>\n"
        return out + "</svg>"
    }
}
