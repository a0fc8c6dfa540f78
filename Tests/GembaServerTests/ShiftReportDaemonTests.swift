import Foundation
import GembaClient
import GembaCore
import GembaServer
import GembaStore
import GembaTesting
import Testing

/// The shift report as the daemon builds it: what happened in shift A (a jam, an alarm, a hold
/// placed and released, an order finished, a lead's note) in every section; the same report
/// before and after a restart; the running shift's marked provisional; and the files written
/// at the shift's end (the report's formats, the ERP's performance document).
@Suite(.serialized)
struct ShiftReportDaemonTests {
    static let s = Nanos.perSecond
    /// 2025-11-24T10:00:00Z, in shift A (00:00–12:00 UTC) of the test plant.
    static let ten: Timestamp = 1_763_978_400 * Nanos.perSecond
    static let boss = Identity.person("bob", [.supervisor])

    static func decode<T: Codable & Sendable>(_ type: T.Type, _ reply: (ok: Bool, line: String)) throws -> T {
        try JSONDecoder().decode(Reply<T>.self, from: Data(reply.line.utf8)).result
    }

    /// Shift A's events, each sent when it happens.
    static func shiftA(_ h: DaemonHarness, _ clock: ScriptedClock) throws {
        let t = ten
        let lines: [(Timestamp, String)] = [
            (t, "machine,machine=press-01 state=\"running\",count_total=0i,count_reject=0i \(t)"),
            (t, "machine,machine=press-02 state=\"running\",count_total=0i \(t)"),
            (t + 1200 * s, "machine,machine=press-01 state=\"down\",reason=\"jam\",count_total=500i,count_reject=5i \(t + 1200 * s)"),
            (t + 1200 * s, "process,machine=press-01 oil_temp=88 \(t + 1200 * s)"),
            (t + 1800 * s, "machine,machine=press-01 state=\"running\",count_total=500i,count_reject=5i \(t + 1800 * s)"),
            (t + 3600 * s, "machine,machine=press-01 count_total=1300i,count_reject=10i \(t + 3600 * s)"),
            (t + 3600 * s, "machine,machine=press-02 count_total=1700i \(t + 3600 * s)"),
            // Heard until the shift's end (a silence past comm_loss_timeout would be offline time, dated from the last line).
            (t + 7100 * s, "machine,machine=press-01 count_total=1300i,count_reject=10i \(t + 7100 * s)"),
            (t + 7100 * s, "machine,machine=press-02 count_total=1700i \(t + 7100 * s)"),
        ]
        for (k, (at, line)) in lines.enumerated() {
            clock.set(at)
            try h.send([line])
            _ = try h.waitFor("line \(k + 1)") { $0.telemetry.accepted == Int64(k + 1) }
        }
        clock.set(t + 7150 * s)
        #expect(h.request(Requests.LotReceive(lot: "C1", material: "steel", amount: 500), as: boss).ok)
        #expect(h.request(Requests.HoldPlace(scope: "lot", target: "C1", reason: "coil cracked"), as: boss).ok)
        #expect(h.request(Requests.HoldRelease(hold: 1, disposition: "use_as_is", comment: "lab ok"), as: boss).ok)
        #expect(h.request(Requests.OrderAdd(order: "WO-1", product: "bracket", quantity: 10, due: "2025-11-24T11:00:00Z"), as: boss).ok)
        #expect(h.request(Requests.OperationStart(order: "WO-1", index: 0, lots: [LotQuantity(lot: "C1", quantity: 5)]), as: boss).ok)
        clock.set(t + 7180 * s)
        #expect(h.request(Requests.OperationFinish(order: "WO-1", index: 0, good: 10, scrap: 0, lot: "B1"), as: boss).ok)
        #expect(h.request(Requests.HandoverAdd(text: "press-01 jams on coil C1.\nWatch the oil."), as: .person("lena", [.shiftLead])).ok)
    }

    @Test func aShiftsReportSaysWhatHappenedAndIsTheSameAfterARestart() throws {
        let clock = ScriptedClock(at: Self.ten)
        var folder = ""
        let first: ShiftReport
        do {
            let h = try DaemonHarness(extra: Plants.steelBrackets + "\n" + Plants.oilHotAlarm, clock: clock.now)
            folder = h.handOver()
            try Self.shiftA(h, clock)
            let running = try Self.decode(ShiftReport.self, h.request(Requests.ShiftReportQuery(), as: .daemon))
            #expect(running.provisional && running.shift == "A")
            clock.set(Self.ten + 2 * 3600 * Self.s + 60 * Self.s)
            first = try Self.decode(
                ShiftReport.self, h.request(Requests.ShiftReportQuery(shift: "A", date: "2025-11-24"), as: .person("olga", [.lineOperator])))
        }
        #expect(!first.provisional && first.from == "2025-11-24T00:00:00Z" && first.to == "2025-11-24T12:00:00Z")
        #expect(first.oee.map(\.id) == ["plant", "L1", "press-01", "press-02"])
        let press1 = try #require(first.oee.first { $0.id == "press-01" })
        #expect(press1.good == 1290 && press1.reject == 10)
        #expect(press1.availabilityLossSeconds > 1800, "the jam and the hours before the first report")
        let jam = try #require(first.downtime.first { $0.reason == "jam" })
        #expect(jam.state == .down && jam.stops == 1 && jam.seconds == 600 && jam.machines == ["press-01"])
        #expect(first.alarms.activations == 1 && first.alarms.byPriority["high"] == 1)
        #expect(first.alarms.standing.map(\.definition).contains("press-01-oil-hot"))
        #expect(first.holds.placed.map(\.target) == ["C1"] && first.holds.released.first?.disposition == "use_as_is")
        #expect(first.orders.finished.map(\.id) == ["WO-1"])
        #expect(first.orders.late.map(\.id) == ["WO-1"] && first.orders.late.first?.lateSeconds == 3580)
        #expect(first.notes.map(\.text) == ["press-01 jams on coil C1.\nWatch the oil."])

        // After a restart, the same report.
        let h = try DaemonHarness(folder: folder, extra: Plants.steelBrackets + "\n" + Plants.oilHotAlarm, clock: clock.now)
        let again = try Self.decode(ShiftReport.self, h.request(Requests.ShiftReportQuery(shift: "A", date: "2025-11-24"), as: .daemon))
        #expect(again == first)
        #expect(ShiftReportRenderer.render(again, as: .html) == ShiftReportRenderer.render(first, as: .html))
    }

    @Test func theShiftsEndWritesItsReportAndThePerformanceDocument() throws {
        let folder = TemporaryFolder.make()
        let extra =
            Plants.steelBrackets + "\n" + Plants.oilHotAlarm + "\nreports: { folder: \(folder)/reports, formats: [html, text, json] }\n"
            + "erp: { inbox: \(folder)/erp-in, outbox: \(folder)/erp-out, export_every: shift }\n"
        let clock = ScriptedClock(at: Self.ten)
        let h = try DaemonHarness(folder: folder, extra: extra, clock: clock.now)
        try Self.shiftA(h, clock)
        #expect(!FileManager.default.fileExists(atPath: "\(folder)/reports/2025-11-24-A.html"), "not before the shift ends")
        clock.set(Self.ten + 2 * 3600 * Self.s + 31 * Self.s)
        let deadline = Date().addingTimeInterval(10)
        while !FileManager.default.fileExists(atPath: "\(folder)/erp-out/performance-2025-11-24-A.xml"), Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
        }
        let text = try String(contentsOfFile: "\(folder)/reports/2025-11-24-A.txt", encoding: .utf8)
        #expect(text.contains("Shift report") && text.contains("press-01 jams on coil C1.") && !text.contains("PROVISIONAL"))
        let html = try String(contentsOfFile: "\(folder)/reports/2025-11-24-A.html", encoding: .utf8)
        #expect(html.contains("<svg"))
        let json = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/reports/2025-11-24-A.json"))
        let written = try JSONDecoder().decode(ShiftReport.self, from: json)
        let asked = try Self.decode(ShiftReport.self, h.request(Requests.ShiftReportQuery(shift: "A", date: "2025-11-24"), as: .daemon))
        #expect(written == asked)
        let xml = try String(contentsOfFile: "\(folder)/erp-out/performance-2025-11-24-A.xml", encoding: .utf8)
        #expect(xml.contains("WO-1") && xml.contains("OperationsPerformance"))
        // For the ERP's account in the daemon's group, whatever the daemon's own umask.
        let mode = try FileManager.default.attributesOfItem(atPath: "\(folder)/erp-out/performance-2025-11-24-A.xml")[.posixPermissions] as? Int
        #expect(mode == 0o640)
    }

    @Test func ordersDroppedIntoTheERPInboxAreImportedOrRefusedWithTheReason() throws {
        let folder = TemporaryFolder.make()
        let extra = Plants.steelBrackets + "\nerp: { inbox: \(folder)/in }\n"
        let h = try DaemonHarness(folder: folder, extra: extra)
        try "order,product,quantity,due\nWO-5,bracket,20,2031-01-10\n".write(toFile: "\(folder)/in/week.csv", atomically: true, encoding: .utf8)
        try "order,product,quantity,due\nWO-6,widget,20,2031-01-10\n".write(toFile: "\(folder)/in/bad.csv", atomically: true, encoding: .utf8)
        try "half written".write(toFile: "\(folder)/in/next.csv.part", atomically: true, encoding: .utf8)
        let deadline = Date().addingTimeInterval(15)
        let fm = FileManager.default
        while !(fm.fileExists(atPath: "\(folder)/in/done/week.csv") && fm.fileExists(atPath: "\(folder)/in/failed/bad.csv.error")), Date() < deadline
        {
            Thread.sleep(forTimeInterval: 0.1)
        }
        #expect(fm.fileExists(atPath: "\(folder)/in/done/week.csv") && !fm.fileExists(atPath: "\(folder)/in/week.csv"))
        #expect(fm.fileExists(atPath: "\(folder)/in/failed/bad.csv"))
        #expect(try fm.attributesOfItem(atPath: "\(folder)/in/failed/bad.csv.error")[.posixPermissions] as? Int == 0o640)
        let why = try String(contentsOfFile: "\(folder)/in/failed/bad.csv.error", encoding: .utf8)
        #expect(why.contains("bad.csv: row 2") && why.contains("widget"), "\(why)")
        #expect(fm.fileExists(atPath: "\(folder)/in/next.csv.part"), "a file still being written is left alone")
        let c = try ConsoleConnection(path: h.runtime.consoleSocket)
        #expect(try c.request(Requests.Orders()).map(\.id) == ["WO-5"])
        let trail = try h.daemon.store.auditRecords(object: "orders")
        #expect(trail.contains { $0.user == "erp-inbox" && $0.comment == "week.csv" })
    }
}
