/// The OEE chart of the HTML shift report: for the plant, each line and each machine, its
/// name and four horizontal bars, availability, performance, quality and OEE, each with its
/// value. Drawn as inline SVG, 400 units wide so that the bars keep their labels readable
/// when the page shrinks to a phone. A value above 100 % (performance can be) fills its
/// track and shows its figure; a missing one has an empty track and `—`.
enum ShiftReportOEEChart {
    static let width = 400.0
    static let trackX = 34.0
    static let trackWidth = 310.0
    static let barHeight = 9.0
    static let barStep = 12.0
    static let nameHeight = 15.0
    static let rowGap = 9.0

    static func svg(_ rows: [ShiftReport.OEERow]) -> String {
        let factors: [(String, String, KeyPath<ShiftReport.OEERow, Double?>)] = [
            ("A", "#0969da", \.availability), ("P", "#1a7f37", \.performance), ("Q", "#8250df", \.quality), ("OEE", "#bc4c00", \.oee),
        ]
        let rowHeight = nameHeight + barStep * Double(factors.count) + rowGap
        let height = max(rowHeight * Double(rows.count), 1)
        let n = ShiftReportCharts.number
        var out =
            "<svg class=\"oee-chart\" viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\""
            + " aria-label=\"Availability, performance, quality and OEE of the plant, each line and each machine\""
            + " font-family=\"sans-serif\" font-size=\"10\">\n"
        for (k, row) in rows.enumerated() {
            let top = rowHeight * Double(k)
            let weight = row.kind == .machine ? "normal" : "bold"
            let indent = row.kind == .machine ? 16.0 : row.kind == .line ? 8.0 : 0
            let name = ShiftReportCharts.label(ShiftReportWording.name(row.name, id: row.id), 62)
            out += "<text x=\"\(n(indent))\" y=\"\(n(top + 11))\" font-size=\"11\" font-weight=\"\(weight)\">\(name)</text>\n"
            for (j, factor) in factors.enumerated() {
                let y = top + nameHeight + barStep * Double(j)
                let value = row[keyPath: factor.2]
                let filled = ShiftReportCharts.clampedRatio(value) * trackWidth
                out += "<text x=\"0\" y=\"\(n(y + 8))\" fill=\"#57606a\">\(factor.0)</text>"
                out += "<rect x=\"\(n(trackX))\" y=\"\(n(y))\" width=\"\(n(trackWidth))\" height=\"\(n(barHeight))\" fill=\"#eaeef2\"/>"
                if filled > 0 {
                    out += "<rect x=\"\(n(trackX))\" y=\"\(n(y))\" width=\"\(n(filled))\" height=\"\(n(barHeight))\" fill=\"\(factor.1)\"/>"
                }
                let figure = ShiftReportEscaping.html(ShiftReportFigures.percent(value))
                out += "<text x=\"\(n(width))\" y=\"\(n(y + 8))\" text-anchor=\"end\">\(figure)</text>\n"
            }
        }
        return out + "</svg>"
    }
}
