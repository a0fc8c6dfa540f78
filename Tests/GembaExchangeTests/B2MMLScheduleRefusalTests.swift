import Foundation
import GembaCore
import GembaExchange
import Testing

/// Schedules Gemba refuses: each bad request named with its line and reason, nothing imported
/// when anything is wrong, and hostile documents stopped before they cost anything.
struct B2MMLScheduleRefusalTests {
    /// A request for `quantity` of `product`, or with `body` instead of its produced material.
    static func request(_ id: String, _ product: String, _ quantity: String, body: String? = nil) -> String {
        """
          <OperationsRequest>
            <ID>\(id)</ID>
            <EndTime>2026-11-30T14:00:00Z</EndTime>
            <SegmentRequirement>
              <ID>\(id)-10</ID>
              <ProcessSegmentID>stamp</ProcessSegmentID>
              <OperationsDefinitionID>\(product)</OperationsDefinitionID>
              <OperationsSegmentID>stamp</OperationsSegmentID>
        \(body ?? produced(id, product, quantity))
            </SegmentRequirement>
          </OperationsRequest>

        """
    }

    static func produced(_ id: String, _ product: String, _ quantity: String) -> String {
        """
              <MaterialRequirement>
                <ID>\(id)-out</ID>
                <MaterialDefinitionID>\(product)</MaterialDefinitionID>
                <MaterialUse>Produced</MaterialUse>
                <Quantity><QuantityString>\(quantity)</QuantityString></Quantity>
              </MaterialRequirement>
        """
    }

    static func document(_ requests: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <OperationsSchedule xmlns="http://www.mesa.org/xml/B2MML">
          <ID>S</ID>
        \(requests)</OperationsSchedule>

        """
    }

    /// The errors importing `xml` gives; an issue when it imports.
    static func errors(_ xml: String) throws -> [OrderImport.RowError] {
        let plant = try ExchangeFixtures.plant()
        do {
            let orders = try B2MMLSchedule.orders(xml: xml, file: "s.xml", plant: plant, existing: [])
            Issue.record("imported \(orders.map(\.id)) from a document it should refuse")
            return []
        } catch {
            #expect(error.file == "s.xml")
            #expect(error.errors.allSatisfy { $0.place == "line" })
            return error.errors
        }
    }

    @Test func anUnknownProductAndAZeroQuantityAreBothNamedWithTheirLines() throws {
        let xml = Self.document(
            Self.request("WO-1", "bracket", "10") + Self.request("WO-2", "widget", "10") + Self.request("WO-3", "hinge", "0")
                + Self.request("WO-4", "hinge", "5"))
        // The requests are valid B2MML: the business rules refuse them.
        #expect(try ExchangeFixtures.xmllint(xml, schema: "B2MML-OperationsSchedule.xsd").status == 0)
        let errors = try Self.errors(xml)
        let lines = try [1, 2].map { try ExchangeFixtures.line(of: "<OperationsRequest>", in: xml, occurrence: $0) }
        #expect(errors.map(\.row) == lines)
        #expect(errors.count == 2)
        #expect(errors.first?.message == "order WO-2: product \"widget\" is not in the plant file's products")
        #expect(errors.last?.message == "order WO-3: quantity \"0\" is not a whole number from 1 to 100,000,000")
    }

    @Test func requestsThisReaderCannotMapAreAllNamed() throws {
        let noID = Self.request("", "bracket", "10")
        let twoProduced = Self.request(
            "WO-2", "bracket", "10",
            body: """
                    <MaterialRequirement>
                      <ID>a</ID><MaterialDefinitionID>bracket</MaterialDefinitionID><MaterialUse>Produced</MaterialUse>
                      <Quantity><QuantityString>10</QuantityString></Quantity>
                    </MaterialRequirement>
                    <SegmentRequirementChild>
                      <ID>c</ID><ProcessSegmentID>p</ProcessSegmentID><OperationsDefinitionID>d</OperationsDefinitionID>
                      <OperationsSegmentID>s</OperationsSegmentID>
                      <MaterialRequirement>
                        <ID>b</ID><MaterialDefinitionID>hinge</MaterialDefinitionID><MaterialUse>Produced</MaterialUse>
                        <Quantity><QuantityString>10</QuantityString></Quantity>
                      </MaterialRequirement>
                    </SegmentRequirementChild>
                """)
        let noQuantityString = Self.request(
            "WO-3", "bracket", "10",
            body: """
                    <MaterialRequirement>
                      <ID>a</ID><MaterialDefinitionID>bracket</MaterialDefinitionID><MaterialUse>Produced</MaterialUse>
                      <Quantity><UnitOfMeasure>pcs</UnitOfMeasure></Quantity>
                    </MaterialRequirement>
                """)
        let noProduct = Self.request(
            "WO-4", "bracket", "10",
            body: """
                    <MaterialRequirement>
                      <ID>a</ID><MaterialDefinitionID>coil</MaterialDefinitionID><MaterialUse>Consumed</MaterialUse>
                    </MaterialRequirement>
                """)
        let xml = Self.document(
            Self.request("WO-0", "bracket", "10") + noID + twoProduced + noQuantityString + noProduct + Self.request("WO-5", "gear", "1"))
        let errors = try Self.errors(xml)
        let lines = try (1...5).map { try ExchangeFixtures.line(of: "<OperationsRequest>", in: xml, occurrence: $0) }
        #expect(errors.map(\.row) == lines, "\(errors)")
        let messages = errors.map(\.message)
        #expect(messages.count == 5)
        #expect(messages.first == "an OperationsRequest without an ID (the order id)")
        // The requests before have one MaterialRequirement each.
        let produced = try [2, 3].map { try ExchangeFixtures.line(of: "<MaterialRequirement>", in: xml, occurrence: $0) }
        let two = "OperationsRequest WO-2 has 2 MaterialRequirements with MaterialUse Produced"
        #expect(messages.dropFirst().first == two + " (lines \(produced[0]), \(produced[1])); an order makes one product")
        let quantity = try ExchangeFixtures.line(of: "<Quantity><UnitOfMeasure>", in: xml)
        #expect(messages.dropFirst(2).first == "OperationsRequest WO-3: the Quantity of line \(quantity) has no QuantityString")
        #expect(
            messages.dropFirst(3).first == "OperationsRequest WO-4 has no MaterialRequirement with MaterialUse Produced (its product and quantity)")
        #expect(messages.last == "order WO-5: product \"gear\" is not in the plant file's products")
    }

    @Test func aTruncatedFileIsRefusedWithTheLineItEndsOn() throws {
        let whole = Self.document(Self.request("WO-1", "bracket", "10") + Self.request("WO-2", "hinge", "10"))
        let bytes = Array(whole.utf8)
        let rootEnd = try #require(whole.range(of: "B2MML\">")).upperBound.utf16Offset(in: whole)
        let rootClose = try #require(whole.range(of: "</OperationsSchedule>")).lowerBound.utf16Offset(in: whole)
        // Cut anywhere: in a tag name, an attribute, a text, between elements, in an end tag.
        for length in stride(from: rootEnd, to: rootClose, by: 5) {
            let cut = String(decoding: bytes[..<length], as: UTF8.self)
            let errors = try Self.errors(cut)
            let lastLine = cut.split(separator: "\n", omittingEmptySubsequences: false).count
            #expect(errors.count == 1, "\(cut)")
            // The end, or the line before it when the cut follows a line break.
            #expect(errors.first.map { [lastLine - 1, lastLine].contains($0.row) } == true, "\(errors) for \(cut.suffix(20).debugDescription)")
            #expect(
                errors.first?.message.hasPrefix("the document ends before <") == true, "\(errors) for \(cut.suffix(20).debugDescription)")
            #expect(errors.first?.message.hasSuffix("is closed: the file is cut short") == true, "\(errors)")
        }
    }

    @Test func aDocumentThatIsNotAScheduleSaysWhatItIs() throws {
        let performance = Self.document(Self.request("WO-1", "bracket", "10")).replacingOccurrences(
            of: "OperationsSchedule", with: "OperationsPerformance")
        #expect(
            try Self.errors(performance).map(\.description)
                == ["line 2: the root element is <OperationsPerformance>, not a B2MML <OperationsSchedule>"])
        let bod = "<SyncOperationsSchedule releaseID=\"1\" xmlns=\"http://www.mesa.org/xml/B2MML\"/>"
        let transaction = "the root element is <SyncOperationsSchedule> (a B2MML transaction: send the OperationsSchedule it carries)"
        #expect(try Self.errors(bod).map(\.message) == [transaction + ", not a B2MML <OperationsSchedule>"])
        let other = Self.document(Self.request("WO-1", "bracket", "10")).replacingOccurrences(
            of: "http://www.mesa.org/xml/B2MML", with: "http://example.com/orders")
        #expect(
            try Self.errors(other).map(\.message)
                == ["<OperationsSchedule> is in namespace http://example.com/orders, not B2MML's http://www.mesa.org/xml/B2MML"])
        let none = "<OperationsSchedule><ID>S</ID></OperationsSchedule>"
        #expect(try Self.errors(none).map(\.message) == ["<OperationsSchedule> is in no namespace, not B2MML's http://www.mesa.org/xml/B2MML"])
        let empty = Self.document("")
        #expect(try Self.errors(empty).map(\.description) == ["line 2: the OperationsSchedule has no OperationsRequest"])
    }

    @Test func aDTDIsRefusedAndNoEntityIsExpanded() throws {
        let laughs = """
            <?xml version="1.0"?>
            <!-- a schedule
                 from the ERP -->
            <!DOCTYPE OperationsSchedule [
              <!ENTITY lol "lol">
              <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
              <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
            ]>
            """ + Self.document(Self.request("WO-&lol3;", "bracket", "10")).split(separator: "\n").dropFirst().joined(separator: "\n")
        #expect(
            try Self.errors(laughs).map(\.description)
                == ["line 4: the document has a DOCTYPE: Gemba reads no DTD or entity declarations in a B2MML document"])
        let external = """
            <!DOCTYPE OperationsSchedule [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            """ + Self.document(Self.request("WO-1", "&secret;", "10")).split(separator: "\n").dropFirst().joined(separator: "\n")
        #expect(try Self.errors(external).map(\.row) == [1])
        // Without a DTD, an entity other than XML's five is not well-formed.
        let undeclared = Self.document(Self.request("WO-1", "&secret;", "10"))
        let line = try ExchangeFixtures.line(of: "&secret;", in: undeclared)
        let errors = try Self.errors(undeclared)
        #expect(errors.map(\.row) == [line])
        #expect(errors.first?.message.hasPrefix("not well-formed XML at column ") == true, "\(errors)")
        #expect(errors.first?.message.contains("an entity reference that is not declared") == true, "\(errors)")
    }

    @Test func notWellFormedXMLIsNamedWithLineAndColumn() throws {
        let xml = Self.document(Self.request("WO-1", "bracket", "10")).replacingOccurrences(of: "</EndTime>", with: "</StartTime>")
        let line = try ExchangeFixtures.line(of: "</StartTime>", in: xml)
        let start = try ExchangeFixtures.line(of: "<EndTime>", in: xml)
        let errors = try Self.errors(xml)
        #expect(errors.map(\.row) == [line])
        #expect(errors.first?.message.contains("an end tag that does not match <EndTime> of line \(start)") == true, "\(errors)")
        #expect(try Self.errors("").map(\.message) == ["the document has no root element: it is empty or cut short"])
    }

    @Test func aHugeOrDeepDocumentIsRefusedBeforeItCostsMuch() throws {
        let padding = "<!--" + String(repeating: "x", count: 16 * 1024 * 1024) + "-->"
        let huge = Self.document(Self.request("WO-1", "bracket", "10")) + padding
        #expect(
            try Self.errors(huge).map(\.description)
                == ["line 1: the document is 16.1 MiB: Gemba reads documents of at most 16 MiB (send the schedule in parts)"])
        let deep = Self.document(
            Self.request("WO-1", "bracket", "10").replacingOccurrences(
                of: "<ID>WO-1</ID>", with: String(repeating: "<x:a xmlns:x=\"urn:x\">", count: 150) + String(repeating: "</x:a>", count: 150)))
        let errors = try Self.errors(deep)
        #expect(errors.count == 1)
        #expect(errors.first?.message.hasPrefix("elements are nested more than 100 deep") == true, "\(errors)")
    }
}
