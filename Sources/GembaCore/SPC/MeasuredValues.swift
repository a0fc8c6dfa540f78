/// The readings a person or a gauge types for `gemba measure` and the console's measure
/// prompt: numbers separated by commas, spaces or semicolons (`10.02,10.01 9.98`).
public enum MeasuredValues {
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String

        public init(description: String) { self.description = description }
    }

    public static func parse(_ text: String) throws(Refusal) -> [Double] {
        let items = text.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " || $0 == "\t" })
        guard !items.isEmpty else { throw Refusal(description: "no readings: write them as 10.02,10.01,9.98") }
        let commas = text.contains(",")
        var out: [Double] = []
        for (k, item) in items.enumerated() {
            guard let v = Double(item), v.isFinite else {
                throw Refusal(
                    description: "reading \(k + 1), \"\(item)\", is not a number" + (commas ? " (a decimal point, not a comma: 10.02)" : ""))
            }
            guard TelemetryLimits.keeps(v) else {
                throw Refusal(description: "reading \(k + 1), \(item), is beyond what Gemba keeps (a number within ±1e15)")
            }
            // "10,02" is two readings, 10 and 02; no gauge writes a reading with a leading zero.
            if commas, item.count > 1, item.first == "0", item.dropFirst().first?.isNumber == true {
                throw Refusal(
                    description: "reading \(k + 1), \"\(item)\", looks like the decimals of a number written with a comma: write 10.02, not 10,02")
            }
            out.append(v)
        }
        return out
    }
}
