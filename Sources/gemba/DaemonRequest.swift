import Foundation
import GembaClient
import GembaCore
import GembaServer

/// One request to the running daemon for a scripting verb, with its errors in words.
enum DaemonRequest {
    static func send<P: ConsoleRequestPayload>(_ request: P, runtime: RuntimeOptions) throws -> P.Response {
        let dir = Support.runtime(runtime)
        do {
            let c = try ConsoleConnection(path: dir.consoleSocket)
            return try c.request(request)
        } catch let e as ConnectionError {
            throw CommandFailure(e.message)
        } catch let e as ProtocolError {
            throw CommandFailure(e.message)
        }
    }

    /// Pretty, stable JSON for scripts.
    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
