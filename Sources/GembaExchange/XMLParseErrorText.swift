/// libxml2's reasons in words. FoundationXML's `XMLParser` hands its delegate only libxml2's
/// error number (`xmlParserErrors` in libxml/xmlerror.h), not libxml2's message, so the
/// common ones are named here; the rest keep their number.
enum XMLParseErrorText {
    /// libxml2's warnings, which do not make a document unreadable (undeclared entity in a
    /// document with a DTD, catalog and version notes, namespace URI style).
    static let warnings: Set<Int> = [27, 93, 97, 98, 99, 100, 102, 106, 107]

    /// Errors libxml2 gives when the input stops in the middle of something (a tag, an
    /// attribute, a comment, a reference): at the very end of a document, they mean it was cut.
    static let endOfInput: Set<Int> = [5, 23, 37, 39, 40, 41, 43, 44, 45, 47, 57, 61, 63, 65, 68, 73, 74, 77, 80, 85]

    /// The reason for a document that stops while `open` (the innermost element) is open.
    static func cutShort(_ open: (name: String, line: Int)) -> String {
        "the document ends before <\(open.name)> of line \(open.line) is closed: the file is cut short"
    }

    /// The reason for libxml2 error `code`; `open` is the innermost element still open (its
    /// name and line), which most reasons are about.
    static func reason(_ code: Int, open: (name: String, line: Int)?) -> String {
        let inside = open.map { " (inside <\($0.name)> of line \($0.line))" } ?? ""
        switch code {
        case 4: return "the document is empty"
        case 5, 77, 85:
            if let open { return cutShort(open) }
            return "there is more after the end of the root element"
        case 6, 7, 8: return "a character reference (&#...;) names no character XML allows"
        case 9: return "a character that XML does not allow" + inside
        case 22, 23, 24, 25: return "an & that does not start an entity reference: write & as &amp;" + inside
        case 26, 28, 29, 30: return "an entity reference that is not declared: B2MML uses only &amp; &lt; &gt; &quot; &apos;" + inside
        case 31, 32, 81: return "a character encoding that cannot be read (the document should be UTF-8)"
        case 38: return "a < inside an attribute value: write it as &lt;" + inside
        case 39, 40, 41, 43, 44: return "an attribute value that is not quoted or not closed" + inside
        case 42, 203: return "an attribute given twice in one tag" + inside
        case 45: return "a comment that is not closed (<!-- without -->)"
        case 46, 47: return "a processing instruction that is not closed (<? without ?>)"
        case 56, 57, 96: return "an XML declaration (<?xml ...?>) that is not well formed"
        case 62, 63: return "a CDATA section that is not closed" + inside
        case 64: return "a processing instruction named xml after the start of the document"
        case 65, 68, 73: return "a tag that is not well formed" + inside
        case 76:
            if let open { return "an end tag that does not match <\(open.name)> of line \(open.line)" }
            return "an end tag that matches no start tag"
        case 86: return "there is more after the end of the root element"
        case 89: return "an entity that refers to itself"
        case 110: return "a name that is too long"
        case 201: return "an element or attribute prefix bound to no namespace (xmlns:prefix is missing)" + inside
        case 202, 204, 205: return "a namespace name or prefix that is not well formed" + inside
        default: return "libxml2 error \(code)" + inside
        }
    }
}
