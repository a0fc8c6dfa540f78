import Foundation

/// Locates `Tests/Fixtures`, the reference data the tests read (copied into the repository
/// with its sources and licences, see `Tests/Fixtures/README.md`).
enum Fixtures {
    static var root: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
    }

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }
}
