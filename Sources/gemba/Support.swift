import Foundation
import GembaClient
import GembaCore
import GembaPlantFile
import GembaServer

#if canImport(Glibc)
import Glibc
#endif

/// Small shared helpers of the commands: paths, config loading, errors for people.
enum Support {
    static func runtime(_ options: RuntimeOptions) -> RuntimeDirectory {
        RuntimeDirectory.resolve(explicit: options.runtimeDir, environment: ProcessInfo.processInfo.environment, uid: getuid())
    }

    /// Loads and validates a plant file, or exits with every error and its place.
    /// One request to the running daemon, its refusal or a lost connection said as the
    /// command's failure (the way every reporting verb reports them).
    static func ask<P: ConsoleRequestPayload>(_ payload: P, _ options: RuntimeOptions) throws -> P.Response {
        do {
            return try ConsoleConnection(path: runtime(options).consoleSocket).request(payload)
        } catch let e as ConnectionError {
            throw CommandFailure(e.message)
        } catch let e as ProtocolError {
            throw CommandFailure(e.message)
        }
    }

    /// Prints a reply as indented JSON for scripts.
    static func printJSON(_ value: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// A file's bytes, or a failure saying why not (no such file, a directory, no permission).
    static func readFile(_ path: String, _ what: String = "") throws -> Data {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CommandFailure("cannot read \(what)\(path): it is a directory")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read \(what)\(path): \(String(cString: strerror(errno)))")
        }
        return data
    }

    static func loadPlant(_ path: String) throws -> PlantConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CommandFailure("cannot read configuration \(path): \(String(cString: strerror(errno)))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure("\(path): not UTF-8 text")
        }
        do {
            return try PlantConfigLoader.load(yaml: text, file: path)
        } catch {
            throw CommandFailure(error.description)
        }
    }

    /// The demo plant: from the package's Resources folder (found next to the
    /// sources this binary was built from, or through GEMBA_RESOURCES).
    static func demoPlantPath() throws -> String {
        var candidates: [String] = []
        if let r = ProcessInfo.processInfo.environment["GEMBA_RESOURCES"] { candidates.append(r + "/demo-plant.yaml") }
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(source.appendingPathComponent("Resources/demo-plant.yaml").path)
        let exe = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        candidates.append(exe.appendingPathComponent("../../../Resources/demo-plant.yaml").standardized.path)
        candidates.append(FileManager.default.currentDirectoryPath + "/Resources/demo-plant.yaml")
        for c in candidates where FileManager.default.fileExists(atPath: c) { return c }
        throw CommandFailure("cannot find Resources/demo-plant.yaml (looked in: \(candidates.joined(separator: ", "))); set GEMBA_RESOURCES")
    }
}

/// A command that failed for a reason the person can act on: printed as is, exit 1.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}
