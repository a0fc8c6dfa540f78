import Foundation
import GembaCore
import GembaServer
import GembaTesting
import Testing

/// `gemba reload` names what waits for a restart: a broker, a Modbus device or an enterprise
/// site added to the plant file is connected at start, not by a reload (it said "no change").
struct ReloadPendingTests {
    @Test func connectionsChangedByAReloadWaitForARestartAndSaySo() throws {
        let h = try DaemonHarness()
        let path = h.folder + "/plant.yaml"
        let added =
            Plants.testWorks + "\n"
                + """
                mqtt:
                  broker: mqtt://127.0.0.1:1
                  client_id: gemba-reload
                enterprise:
                  - { site: Plant9, group: Gemba, edge_node: plant-9 }
                """
        try added.write(toFile: path, atomically: true, encoding: .utf8)
        let reply = h.request(ClientRequest(type: "reload"), as: .daemon)
        #expect(reply.ok, "\(reply.line)")
        // (The harness sets its own listeners beside the file's: those show as pending too.)
        #expect(reply.line.contains("\"mqtt\",\"enterprise\"]"), "\(reply.line)")
    }

    /// `threads: 2` or a new `time_limit` is read at start: a reload said "nothing changed"
    /// and the next plans kept the old settings.
    @Test func schedulingChangedByAReloadWaitsForARestartAndSaysSo() throws {
        let h = try DaemonHarness()
        let path = h.folder + "/plant.yaml"
        try (Plants.testWorks + "\nscheduling: { threads: 2, time_limit: 50ms }\n").write(toFile: path, atomically: true, encoding: .utf8)
        let reply = h.request(ClientRequest(type: "reload"), as: .daemon)
        #expect(reply.ok, "\(reply.line)")
        #expect(reply.line.contains("\"scheduling\""), "\(reply.line)")
    }
}
