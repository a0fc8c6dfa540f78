import Foundation
import GembaCore
import GembaServer
import GembaTesting
import Testing

/// `gemba history` from the daemon: what the feed sent, in steps, whether the minutes are in
/// the database yet or still in the daemon, and still there after a restart; the detail's
/// sparklines; and the refusals a hurried person's typing gets.
@Suite(.serialized)
struct HistoryQueryTests {
    @Test func aValuesMinutesAnswerFromTheDaemonAndTheStoreAlikeAndSurviveARestart() throws {
        // Five-minute steps start on the clock's five minutes (steps are aligned to the epoch).
        let t0 = (DaemonClock.now() / (5 * Nanos.perMinute) - 6) * 5 * Nanos.perMinute
        func at(_ s: Int64) -> Int64 { t0 + s * Nanos.perSecond }
        // A sample every 10 s for 20 minutes: the value is the minute.
        let lines = (0..<120).map { k in "process,machine=press-01 oil_temp=\(60 + k / 6) \(at(Int64(k) * 10))" }
        let view = Identity.person("vic", [.lineOperator])
        let query = Requests.HistoryQuery(machine: "press-01", value: "oil_temp", from: ISOTime.format(t0), to: ISOTime.format(at(1200)), step: "5m")
        var folder = ""
        do {
            let h = try DaemonHarness(extra: Plants.oilHotAlarm)
            folder = h.handOver()
            try h.send(lines)
            _ = try h.waitFor("the lines") { $0.telemetry.accepted == 120 }
            let r = try JSONDecoder().decode(Reply<HistoryResult>.self, from: Data(h.request(query, as: view).line.utf8)).result
            #expect(r.machine == "press-01" && r.value == "oil_temp" && r.step == "5m")
            #expect(r.points.map(\.t) == (0..<4).map { ISOTime.format(at(Int64($0) * 300)) })
            #expect(r.points.map(\.count) == [30, 30, 30, 30])
            #expect(r.points.map(\.min) == [60, 65, 70, 75] && r.points.map(\.max) == [64, 69, 74, 79])
            #expect(r.points.map(\.last) == [64, 69, 74, 79] && r.points[0].mean == 62)
            // The detail's sparkline of the value, and the alarm limit beside it.
            let detail = try JSONDecoder().decode(
                Reply<MachineDetail>.self, from: Data(h.request(Requests.MachineDetailQuery(machine: "press-01"), as: view).line.utf8)
            ).result
            let trend = try #require(detail.trends?.first { $0.name == "oil_temp" })
            #expect(trend.limits == [80])
            // Over the shift so far: the samples show unless the shift began after the last of them.
            let shiftStart = detail.shift?.startNanos ?? .min
            #expect(trend.means.contains { $0 != nil } == (shiftStart <= at(1190)), "shift from \(ISOTime.format(shiftStart))")
        }
        let h2 = try DaemonHarness(folder: folder, extra: Plants.oilHotAlarm)
        let line = h2.request(query, as: view).line
        let again = try JSONDecoder().decode(Reply<HistoryResult>.self, from: Data(line.utf8)).result
        #expect(again.points.map(\.count) == [30, 30, 30, 30])
        // Each step's start in ISO 8601 UTC, as scripts read it.
        #expect(line.contains("\"t\":\"\(ISOTime.format(t0))\""))
    }

    @Test func whatAHurriedPersonTypesIsRefusedWithTheReason() throws {
        let h = try DaemonHarness()
        try h.send(["process,machine=press-01 oil_temp=70 \(DaemonClock.now() - Nanos.perSecond)"])
        _ = try h.waitFor("the line") { $0.telemetry.accepted == 1 }
        let view = Identity.person("vic", [.lineOperator])
        func refusal(_ q: Requests.HistoryQuery) -> String { h.request(q, as: view).line }
        #expect(refusal(.init(machine: "press-01", value: "oil_tmp")).contains("press-01 has no process value \\\"oil_tmp\\\" (it has: oil_temp)"))
        #expect(refusal(.init(machine: "press-99", value: "oil_temp")).contains("no machine \\\"press-99\\\""))
        #expect(refusal(.init(machine: "press-01", value: "oil_temp", step: "0s")).contains("bad_step"))
        #expect(refusal(.init(machine: "press-01", value: "oil_temp", step: "5")).contains("a duration needs a unit"))
        #expect(refusal(.init(machine: "press-01", value: "oil_temp", step: "1s", last: "30d")).contains("points; at most 200000"))
        #expect(refusal(.init(machine: "press-01", value: "oil_temp", from: "2026-13-01", to: "2026-12-02")).contains("bad_window"))
        #expect(refusal(.init(machine: "press-01", value: "oil_temp", from: "yesterday", last: "8h")).contains("last, or from and to"))
        // A value no sensor gives is refused with its line: it would overflow the history's sums.
        try h.send(["process,machine=press-01 oil_temp=1e308 \(DaemonClock.now())"])
        let refused = try h.waitFor("the refusal") { $0.telemetry.rejected == 1 }
        #expect(refused.telemetry.errors.last?.reason.contains("oil_temp=1e+308 is beyond what Gemba keeps") == true, "\(refused.telemetry.errors)")
        // A window that does not start on a whole step widens to the steps it touches.
        let t = (DaemonClock.now() / Nanos.perMinute - 5) * Nanos.perMinute
        let wide = try JSONDecoder().decode(
            Reply<HistoryResult>.self,
            from: Data(
                h.request(
                    Requests.HistoryQuery(
                        machine: "press-01", value: "oil_temp", from: ISOTime.format(t + 30 * Nanos.perSecond),
                        to: ISOTime.format(t + 90 * Nanos.perSecond)),
                    as: view
                ).line.utf8)
        ).result
        #expect(wide.from == ISOTime.format(t) && wide.to == ISOTime.format(t + 2 * Nanos.perMinute))
        // The last hour by default steps: one point with the one sample.
        let ok = try JSONDecoder().decode(
            Reply<HistoryResult>.self,
            from: Data(h.request(Requests.HistoryQuery(machine: "press-01", value: "oil_temp", last: "1h"), as: view).line.utf8)
        ).result
        #expect(ok.points.map(\.count) == [1] && ok.step == "1m")
    }
}
