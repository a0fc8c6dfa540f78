/// An element of a document Gemba reads, as `XMLTreeReader` built it: its local name and
/// namespace, the line where its start tag ends (what libxml2 reports), the text
/// directly inside it and its child elements in order. The B2MML readers walk this tree, so
/// that every message they give can name the line of the element it is about.
struct XMLTree: Sendable {
    var name: String
    var namespace: String
    var line: Int
    /// The character data directly inside the element (not its children's), as written.
    var rawText: String
    var children: [XMLTree]

    /// The text without the spaces and line breaks around it.
    var text: String { rawText.trimmingXMLSpace() }

    /// The child elements of that local name in the B2MML namespace.
    func children(_ name: String) -> [XMLTree] {
        children.filter { $0.name == name && $0.namespace == B2MML.namespace }
    }

    /// The first child element of that local name in the B2MML namespace.
    func child(_ name: String) -> XMLTree? {
        children.first { $0.name == name && $0.namespace == B2MML.namespace }
    }
}

extension String {
    /// Without XML white space (space, tab, line feed, carriage return) around it.
    func trimmingXMLSpace() -> String {
        let space: Set<Character> = [" ", "\t", "\n", "\r", "\r\n"]
        var s = Substring(self)
        while let c = s.first, space.contains(c) { s.removeFirst() }
        while let c = s.last, space.contains(c) { s.removeLast() }
        return String(s)
    }
}
