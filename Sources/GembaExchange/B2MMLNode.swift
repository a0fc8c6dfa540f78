import Foundation

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An element of a document Gemba writes, built once and then written two ways: as B2MML XML
/// (through FoundationXML's `XMLDocument`, never by hand) and as B2MML-JSON. Building the
/// document as one tree keeps the two forms from drifting apart: the XML's element order is
/// the order of `children`, and the JSON's arrays come from `repeats`.
struct B2MMLNode {
    var name: String
    var text: String?
    var attributes: [(name: String, value: String)]
    var children: [B2MMLNode]
    /// Whether the schema lets this element occur more than once in its parent (`maxOccurs`
    /// above 1). B2MML-JSON writes such an element as an array even when it occurs once.
    var repeats: Bool

    /// An element with a text value.
    init(_ name: String, _ text: String, repeats: Bool = false, attributes: [(name: String, value: String)] = []) {
        self.name = name
        self.text = text
        self.attributes = attributes
        self.children = []
        self.repeats = repeats
    }

    /// An element of elements.
    init(_ name: String, repeats: Bool = false, _ children: [B2MMLNode]) {
        self.name = name
        self.text = nil
        self.attributes = []
        self.children = children
        self.repeats = repeats
    }
}

extension B2MMLNode {
    /// The element as a FoundationXML element, children in order.
    func xmlElement() -> XMLElement {
        let element = text.map { XMLElement(name: name, stringValue: $0) } ?? XMLElement(name: name)
        for attribute in attributes {
            if let node = XMLNode.attribute(withName: attribute.name, stringValue: attribute.value) as? XMLNode {
                element.addAttribute(node)
            }
        }
        for child in children { element.addChild(child.xmlElement()) }
        return element
    }

    /// A whole document with this element as its root, in the B2MML namespace: UTF-8, indented.
    func xmlDocument() -> String {
        let root = xmlElement()
        if let namespace = XMLNode.namespace(withName: "", stringValue: B2MML.namespace) as? XMLNode {
            root.addNamespace(namespace)
        }
        let document = XMLDocument(rootElement: root)
        document.version = "1.0"
        document.characterEncoding = "UTF-8"
        return document.xmlString(options: [.nodePrettyPrint]) + "\n"
    }

    /// The element's value in B2MML-JSON (MESA's `AllSchemas.json`, generated from the XSDs):
    /// an element's children are the keys of an object; a child the schema lets repeat is an
    /// array; a text value is a string; a text value with attributes is an object whose `$` is
    /// the text and whose `@name` keys are the attributes.
    func jsonValue() -> Any {
        var object: [String: Any] = [:]
        for attribute in attributes { object["@" + attribute.name] = attribute.value }
        if children.isEmpty {
            guard !object.isEmpty else { return text ?? "" }
            object["$"] = text ?? ""
            return object
        }
        for child in children {
            if child.repeats {
                object[child.name] = ((object[child.name] as? [Any]) ?? []) + [child.jsonValue()]
            } else {
                object[child.name] = child.jsonValue()
            }
        }
        return object
    }

    /// A whole B2MML-JSON document: `{"<root name>": <value>}`, keys sorted, indented.
    func jsonDocument() -> String {
        let document: [String: Any] = [name: jsonValue()]
        // Strings, arrays and objects only: JSONSerialization cannot fail on them.
        guard let data = try? JSONSerialization.data(withJSONObject: document, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return "{}" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
