import Foundation

/// A shift report in one of the formats a person or a program reads it in: the same text
/// from the CLI (`gemba report shift --format`) and in the files written at shift end.
extension ShiftReportRenderer {
    package static func render(_ r: ShiftReport, as format: ReportsConfig.Format) -> String {
        switch format {
        case .text: return text(r)
        case .markdown: return markdown(r)
        case .html: return html(r)
        case .json:
            let encoder = JSONEncoder()
            // Keys sorted: the same report is the same bytes.
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = (try? encoder.encode(r)) ?? Data("{}".utf8)  // a ShiftReport has only strings, numbers and lists: it always encodes
            return String(decoding: data, as: UTF8.self) + "\n"
        }
    }
}
