import Foundation
import GembaCore
import GembaPlantFile
import Testing

/// What the exchange tests share: `Tests/Fixtures/b2mml` (MESA's B2MML 0701 schemas, found
/// from this file's path), `xmllint` run for real against them, and a plant with products.
enum ExchangeFixtures {
    static var b2mml: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
            .appendingPathComponent("b2mml")
    }

    static func schema(_ name: String) -> URL { b2mml.appendingPathComponent(name) }

    /// What `xmllint --noout --schema <schema> <file>` said of `document`: its exit status and
    /// its messages (the document is written to a temporary file first).
    static func xmllint(_ document: String, schema name: String) throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gemba-b2mml-\(UUID().uuidString).xml")
        try Data(document.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
        process.arguments = ["--noout", "--nonet", "--schema", schema(name).path, file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }

    /// A plant in Europe/Berlin with two products, so that a time without a zone has an offset
    /// to be read in.
    static func plant() throws -> PlantConfig {
        try PlantConfigLoader.load(
            yaml: """
                plant: Demo Works
                timezone: Europe/Berlin
                comm_loss_timeout: 30s
                lines:
                  - id: L1
                    name: Stamping
                    machines:
                      - { id: press-01, name: Press 01, ideal_cycle_time: 2.0 }
                      - { id: press-02, name: Press 02, ideal_cycle_time: 2.0 }
                shifts:
                  - { name: A, start: "06:00", end: "14:00" }
                  - { name: B, start: "14:00", end: "22:00" }
                  - { name: C, start: "22:00", end: "06:00" }
                products:
                  - id: bracket
                    name: Steel bracket
                    routing:
                      - op: stamp
                        machines: { press-01: 2s }
                      - op: finish
                        machines: { press-02: 4s }
                  - id: hinge
                    name: Door hinge
                    routing:
                      - op: stamp
                        machines: { press-01: 3s }
                """, file: "plant.yaml")
    }

    /// The 1-based line of the `n`th (from 0) line of `text` containing `needle`.
    static func line(of needle: String, in text: String, occurrence n: Int = 0) throws -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let hits = lines.indices.filter { lines[$0].contains(needle) }
        return try #require(hits.count > n ? hits[n] + 1 : nil, "\(needle) #\(n) is not in the text")
    }

    static func at(_ iso: String) throws -> Timestamp {
        try #require(ISOTime.parse(iso), "\(iso)")
    }
}
