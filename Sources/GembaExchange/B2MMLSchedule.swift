import Foundation
import GembaCore

/// Work orders from an ERP's B2MML 0701 `OperationsSchedule` (namespace
/// `http://www.mesa.org/xml/B2MML`), one `OperationsRequest` per order:
/// - `id` ← the request's `ID`;
/// - `release` ← its `StartTime` (the earliest start), `due` ← its `EndTime`;
/// - `priority` ← its `Priority` when there is one (a decimal such as `3.0` is read as 3);
/// - `product` and `quantity` ← the one `MaterialRequirement` with `MaterialUse` `Produced`
///   (its `MaterialDefinitionID` and `Quantity/QuantityString`), which the schema places in the
///   request's `SegmentRequirement`s and in their `SegmentRequirementChild`ren at any depth
///   (never in an `AssemblyRequirement`, which is a part of a material).
/// Times without a zone are plant time (`B2MMLDateTime`). The records then go through
/// `OrderImport.orders`, which holds the business rules (known product, quantity above zero,
/// dates in the calendar, ids not taken). Every bad request is named with the line of its
/// `OperationsRequest` start tag and the reason, whether the rule is this reader's or
/// `OrderImport`'s; one bad request, or a document that cannot be read, means no orders.
package enum B2MMLSchedule {
    package static func orders(xml: String, file: String, plant: PlantConfig, existing: Set<String>) throws(OrderImport.Errors) -> [WorkOrder] {
        let root: XMLTree
        do throws(OrderImport.RowError) {
            root = try XMLTreeReader.read(xml)
        } catch {
            throw OrderImport.Errors(file: file, errors: [error])
        }
        let (records, refused) = read(root, zone: DateInput.plantTimeZone(plant))
        guard !(records.isEmpty && refused.isEmpty) else {
            throw OrderImport.Errors(
                file: file, errors: [OrderImport.RowError(row: root.line, message: "the OperationsSchedule has no OperationsRequest", place: "line")])
        }
        var errors = refused
        var orders: [WorkOrder] = []
        if !records.isEmpty {
            do throws(OrderImport.Errors) {
                orders = try OrderImport.orders(records, file: file, plant: plant, existing: existing, place: "line")
            } catch {
                errors += error.errors
            }
        }
        guard errors.isEmpty else {
            // In document order; a request's own problems before the rules' (a stable sort).
            let sorted = errors.enumerated().sorted { ($0.element.row, $0.offset) < ($1.element.row, $1.offset) }.map(\.element)
            throw OrderImport.Errors(file: file, errors: sorted)
        }
        return orders
    }

    /// The records of the document's requests, and the problems of the requests (or of the
    /// document) this reader refuses before the business rules.
    static func read(_ root: XMLTree, zone: TimeZone) -> (records: [OrderImport.Record], refused: [OrderImport.RowError]) {
        func refusal(_ line: Int, _ message: String) -> OrderImport.RowError {
            OrderImport.RowError(row: line, message: message, place: "line")
        }
        guard root.name == "OperationsSchedule" else {
            let hint =
                root.name.hasSuffix("OperationsSchedule")
                ? " (a B2MML transaction: send the OperationsSchedule it carries)" : ""
            return ([], [refusal(root.line, "the root element is <\(root.name)>\(hint), not a B2MML <OperationsSchedule>")])
        }
        guard root.namespace == B2MML.namespace else {
            let namespace = root.namespace.isEmpty ? "no namespace" : "namespace \(root.namespace)"
            return ([], [refusal(root.line, "<OperationsSchedule> is in \(namespace), not B2MML's \(B2MML.namespace)")])
        }
        var records: [OrderImport.Record] = []
        var refused: [OrderImport.RowError] = []
        for request in root.children("OperationsRequest") {
            let (record, problems) = B2MMLRequest.record(request, zone: zone)
            if let record { records.append(record) }
            refused += problems.map { refusal(request.line, $0) }
        }
        return (records, refused)
    }
}
