import Foundation

/// B2MML's `QuantityValueType` as Gemba writes it (`QuantityString`, `DataType`,
/// `UnitOfMeasure`), and quantities as text an ERP reads back exactly: whole numbers without a
/// fraction, others as an `xs:decimal` without an exponent.
enum B2MMLQuantity {
    static func node(_ quantity: String, dataType: String, unit: String) -> B2MMLNode {
        B2MMLNode(
            "Quantity", repeats: true,
            [B2MMLNode("QuantityString", quantity), B2MMLNode("DataType", dataType), B2MMLNode("UnitOfMeasure", unit)])
    }

    /// `12`, `120.5`, `0.000001`: at most nine decimal places, no trailing zeros, no exponent.
    static func decimal(_ value: Double) -> String {
        guard value.isFinite else { return String(describing: value) }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.9f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
