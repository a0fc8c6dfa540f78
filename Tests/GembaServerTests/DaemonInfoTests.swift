import Foundation
import GembaClient
import GembaCore
import GembaServer
import GembaTesting
import Testing

/// The snapshot says which daemon answers (issue 11): its version, when it started and for how
/// long, its database (path, and size: the main file plus its -wal) and its runtime directory,
/// for the Status screen and `gemba status`.
@Suite(.serialized)
struct DaemonInfoTests {
    /// 2025-11-24T16:00:00Z.
    let t0: Timestamp = 1_764_000_000 * Nanos.perSecond

    func bytes(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    @Test func theSnapshotNamesTheDaemonItsUptimeDatabaseAndRuntimeDirectory() throws {
        let clock = ScriptedClock(at: t0)
        let h = try DaemonHarness(clock: clock.now)
        clock.advance(seconds: 90.5)
        // The daemon may write (its OEE cache fills in the background): ask until the files
        // were the same size before and after the answer.
        func size() -> Int64 { bytes(h.folder + "/gemba.db") + bytes(h.folder + "/gemba.db-wal") }
        var before = size()
        var info = try #require(try h.status().daemon)
        var tries = 0
        while size() != before && tries < 50 {
            before = size()
            info = try #require(try h.status().daemon)
            tries += 1
        }
        #expect(info.version == "test")
        #expect(info.startedAt == "2025-11-24T16:00:00Z")
        #expect(info.startedAtNanos == t0)
        #expect(info.uptimeSeconds == 90, "whole seconds since the start")
        #expect(info.runtimeDir == h.folder + "/run")
        #expect(info.database.path == h.folder + "/gemba.db")
        #expect(bytes(h.folder + "/gemba.db") > 0)
        #expect(info.database.bytes == before, "the main file and its -wal")

        // The subscription's snapshot carries it too.
        let c = try ConsoleConnection(path: h.runtime.consoleSocket)
        let snapshot = try c.request(ClientRequest(type: "subscribe"), as: FloorSnapshot.self)
        #expect(snapshot.daemon?.version == "test")
    }

    /// A subscriber hears of the database's growth: a delta carries `daemon` when its size changed
    /// (looked at every 5 s of the daemon's clock).
    @Test func aDeltaCarriesTheDaemonWhenTheDatabaseGrew() throws {
        let clock = ScriptedClock(at: t0)
        let h = try DaemonHarness(clock: clock.now)
        let c = try ConsoleConnection(path: h.runtime.consoleSocket)
        let first = try #require(try c.request(ClientRequest(type: "subscribe"), as: FloorSnapshot.self).daemon?.database.bytes)
        try h.send((0..<200).map { "process,machine=press-01 oil_temp=\($0).5 \(t0 - Int64(200 - $0) * Nanos.perSecond)" })
        _ = try h.waitFor("the lines") { $0.telemetry.accepted == 200 }
        var grown: DaemonInfo?
        let deadline = Date().addingTimeInterval(10)
        while grown == nil && Date() < deadline {
            clock.advance(seconds: 5)
            guard let line = try? c.readLine(timeout: 0.5), let event = try? JSONDecoder().decode(DeltaEvent.self, from: line) else { continue }
            if let d = event.delta.daemon, d.database.bytes != first { grown = d }
        }
        #expect(grown != nil, "no delta carried the database's new size")
        #expect(grown?.version == "test")
    }

    /// Every key is written, `null` where there is no value; a reply of an older daemon, without
    /// `daemon`, still decodes.
    @Test func everyKeyIsWrittenAndAnOlderReplyStillDecodes() throws {
        let info = DaemonInfo(
            version: "0.1.0", startedAt: t0, now: t0 + 61 * Nanos.perSecond, database: "/var/lib/gemba/gemba.db", bytes: nil, runtimeDir: "/run/gemba"
        )
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(info)) as? [String: Any])
        #expect(Set(json.keys) == ["version", "started_at", "started_at_ns", "uptime_seconds", "database", "runtime_dir"])
        #expect(json["uptime_seconds"] as? Int == 61)
        let database = try #require(json["database"] as? [String: Any])
        #expect(database["path"] as? String == "/var/lib/gemba/gemba.db")
        #expect(database["bytes"] is NSNull)
        #expect(try JSONDecoder().decode(DaemonInfo.self, from: JSONEncoder().encode(info)) == info)

        let h = try DaemonHarness()
        var older = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(try h.status())) as? [String: Any])
        #expect(older["daemon"] is [String: Any])
        older["daemon"] = nil
        let decoded = try JSONDecoder().decode(FloorSnapshot.self, from: JSONSerialization.data(withJSONObject: older))
        #expect(decoded.daemon == nil)
    }
}
