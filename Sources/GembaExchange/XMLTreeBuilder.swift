import Foundation
import GembaCore

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The delegate `XMLTreeReader` gives FoundationXML's `XMLParser`: it builds the `XMLTree` as
/// libxml2 reports elements and text, and stops the parse at the first thing wrong (not
/// well-formed, nested too deep, a declaration Gemba refuses), keeping its line and reason.
/// One parse, one builder; not shared between threads.
final class XMLTreeBuilder: NSObject, XMLParserDelegate {
    let maxDepth: Int
    /// The bytes being parsed, to tell an error at their very end (a cut file) from others.
    let input: Data
    private(set) var root: XMLTree?
    private(set) var failure: OrderImport.RowError?
    /// The elements opened and not yet closed, outermost first.
    private(set) var open: [XMLTree] = []

    init(maxDepth: Int, input: Data) {
        self.maxDepth = maxDepth
        self.input = input
    }

    private func fail(_ parser: XMLParser, line: Int, _ message: String) {
        guard failure == nil else { return }
        failure = OrderImport.RowError(row: max(line, 1), message: message, place: "line")
        parser.abortParsing()
    }

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
        attributes attributeDict: [String: String] = [:]
    ) {
        guard failure == nil else { return }
        guard open.count < maxDepth else {
            fail(parser, line: parser.lineNumber, "elements are nested more than \(maxDepth) deep (at <\(elementName)>): not a B2MML document")
            return
        }
        open.append(
            XMLTree(name: elementName, namespace: namespaceURI ?? "", line: parser.lineNumber, rawText: "", children: []))
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
        guard failure == nil, let element = open.popLast() else { return }
        if open.isEmpty {
            root = element
        } else {
            open[open.count - 1].children.append(element)
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        guard failure == nil, !open.isEmpty else { return }
        open[open.count - 1].rawText += string
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
        guard failure == nil, !open.isEmpty else { return }
        open[open.count - 1].rawText += String(decoding: block, as: UTF8.self)
    }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: any Error) {
        let code = (parseError as NSError).code
        guard !XMLParseErrorText.warnings.contains(code) else { return }
        let (line, column) = (parser.lineNumber, parser.columnNumber)
        let innermost = open.last.map { (name: $0.name, line: $0.line) }
        if let innermost, code == 5 || (XMLParseErrorText.endOfInput.contains(code) && bytesAfter(line: line, column: column) <= 32) {
            fail(parser, line: line, XMLParseErrorText.cutShort(innermost))
        } else {
            fail(parser, line: line, "not well-formed XML at column \(column): \(XMLParseErrorText.reason(code, open: innermost))")
        }
    }

    /// How many bytes of the input follow `line`:`column` (1-based; libxml2 counts columns in
    /// bytes). Int.max when the position is not in the input.
    func bytesAfter(line: Int, column: Int) -> Int {
        var current = 1
        var lineStart = 0
        var i = input.startIndex
        while current < line, i < input.endIndex {
            if input[i] == 0x0A {
                current += 1
                lineStart = input.distance(from: input.startIndex, to: i) + 1
            }
            i = input.index(after: i)
        }
        guard current == line else { return Int.max }
        return max(0, input.count - (lineStart + max(column - 1, 0)))
    }

    // A DTD is refused before parsing (`XMLTreeReader`); these stop a parse that meets one anyway.

    func parser(_ parser: XMLParser, foundInternalEntityDeclarationWithName name: String, value: String?) {
        fail(parser, line: parser.lineNumber, "the document declares an entity (\(name)): Gemba reads no DTD or entity")
    }

    func parser(_ parser: XMLParser, foundExternalEntityDeclarationWithName name: String, publicID: String?, systemID: String?) {
        fail(parser, line: parser.lineNumber, "the document declares an external entity (\(name)): Gemba reads no DTD or entity")
    }

    func parser(
        _ parser: XMLParser, foundUnparsedEntityDeclarationWithName name: String, publicID: String?, systemID: String?, notationName: String?
    ) {
        fail(parser, line: parser.lineNumber, "the document declares an entity (\(name)): Gemba reads no DTD or entity")
    }

    /// Asked for every entity reference libxml2 does not know (`&nbsp;`): nothing is resolved,
    /// and libxml2 then reports the reference as undeclared.
    func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
        nil
    }
}
