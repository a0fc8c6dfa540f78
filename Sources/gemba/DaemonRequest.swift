import Foundation
import GembaConsole
import GembaCore
import GembaServer

/// One request to the running daemon for a scripting verb, with its errors in words.
enum DaemonRequest {
    static func send<T: Codable & Sendable>(_ request: ClientRequest, as: T.Type, runtime: RuntimeOptions) throws -> T {
        let dir = Support.runtime(runtime)
        do {
            let c = try ConsoleConnection(path: dir.consoleSocket)
            return try c.request(request, as: T.self)
        } catch let e as ConnectionError {
            throw CommandFailure(e.message)
        }
    }

    /// Pretty, stable JSON for scripts.
    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Prints rows as aligned columns.
    static func printTable(_ rows: [[String]]) {
        guard let first = rows.first else { return }
        let widths = (0..<first.count).map { c in rows.map { $0[c].count }.max() ?? 0 }
        for r in rows {
            print(r.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces))
        }
    }
}
