import Foundation
import GembaCore
import GembaServer
import GembaTesting
import Testing

/// `gemba reliability --json` from the daemon: the figures of the intervals the machines sent,
/// per machine and added up for the line, in the shape scripts read.
@Suite(.serialized)
struct ReliabilityQueryTests {
    @Test func aWindowsStopsMTBFAndMTTRComeFromTheFloorsIntervals() throws {
        let h = try DaemonHarness()
        let t0 = (DaemonClock.now() / Nanos.perSecond - 3600) * Nanos.perSecond
        func at(_ s: Int64) -> Int64 { t0 + s * Nanos.perSecond }
        try h.send([
            "machine,machine=press-01 state=\"running\" \(at(0))", "machine,machine=press-01 state=\"down\",reason=\"jam\" \(at(100))",
            "machine,machine=press-01 state=\"down\",reason=\"tool_change\" \(at(130))", "machine,machine=press-01 state=\"running\" \(at(160))",
            "machine,machine=press-01 state=\"down\" \(at(400))", "machine,machine=press-01 state=\"idle\" \(at(450))",
            "machine,machine=press-02 state=\"running\" \(at(0))", "machine,machine=press-02 state=\"down\",reason=\"jam\" \(at(200))",
            "machine,machine=press-02 state=\"running\" \(at(260))",
        ])
        _ = try h.waitFor("the lines") { $0.telemetry.accepted == 9 }
        let lead = Identity.person("lena", [.shiftLead])
        let query = h.request(Requests.ReliabilityQuery(line: "L1", from: ISOTime.format(at(50)), to: ISOTime.format(at(500))), as: lead)
        let r = try JSONDecoder().decode(Reply<ReliabilityResult>.self, from: Data(query.line.utf8)).result
        #expect(r.scope == "line L1" && !r.provisional)
        let p1 = try #require(r.machines.first { $0.machine == "press-01" })
        #expect(p1.stops == 2 && p1.runningSeconds == 290 && p1.downSeconds == 110 && p1.mtbfSeconds == 145 && p1.mttrSeconds == 55)
        let p2 = try #require(r.machines.first { $0.machine == "press-02" })
        #expect(p2.stops == 1 && p2.runningSeconds == 390 && p2.downSeconds == 60)
        #expect(r.total.stops == 3 && r.total.runningSeconds == 680 && r.total.mtbfSeconds == 680.0 / 3)
        // The JSON names every field, null where there is no mean.
        #expect(query.line.contains("\"mtbf_seconds\"") && query.line.contains("\"running_seconds\""))
        let unknown = h.request(Requests.ReliabilityQuery(machine: "press-99"), as: lead)
        #expect(unknown.line.contains("no machine \\\"press-99\\\" in this plant"), "\(unknown.line)")
    }
}
