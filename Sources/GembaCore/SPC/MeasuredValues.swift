/// The readings a person or a gauge types for `gemba measure` and the console's measure
/// prompt: numbers separated by commas, spaces or semicolons (`10.02,10.01 9.98`).
public enum MeasuredValues {
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    public static func parse(_ text: String) throws(Refusal) -> [Double] {
        let items = text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " || $0 == "\t" })
        guard !items.isEmpty else { throw Refusal(description: "no readings: write them as 10.02,10.01,9.98") }
        var out: [Double] = []
        for (k, item) in items.enumerated() {
            guard let v = Double(item), v.isFinite else {
                throw Refusal(description: "reading \(k + 1), \"\(item)\", is not a number (a decimal point, not a comma: 10.02)")
            }
            out.append(v)
        }
        return out
    }
}
