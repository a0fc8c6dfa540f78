import Foundation
import GembaCore

#if canImport(FoundationXML)
import FoundationXML
#endif

/// Reads a document an outside system sent into an `XMLTree`, through FoundationXML's
/// `XMLParser` (libxml2), and guards against hostile input: at most `maxBytes`; no DTD, so
/// no entity of the document's own is expanded (no "billion laughs") and nothing is loaded
/// from a file or the network (external entities are off as well); elements nested at most
/// `maxDepth` deep. What is wrong is one `RowError` with its line (`place` "line") and reason.
enum XMLTreeReader {
    static let maxBytes = 16 * 1024 * 1024
    /// B2MML's deepest documents nest a few dozen elements.
    static let maxDepth = 100

    static func read(_ text: String) throws(OrderImport.RowError) -> XMLTree {
        let size = text.utf8.count
        guard size <= maxBytes else {
            let mib = (Double(size) / 1_048_576 * 10).rounded(.up) / 10
            throw OrderImport.RowError(
                row: 1, message: "the document is \(mib) MiB: Gemba reads documents of at most 16 MiB (send the schedule in parts)",
                place: "line")
        }
        if let line = doctypeLine(text) {
            throw OrderImport.RowError(
                row: line, message: "the document has a DOCTYPE: Gemba reads no DTD or entity declarations in a B2MML document",
                place: "line")
        }
        let input = Data(declaringUTF8(text).utf8)
        let parser = XMLParser(data: input)
        parser.shouldProcessNamespaces = true
        parser.shouldReportNamespacePrefixes = false
        parser.shouldResolveExternalEntities = false
        parser.externalEntityResolvingPolicy = .never
        let builder = XMLTreeBuilder(maxDepth: maxDepth, input: input)
        parser.delegate = builder
        // The result is not enough: in libxml2's recover mode a parse can "succeed" after an
        // error the builder heard of.
        _ = parser.parse()
        if let failure = builder.failure { throw failure }
        if let open = builder.open.last {
            throw OrderImport.RowError(
                row: max(parser.lineNumber, open.line), message: XMLParseErrorText.cutShort((open.name, open.line)), place: "line")
        }
        guard let root = builder.root else {
            throw OrderImport.RowError(row: 1, message: "the document has no root element: it is empty or cut short", place: "line")
        }
        return root
    }

    /// The line of a `<!DOCTYPE` in the prolog (before the root element), where XML allows
    /// one; nil when there is none. Comments and processing instructions are skipped.
    static func doctypeLine(_ text: String) -> Int? {
        let u = text.utf8
        var i = u.startIndex
        var line = 1
        if u.starts(with: [0xEF, 0xBB, 0xBF]) { i = u.index(i, offsetBy: 3) }
        while i < u.endIndex {
            let c = u[i]
            if c == 0x0A { line += 1 }
            if c == 0x0A || c == 0x0D || c == 0x20 || c == 0x09 {
                i = u.index(after: i)
                continue
            }
            let rest = u[i...]
            if rest.starts(with: "<!DOCTYPE".utf8) { return line }
            let close: String
            if rest.starts(with: "<?".utf8) {
                close = "?>"
            } else if rest.starts(with: "<!--".utf8) {
                close = "-->"
            } else {
                return nil
            }
            // Skip to the end of the comment or instruction, counting its lines.
            var j = u.index(i, offsetBy: 2)
            while j < u.endIndex, !u[j...].starts(with: close.utf8) {
                if u[j] == 0x0A { line += 1 }
                j = u.index(after: j)
            }
            guard j < u.endIndex else { return nil }
            i = u.index(j, offsetBy: close.utf8.count)
        }
        return nil
    }

    /// The text with its XML declaration's `encoding` (if any) saying UTF-8: the text is
    /// handed to libxml2 as UTF-8, whatever encoding the file was in before it became a
    /// `String`. Lines are kept.
    static func declaringUTF8(_ text: String) -> String {
        var start = text.startIndex
        if text.first == "\u{FEFF}" { start = text.index(after: start) }
        guard text[start...].hasPrefix("<?xml"), let end = text[start...].range(of: "?>") else { return text }
        let declaration = text[start..<end.lowerBound]
        guard let name = declaration.range(of: "encoding") else { return text }
        var i = name.upperBound
        while i < declaration.endIndex, declaration[i] == " " || declaration[i] == "=" || declaration[i] == "\t" {
            i = declaration.index(after: i)
        }
        guard i < declaration.endIndex, declaration[i] == "\"" || declaration[i] == "'" else { return text }
        let valueStart = declaration.index(after: i)
        guard let valueEnd = declaration[valueStart...].firstIndex(of: declaration[i]) else { return text }
        guard declaration[valueStart..<valueEnd].uppercased() != "UTF-8" else { return text }
        var out = text
        out.replaceSubrange(valueStart..<valueEnd, with: "UTF-8")
        return out
    }
}
