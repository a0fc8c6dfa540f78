import Foundation
import GembaCore
import GembaServer
import GembaTesting
import Testing

/// `gemba status` says which daemon answers (issue 11): its version, uptime, database (path and
/// size) and runtime directory, as text and in `--json`.
@Suite struct StatusDaemonTextTests {
    @Test func theTextNamesTheDaemonItsDatabaseAndRuntimeDirectory() throws {
        let h = try DaemonHarness()
        let lines = try GembaCLI(h).lines(["status"], environment: ["LANG": "C.UTF-8"])
        let text = lines.joined(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("daemon: gemba test, up ") && $0.hasSuffix(", runtime \(h.folder)/run") }, "\(text)")
        #expect(lines.contains { $0.hasPrefix("database: \(h.folder)/gemba.db, ") && $0.hasSuffix("iB") }, "\(text)")
    }

    @Test func theJSONCarriesEveryKeyOfTheDaemon() throws {
        let h = try DaemonHarness()
        let output = try GembaCLI(h).lines(["status", "--json"]).joined(separator: "\n")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let daemon = try #require(json["daemon"] as? [String: Any], "\(output)")
        #expect(daemon["version"] as? String == "test")
        #expect(daemon["runtime_dir"] as? String == h.folder + "/run")
        #expect(daemon["started_at"] is String)
        #expect(daemon["started_at_ns"] is NSNumber)
        #expect(daemon["uptime_seconds"] is NSNumber)
        let database = try #require(daemon["database"] as? [String: Any])
        #expect(database["path"] as? String == h.folder + "/gemba.db")
        #expect(((database["bytes"] as? NSNumber)?.int64Value ?? 0) > 0)
    }
}
