import Foundation
import GembaCore

/// One B2MML `OperationsRequest` read as an `OrderImport.Record` (the mapping is on
/// `B2MMLSchedule`), or the reasons this reader refuses it before the business rules: no
/// `ID`, no or more than one `Produced` material, a product or quantity it cannot name.
enum B2MMLRequest {
    static func record(_ request: XMLTree, zone: TimeZone) -> (record: OrderImport.Record?, problems: [String]) {
        var problems: [String] = []
        let id = request.child("ID")?.text ?? ""
        if id.isEmpty { problems.append("an OperationsRequest without an ID (the order id)") }
        let name = id.isEmpty ? "the OperationsRequest" : "OperationsRequest \(id)"
        var fields: [String: String] = ["id": id]
        if let start = request.child("StartTime") { fields["release"] = B2MMLDateTime.forDateInput(start.text, plantZone: zone) }
        if let end = request.child("EndTime") { fields["due"] = B2MMLDateTime.forDateInput(end.text, plantZone: zone) }
        if let priority = request.child("Priority") { fields["priority"] = wholeNumber(priority.text) }

        let produced = producedRequirements(request)
        switch produced.count {
        case 0:
            problems.append("\(name) has no MaterialRequirement with MaterialUse Produced (its product and quantity)")
        case 1:
            let material = produced[0]
            let product = material.children("MaterialDefinitionID")
            switch product.count {
            case 0: problems.append("\(name): the Produced MaterialRequirement of line \(material.line) has no MaterialDefinitionID (the product)")
            case 1: fields["product"] = product[0].text
            default:
                problems.append(
                    "\(name): the Produced MaterialRequirement of line \(material.line) names \(product.count) MaterialDefinitionIDs;"
                        + " an order makes one product")
            }
            let quantity = material.children("Quantity")
            switch quantity.count {
            case 0: problems.append("\(name): the Produced MaterialRequirement of line \(material.line) has no Quantity")
            case 1:
                if let text = quantity[0].child("QuantityString") {
                    fields["quantity"] = wholeNumber(text.text)
                } else {
                    problems.append("\(name): the Quantity of line \(quantity[0].line) has no QuantityString")
                }
            default:
                problems.append(
                    "\(name): the Produced MaterialRequirement of line \(material.line) has \(quantity.count) Quantity elements;"
                        + " Gemba reads one")
            }
        default:
            let lines = produced.map { String($0.line) }.joined(separator: ", ")
            problems.append(
                "\(name) has \(produced.count) MaterialRequirements with MaterialUse Produced (lines \(lines)); an order makes one product")
        }
        guard problems.isEmpty else { return (nil, problems) }
        return (OrderImport.Record(row: request.line, fields: fields), [])
    }

    /// The `MaterialRequirement`s with `MaterialUse` `Produced` of the request's segment
    /// requirements and their children, at any depth.
    static func producedRequirements(_ request: XMLTree) -> [XMLTree] {
        var found: [XMLTree] = []
        func visit(_ segment: XMLTree) {
            found += segment.children("MaterialRequirement").filter { $0.child("MaterialUse")?.text == "Produced" }
            for child in segment.children("SegmentRequirementChild") { visit(child) }
        }
        for segment in request.children("SegmentRequirement") { visit(segment) }
        return found
    }

    /// A decimal that is a whole number (`1200.0`, `+3`) as the whole number `OrderImport`
    /// reads; other text unchanged, for `OrderImport` to refuse with its reason.
    static func wholeNumber(_ text: String) -> String {
        var t = text.trimmingXMLSpace()
        if t.hasPrefix("+") { t.removeFirst() }
        if let dot = t.firstIndex(of: "."), dot > t.startIndex, t[t.index(after: dot)...].allSatisfy({ $0 == "0" }) {
            t = String(t[..<dot])
        }
        return t
    }
}
