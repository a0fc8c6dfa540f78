import Foundation
import GembaCore
import GembaExchange
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The production performance Gemba sends the ERP: valid against MESA's schema (checked by
/// the real `xmllint`), and saying what a planner reads in it.
struct B2MMLPerformanceTests {
    typealias P = ProductionPerformance

    /// Two orders: WO-1001 finished in two operations (a coil consumed, a lot of brackets
    /// produced, scrap in both), WO-1002 still running with no end.
    static func performance() throws -> P {
        let at = ExchangeFixtures.at
        let stamp = P.Operation(
            index: 0, name: "stamp", state: "finished", machine: "press-01", line: "L1", start: try at("2026-11-25T06:00:00Z"),
            end: try at("2026-11-25T08:00:00Z"), good: 98, scrap: 2,
            consumed: [P.LotQuantity(lot: "C-77", material: "steel-coil", quantity: 120.5, unit: "kg")], produced: [])
        let finish = P.Operation(
            index: 1, name: "finish", state: "finished", machine: "press-02", line: "L1", start: try at("2026-11-25T08:10:00Z"),
            end: try at("2026-11-25T09:30:00Z"), good: 95, scrap: 3, consumed: [],
            produced: [P.LotQuantity(lot: "B-1001-1", material: "bracket", quantity: 95, unit: "pcs")])
        let running = P.Operation(
            index: 0, name: "stamp", state: "running", machine: "press-01", line: "L1", start: try at("2026-11-25T10:00:00Z"), end: nil,
            good: 20, scrap: 0, consumed: [P.LotQuantity(lot: "C-78", material: "steel-coil", quantity: 30.25, unit: "kg")], produced: [])
        return P(
            plant: "Demo Works", from: try at("2026-11-25T00:00:00Z"), to: try at("2026-11-26T00:00:00Z"),
            published: try at("2026-11-26T00:05:00Z"),
            orders: [
                P.Order(
                    id: "WO-1001", product: "bracket", productName: "Steel bracket", quantity: 95, due: try at("2026-11-30T23:00:00Z"),
                    state: .ended, start: try at("2026-11-25T06:00:00Z"), end: try at("2026-11-25T09:30:00Z"), operations: [stamp, finish]),
                P.Order(
                    id: "WO-1002", product: "hinge", productName: "Door hinge", quantity: 50, due: try at("2026-12-01T23:00:00Z"),
                    state: .running, start: try at("2026-11-25T10:00:00Z"), end: nil, operations: [running]),
            ])
    }

    /// The string values of the nodes an XPath finds (elements by local name: the document's
    /// default namespace has no prefix to write).
    static func values(_ document: XMLDocument, _ xpath: String) throws -> [String] {
        try document.nodes(forXPath: xpath).map { $0.stringValue ?? "" }
    }

    static func e(_ name: String) -> String { "*[local-name()='\(name)']" }

    @Test func theDocumentIsValidB2MML() throws {
        let xml = B2MMLPerformance.xml(try Self.performance())
        let lint = try ExchangeFixtures.xmllint(xml, schema: "B2MML-OperationsPerformance.xsd")
        #expect(lint.status == 0, "\(lint.output)\n\(xml)")
        #expect(lint.output.contains("validates"), "\(lint.output)")
    }

    @Test func theSchemaCheckWouldSeeAMistake() throws {
        // The control for the test above: the same document with one element out of the
        // schema's sequence (and one misnamed) is refused, so a pass means something.
        let xml = B2MMLPerformance.xml(try Self.performance())
        let state = "<ResponseState>Completed</ResponseState>"
        let request = "<OperationsRequestID>WO-1001</OperationsRequestID>"
        let misordered = xml.replacingOccurrences(of: state, with: "").replacingOccurrences(of: request, with: state + request)
        #expect(misordered != xml)
        #expect(try ExchangeFixtures.xmllint(misordered, schema: "B2MML-OperationsPerformance.xsd").status != 0)
        // B2MML 0701 spells the document's end `Endtime`; `EndTime` there is not valid.
        let respelled = xml.replacingOccurrences(of: "Endtime>", with: "EndTime>")
        #expect(try ExchangeFixtures.xmllint(respelled, schema: "B2MML-OperationsPerformance.xsd").status != 0)
    }

    @Test func itSaysWhatWasMadeFromWhichLots() throws {
        let document = try XMLDocument(xmlString: B2MMLPerformance.xml(try Self.performance()))
        let root = try #require(document.rootElement())
        #expect(root.name == "OperationsPerformance")
        #expect(root.uri == "http://www.mesa.org/xml/B2MML")
        let e = Self.e
        func values(_ path: String) throws -> [String] { try Self.values(document, path) }
        let response = "/\(e("OperationsPerformance"))/\(e("OperationsResponse"))"
        #expect(try values("\(response)/\(e("ID"))") == ["WO-1001", "WO-1002"])
        #expect(try values("\(response)/\(e("ResponseState"))") == ["Completed", "Running"])
        #expect(try values("\(response)/\(e("EndTime"))") == ["2026-11-25T09:30:00Z"], "the running order has no end")
        #expect(try values("/\(e("OperationsPerformance"))/\(e("Description"))").contains(B2MML.acknowledgement))

        let finish = "\(response)/\(e("SegmentResponse"))[\(e("ID"))='WO-1001-2']"
        #expect(try values("\(finish)/\(e("ProcessSegmentID"))") == ["finish"])
        #expect(try values("\(finish)/\(e("SegmentState"))") == ["Completed"])
        #expect(try values("\(finish)/\(e("EquipmentActual"))/\(e("EquipmentID"))") == ["press-02"])
        #expect(try values("\(finish)/\(e("EquipmentActual"))/\(e("HierarchyScope"))/\(e("EquipmentID"))") == ["L1"])
        // What it made, once: by its lot (no separate count a reader would add to the lot).
        let produced = "\(finish)/\(e("MaterialActual"))[\(e("MaterialUse"))='Produced']"
        #expect(try values("\(produced)/\(e("Quantity"))/\(e("QuantityString"))") == ["95"])
        #expect(try values("\(produced)/\(e("MaterialDefinitionID"))") == ["bracket"])
        let lot = "\(finish)/\(e("MaterialActual"))[\(e("MaterialLotID"))]"
        #expect(try values("\(lot)/\(e("MaterialLotID"))") == ["B-1001-1"])
        #expect(try values("\(lot)/\(e("MaterialUse"))") == ["Produced"])

        let stamp = "\(response)/\(e("SegmentResponse"))[\(e("ID"))='WO-1001-1']"
        let scrap = "\(stamp)/\(e("MaterialActual"))[\(e("MaterialUse"))/@OtherValue='Scrap']"
        #expect(try values("\(scrap)/\(e("MaterialUse"))") == ["Other"])
        #expect(try values("\(scrap)/\(e("Quantity"))/\(e("QuantityString"))") == ["2"])
        let coil = "\(stamp)/\(e("MaterialActual"))[\(e("MaterialUse"))='Consumed']"
        #expect(try values("\(coil)/\(e("MaterialLotID"))") == ["C-77"])
        #expect(try values("\(coil)/\(e("MaterialDefinitionID"))") == ["steel-coil"])
        #expect(try values("\(coil)/\(e("Quantity"))/\(e("QuantityString"))") == ["120.5"])
        #expect(try values("\(coil)/\(e("Quantity"))/\(e("UnitOfMeasure"))") == ["kg"])

        let open = "\(response)/\(e("SegmentResponse"))[\(e("ID"))='WO-1002-1']"
        #expect(try values("\(open)/\(e("SegmentState"))") == ["Running"])
        #expect(try values("\(open)/\(e("ActualStartTime"))") == ["2026-11-25T10:00:00Z"])
        #expect(try values("\(open)/\(e("ActualEndTime"))").isEmpty)
    }

    @Test func everyOrderStateIsAB2MMLResponseState() throws {
        var p = try Self.performance()
        let template = p.orders[1]
        p.orders = WorkOrder.State.allCases.map { state in
            var order = template
            order.id = "WO-\(state.rawValue)"
            order.state = state
            return order
        }
        // One order with no operation yet: the schema still needs a SegmentResponse.
        p.orders[0].operations = []
        let xml = B2MMLPerformance.xml(p)
        let lint = try ExchangeFixtures.xmllint(xml, schema: "B2MML-OperationsPerformance.xsd")
        #expect(lint.status == 0, "\(lint.output)")
        let document = try XMLDocument(xmlString: xml)
        let states = try Self.values(document, "//\(Self.e("OperationsResponse"))/\(Self.e("ResponseState"))")
        #expect(states == ["Waiting", "Ready", "Running", "Paused", "Completed", "Aborted"])
    }

    @Test func theJSONFormCarriesTheSameOrdersAndQuantities() throws {
        let json = B2MMLPerformance.json(try Self.performance())
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let performance = try #require(root["OperationsPerformance"] as? [String: Any])
        #expect(performance["Endtime"] as? String == "2026-11-26T00:00:00Z")
        #expect((performance["Description"] as? [String])?.contains(B2MML.acknowledgement) == true)
        let responses = try #require(performance["OperationsResponse"] as? [[String: Any]])
        #expect(responses.map { $0["ID"] as? String } == ["WO-1001", "WO-1002"])
        #expect(responses.map { $0["ResponseState"] as? String } == ["Completed", "Running"])
        #expect(responses[0]["OperationsRequestID"] as? [String] == ["WO-1001"], "a repeatable element is an array even of one")

        let segments = try #require(responses[0]["SegmentResponse"] as? [[String: Any]])
        #expect(segments.map { $0["ID"] as? String } == ["WO-1001-1", "WO-1001-2"])
        func quantities(_ segment: [String: Any]) -> [String: String] {
            let actuals = segment["MaterialActual"] as? [[String: Any]] ?? []
            var out: [String: String] = [:]
            for actual in actuals {
                let quantity = (actual["Quantity"] as? [[String: Any]])?.first?["QuantityString"] as? String
                out[actual["ID"] as? String ?? "?"] = quantity
            }
            return out
        }
        #expect(quantities(segments[0]) == ["WO-1001-1-good": "98", "WO-1001-1-scrap": "2", "WO-1001-1-in-1": "120.5"])
        #expect(quantities(segments[1]) == ["WO-1001-2-scrap": "3", "WO-1001-2-out-1": "95"])
        let scrap = (segments[0]["MaterialActual"] as? [[String: Any]])?.first { $0["ID"] as? String == "WO-1001-1-scrap" }
        let use = scrap?["MaterialUse"] as? [String: String]
        #expect(use == ["$": "Other", "@OtherValue": "Scrap"])
        let lot = (segments[1]["MaterialActual"] as? [[String: Any]])?.first { $0["ID"] as? String == "WO-1001-2-out-1" }
        #expect(lot?["MaterialLotID"] as? [String] == ["B-1001-1"])
    }

    @Test func lotQuantitiesAreDecimalsWithoutExponent() {
        let p = ProductionPerformance(
            plant: "P", from: 0, to: Nanos.perSecond, published: Nanos.perSecond,
            orders: [
                ProductionPerformance.Order(
                    id: "o", product: "x", productName: "X", quantity: 1, due: Nanos.perSecond, state: .running, start: nil, end: nil,
                    operations: [
                        ProductionPerformance.Operation(
                            index: 0, name: "a", state: "running", machine: "m", line: nil, start: nil, end: nil, good: 0, scrap: 0,
                            consumed: [ProductionPerformance.LotQuantity(lot: "l", material: "x", quantity: 0.000_001, unit: "kg")],
                            produced: [])
                    ])
            ])
        #expect(B2MMLPerformance.xml(p).contains("<QuantityString>0.000001</QuantityString>"))
    }
}
