import Foundation
import GembaCore

/// What the plant made, as the ERP asks for it back: a `ProductionPerformance` written as a
/// B2MML 0701 `OperationsPerformance` document (ISA-95 production performance), in XML or in
/// B2MML-JSON. Elements follow the order of the XSD's sequences; the document validates
/// against `B2MML-OperationsPerformance.xsd`.
///
/// The mapping:
/// - `OperationsPerformance`: `ID` (`<plant>/<from>/<to>`), a `Description` of the window and
///   one carrying MESA's acknowledgement, `PublishedDate`, `StartTime` and `Endtime` (the
///   window; the 0701 schema spells the end `Endtime` at this level, and only here),
///   `HierarchyScope` (the plant as the `Site`), `OperationsType` `Production`.
/// - one `OperationsResponse` per order: `ID` and `OperationsRequestID` = the order id,
///   `StartTime`/`EndTime` when known, `ResponseState` (see `B2MMLStates`).
/// - one `SegmentResponse` per operation: `ID` `<order>-<index+1>`, `ActualStartTime`/
///   `ActualEndTime` when known, `ProcessSegmentID` = the operation, `SegmentState`,
///   `EquipmentActual` (the machine, its line as a `ProductionLine` hierarchy scope) and
///   `MaterialActual`s:
///   - `<segment>-good`: the good quantity, `MaterialUse` `Produced`, no lot, when the
///     operation produced no lot (else its lots below are what it produced);
///   - `<segment>-scrap`: the scrap, `MaterialUse` `Other` with `OtherValue="Scrap"` (B2MML's
///     `MaterialUse` has no scrap value, and `Other` keeps scrap out of a reader's sum of
///     what was produced);
///   - `<segment>-in-<n>` and `<segment>-out-<n>`: each lot consumed (`Consumed`) and
///     produced (`Produced`) with its `MaterialDefinitionID` and `MaterialLotID`. Each quantity
///     appears once: adding up every `Produced` actual gives what the operation made.
///   Counts are `integer` in `pcs`; lot quantities `decimal` in the lot's unit.
/// An order without any operation yet gets one `SegmentResponse` for the whole order (the
/// schema needs at least one). A window without orders writes no `OperationsResponse`, which
/// the schema does not allow: ask for a window with work.
package enum B2MMLPerformance {
    /// The document in XML.
    package static func xml(_ p: ProductionPerformance) -> String {
        document(p).xmlDocument()
    }

    /// The document in B2MML-JSON, MESA's JSON form of B2MML (its `AllSchemas.json` is generated
    /// from the same XSDs): `{"OperationsPerformance": {...}}`, an element's children as the
    /// keys of an object, an element the schema lets repeat (`maxOccurs` above 1, such as
    /// `OperationsResponse`, `SegmentResponse`, `MaterialActual`, `Description`, `Quantity`,
    /// `MaterialLotID`) always an array, even of one, every value a string, and a value with
    /// attributes an object with the text as `$` and each attribute as `@name`
    /// (`"MaterialUse": {"$": "Other", "@OtherValue": "Scrap"}`).
    package static func json(_ p: ProductionPerformance) -> String {
        document(p).jsonDocument()
    }

    static func document(_ p: ProductionPerformance) -> B2MMLNode {
        let window = "\(ISOTime.format(p.from)) to \(ISOTime.format(p.to))"
        var children: [B2MMLNode] = [
            B2MMLNode("ID", "\(p.plant)/\(ISOTime.format(p.from))/\(ISOTime.format(p.to))"),
            B2MMLNode("Description", "Production performance of \(p.plant) from \(window), written by Gemba", repeats: true),
            B2MMLNode("Description", B2MML.acknowledgement, repeats: true),
            B2MMLNode("PublishedDate", ISOTime.format(p.published)),
            B2MMLNode("StartTime", ISOTime.format(p.from)),
            B2MMLNode("Endtime", ISOTime.format(p.to)),
            scope(p.plant, level: "Site"),
            B2MMLNode("OperationsType", "Production"),
        ]
        children += p.orders.map(response)
        return B2MMLNode("OperationsPerformance", children)
    }

    static func response(_ order: ProductionPerformance.Order) -> B2MMLNode {
        var children: [B2MMLNode] = [
            B2MMLNode("ID", order.id),
            B2MMLNode(
                "Description", "\(order.quantity) \(order.productName) (\(order.product)) due \(ISOTime.format(order.due))",
                repeats: true),
        ]
        if let start = order.start { children.append(B2MMLNode("StartTime", ISOTime.format(start))) }
        if let end = order.end { children.append(B2MMLNode("EndTime", ISOTime.format(end))) }
        children.append(B2MMLNode("OperationsType", "Production"))
        children.append(B2MMLNode("OperationsRequestID", order.id, repeats: true))
        let state = B2MMLStates.response(order.state)
        children.append(B2MMLNode("ResponseState", state))
        if order.operations.isEmpty {
            children.append(
                B2MMLNode(
                    "SegmentResponse", repeats: true,
                    [
                        B2MMLNode("ID", order.id),
                        B2MMLNode("Description", "no operation of the order has started", repeats: true),
                        B2MMLNode("OperationsType", "Production"),
                        B2MMLNode("OperationsRequestID", order.id, repeats: true),
                        B2MMLNode("SegmentState", state),
                    ]))
        } else {
            children += order.operations.map { segment($0, of: order) }
        }
        return B2MMLNode("OperationsResponse", repeats: true, children)
    }

    static func segment(_ op: ProductionPerformance.Operation, of order: ProductionPerformance.Order) -> B2MMLNode {
        let id = "\(order.id)-\(op.index + 1)"
        var children: [B2MMLNode] = [B2MMLNode("ID", id)]
        if let start = op.start { children.append(B2MMLNode("ActualStartTime", ISOTime.format(start))) }
        if let end = op.end { children.append(B2MMLNode("ActualEndTime", ISOTime.format(end))) }
        children.append(B2MMLNode("OperationsType", "Production"))
        children.append(B2MMLNode("ProcessSegmentID", op.name, repeats: true))
        children.append(B2MMLNode("OperationsRequestID", order.id, repeats: true))
        let state = B2MMLStates.segment(op.state)
        children.append(B2MMLNode("SegmentState", state.value, attributes: state.other.map { [("OtherValue", $0)] } ?? []))
        children.append(equipment(op))
        // Produced once: by its lots when the operation made lots, else as a count.
        if op.produced.isEmpty { children.append(count("\(id)-good", product: order.product, use: ("Produced", nil), quantity: op.good)) }
        children.append(count("\(id)-scrap", product: order.product, use: ("Other", "Scrap"), quantity: op.scrap))
        for (k, lot) in op.consumed.enumerated() { children.append(material("\(id)-in-\(k + 1)", lot, use: "Consumed")) }
        for (k, lot) in op.produced.enumerated() { children.append(material("\(id)-out-\(k + 1)", lot, use: "Produced")) }
        return B2MMLNode("SegmentResponse", repeats: true, children)
    }

    static func equipment(_ op: ProductionPerformance.Operation) -> B2MMLNode {
        var children = [B2MMLNode("ID", op.machine), B2MMLNode("EquipmentID", op.machine, repeats: true)]
        if let line = op.line { children.append(scope(line, level: "ProductionLine")) }
        return B2MMLNode("EquipmentActual", repeats: true, children)
    }

    static func count(_ id: String, product: String, use: (value: String, other: String?), quantity: Int64) -> B2MMLNode {
        B2MMLNode(
            "MaterialActual", repeats: true,
            [
                B2MMLNode("ID", id),
                B2MMLNode("MaterialDefinitionID", product, repeats: true),
                B2MMLNode("MaterialUse", use.value, attributes: use.other.map { [("OtherValue", $0)] } ?? []),
                B2MMLQuantity.node(String(quantity), dataType: "integer", unit: "pcs"),
            ])
    }

    static func material(_ id: String, _ lot: ProductionPerformance.LotQuantity, use: String) -> B2MMLNode {
        B2MMLNode(
            "MaterialActual", repeats: true,
            [
                B2MMLNode("ID", id),
                B2MMLNode("MaterialDefinitionID", lot.material, repeats: true),
                B2MMLNode("MaterialLotID", lot.lot, repeats: true),
                B2MMLNode("MaterialUse", use),
                B2MMLQuantity.node(B2MMLQuantity.decimal(lot.quantity), dataType: "decimal", unit: lot.unit),
            ])
    }

    /// A `HierarchyScope`: where in the plant's equipment hierarchy this belongs.
    static func scope(_ equipment: String, level: String) -> B2MMLNode {
        B2MMLNode("HierarchyScope", [B2MMLNode("EquipmentID", equipment), B2MMLNode("EquipmentLevel", level)])
    }
}
