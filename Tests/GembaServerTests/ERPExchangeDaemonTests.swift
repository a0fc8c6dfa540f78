import Foundation
import GembaClient
import GembaCore
import GembaExchange
import GembaServer
import GembaTesting
import Testing

/// The ERP's side through the daemon: a B2MML schedule imported like a CSV (all or nothing,
/// each bad request named by its line), and the production performance of what was then made
/// exported as a document MESA's schema accepts, with the lots from the genealogy.
@Suite(.serialized)
struct ERPExchangeDaemonTests {
    static func schedule(_ id: String, product: String, quantity: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <OperationsSchedule xmlns="http://www.mesa.org/xml/B2MML">
          <ID>ERP-1</ID>
          <OperationsType>Production</OperationsType>
          <OperationsRequest>
            <ID>\(id)</ID>
            <StartTime>2025-11-24T06:00:00Z</StartTime>
            <EndTime>2025-11-28T14:00:00Z</EndTime>
            <SegmentRequirement>
              <ID>\(id)-1</ID>
              <MaterialRequirement>
                <MaterialDefinitionID>\(product)</MaterialDefinitionID>
                <MaterialUse>Produced</MaterialUse>
                <Quantity><QuantityString>\(quantity)</QuantityString><UnitOfMeasure>pcs</UnitOfMeasure></Quantity>
              </MaterialRequirement>
            </SegmentRequirement>
          </OperationsRequest>
        </OperationsSchedule>
        """
    }

    static var schemas: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/b2mml")
    }

    static func xmllint(_ document: String, schema: String) throws -> (status: Int32, output: String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gemba-perf-\(UUID().uuidString).xml")
        try Data(document.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }  // a temporary file; its removal cannot matter
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
        p.arguments = ["--noout", "--nonet", "--schema", schemas.appendingPathComponent(schema).path, file.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let out = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: out, as: UTF8.self))
    }

    @Test func aScheduleImportsAndWhatWasMadeExportsAsValidB2MML() throws {
        let h = try DaemonHarness(extra: Plants.steelBrackets)
        let boss = Identity.person("bob", [.supervisor])
        let bad = h.request(Requests.ImportOrders(text: Self.schedule("WO-9", product: "widget", quantity: "10"), file: "week.xml"), as: boss)
        #expect(!bad.ok)
        #expect(bad.line.contains("week.xml: line 5"), "\(bad.line)")
        #expect(bad.line.contains("widget"))
        let good = h.request(Requests.ImportOrders(text: Self.schedule("WO-1", product: "bracket", quantity: "10"), file: "week.xml"), as: boss)
        #expect(good.ok, "\(good.line)")
        let c = try ConsoleConnection(path: h.runtime.consoleSocket)
        #expect(try c.request(Requests.Orders()).map(\.id) == ["WO-1"])

        #expect(h.request(Requests.LotReceive(lot: "C1", material: "steel", amount: 500), as: boss).ok)
        let start = h.request(Requests.OperationStart(order: "WO-1", index: 0, lots: [LotQuantity(lot: "C1", quantity: 12)]), as: boss)
        #expect(start.ok, "\(start.line)")
        let finish = h.request(Requests.OperationFinish(order: "WO-1", index: 0, good: 10, scrap: 1, lot: "B1"), as: boss)
        #expect(finish.ok, "\(finish.line)")

        let today = ISOTime.format(DaemonClock.now()).prefix(10)
        let p = try c.request(Requests.Performance(from: String(today), to: String(today)))
        let order = try #require(p.orders.first)
        #expect(order.id == "WO-1" && order.state == .ended && order.end != nil)
        let op = try #require(order.operations.first)
        #expect(op.name == "stamp" && op.machine == "press-01" && op.line == "L1" && op.good == 10 && op.scrap == 1)
        #expect(op.consumed.map(\.lot) == ["C1"] && op.consumed.first?.quantity == 12)
        #expect(op.produced.map(\.lot) == ["B1"])
        let xml = B2MMLPerformance.xml(p)
        let lint = try Self.xmllint(xml, schema: "B2MML-OperationsPerformance.xsd")
        #expect(lint.status == 0, "\(lint.output)")
        #expect(xml.contains("<MaterialLotID>B1</MaterialLotID>") && xml.contains("<MaterialLotID>C1</MaterialLotID>"))

        let other = try c.request(Requests.Performance(from: "2020-01-01", to: "2020-01-02"))
        #expect(other.orders.isEmpty)
        #expect(throws: (any Error).self) { try c.request(Requests.Performance(from: String(today), to: String(today), order: "WO-404")) }
    }
}
