import Foundation
import GembaCore
import Testing

/// Runs the line-protocol conformance corpus (expected outcomes from InfluxData's
/// reference decoder) against Gemba's decoder.
struct LineProtocolConformanceTests {
    struct Case {
        var id: String
        var expectOK: Bool
        var precision: TimestampPrecision
        var defaultTimestamp: Int64
        var input: [UInt8]
        var detail: String
    }

    static func load(_ file: String) throws -> [Case] {
        try Fixtures.text("lineprotocol/\(file)").split(separator: "\n", omittingEmptySubsequences: true)
            .compactMap { line -> Case? in
                if line.hasPrefix("#") { return nil }
                let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
                guard cols.count >= 6 else { return nil }
                let precision: TimestampPrecision =
                    switch cols[2] {
                    case "1us", "1µs": .microseconds
                    case "1ms": .milliseconds
                    case "1s": .seconds
                    default: .nanoseconds
                    }
                let input: [UInt8]
                if cols[4].hasPrefix("b64:") {
                    input = [UInt8](Data(base64Encoded: String(cols[4].dropFirst(4))) ?? Data())
                } else {
                    let decoded =
                        try JSONSerialization.jsonObject(
                            with: Data(cols[4].utf8), options: [.fragmentsAllowed]) as? String
                    input = Array((decoded ?? "").utf8)
                }
                return Case(
                    id: cols[0], expectOK: cols[1] == "OK", precision: precision,
                    defaultTimestamp: Int64(cols[3]) ?? 0, input: input, detail: cols[5])
            }
    }

    /// Renders points the way the corpus does: tags sorted by key, typed fields, ns timestamps.
    static func canonical(_ points: [LineProtocolPoint]) -> String {
        points.map { p in
            let tags = p.tags.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "|")
            let fields = p.fields.map { f -> String in
                switch f.value {
                case .float(let v): return "\(f.key):float:\(Self.float(v))"
                case .int(let v): return "\(f.key):int:\(v)"
                case .uint(let v): return "\(f.key):uint:\(v)"
                case .bool(let v): return "\(f.key):bool:\(v)"
                case .string(let v): return "\(f.key):string:\(v)"
                }
            }.joined(separator: "|")
            return "\(p.measurement)#\(tags)#\(fields)#\(p.timestamp.map(String.init) ?? "-")"
        }.joined(separator: "\n")
    }

    /// Foundation's JSON reader on Linux may round the last digit of long floats, so
    /// floats compare at 14 significant digits; negative zero equals zero.
    static func float(_ v: Double) -> String { String(format: "%.14g", v + 0.0) }

    static func canonical(expected detail: String) throws -> String {
        // Big integers must keep every digit: read the detail with a decoder that keeps them exact.
        guard let array = try JSONSerialization.jsonObject(with: Data(detail.utf8)) as? [[String: Any]] else {
            return "?"
        }
        return array.map { p in
            let m = p["m"] as? String ?? ""
            let tags = ((p["tags"] as? [[String]]) ?? []).map { "\($0[0])=\($0[1])" }.joined(separator: "|")
            let fields = ((p["fields"] as? [[Any]]) ?? []).map { f -> String in
                let key = f[0] as? String ?? ""
                let type = f[1] as? String ?? ""
                let value: String
                switch type {
                case "float": value = Self.float((f[2] as? NSNumber)?.doubleValue ?? .nan)
                case "int": value = "\((f[2] as? NSNumber)?.int64Value ?? 0)"
                case "uint": value = "\((f[2] as? NSNumber)?.uint64Value ?? 0)"
                case "bool": value = "\((f[2] as? Bool) ?? false)"
                default: value = f[2] as? String ?? ""
                }
                return "\(key):\(type):\(value)"
            }.joined(separator: "|")
            let ts = (p["ts"] as? NSNumber)?.int64Value
            return "\(m)#\(tags)#\(fields)#\(ts.map(String.init) ?? "-")"
        }.joined(separator: "\n")
    }

    static func failures(_ cases: [Case]) throws -> [String] {
        var failures: [String] = []
        for c in cases {
            let result = LineProtocolDecoder.decodeAll(
                c.input, precision: c.precision, defaultTimestamp: c.defaultTimestamp)
            switch (result, c.expectOK) {
            case (.success(let points), true):
                let got = canonical(points)
                // Extra cases (X-nn) describe their outcome in words rather than points.
                guard c.detail.hasPrefix("[") else { continue }
                let want = try canonical(expected: c.detail)
                if got != want { failures.append("\(c.id): got \(got) want \(want)") }
            case (.failure(let e), true):
                failures.append("\(c.id): unexpected error \(e) for \(String(decoding: c.input, as: UTF8.self).debugDescription)")
            case (.success(let points), false):
                failures.append(
                    "\(c.id): accepted \(String(decoding: c.input, as: UTF8.self).debugDescription) as \(canonical(points)); want error \(c.detail)")
            case (.failure, false):
                break
            }
        }
        return failures
    }

    @Test func curatedCorpusPasses() throws {
        let cases = try Self.load("corpus.tsv")
        #expect(cases.count == 588)
        let failures = try Self.failures(cases)
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(40).joined(separator: "\n"))")
    }

    @Test func fullUpstreamCorpusPasses() throws {
        let cases = try Self.load("corpus-full.tsv")
        #expect(cases.count == 6615)
        let failures = try Self.failures(cases)
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(40).joined(separator: "\n"))")
    }
}
