import Foundation
import GembaClient
import GembaConsole
import GembaCore
import GembaServer
import GembaStore
import GembaTesting
import Testing

/// Work orders, the schedule and the operators' steps through a real daemon.
@Suite(.serialized)
struct OrderDaemonTests {
    static let products = """
        products:
          - id: bracket
            routing:
              - { op: stamp, machines: { press-01: 2s, press-02: 2s }, setup: 10m }
              - { op: finish, machines: { press-02: 1s }, setup: 5m }
        """

    @Test func importedOrdersAreScheduledAndQueuedAndABadFileImportsNothing() throws {
        let h = try DaemonHarness(extra: Self.products)
        let due = ISOTime.format(DaemonClock.now() + 8 * 3600 * Nanos.perSecond)
        let csv = "order,product,quantity,due,priority\nWO-1,bracket,100,\(due),2\nWO-2,bracket,50,\(due),1\n"
        let supervisor = Identity.person("bob", [.supervisor])
        let op = Identity.person("oscar", [.lineOperator])
        let refused = h.request(ClientRequest(type: "import_orders", text: csv, file: "orders.csv"), as: op)
        #expect(!refused.ok && refused.line.contains("forbidden"))
        let bad = h.request(ClientRequest(type: "import_orders", text: csv + "WO-3,widget,5,\(due),1\n", file: "orders.csv"), as: supervisor)
        #expect(!bad.ok)
        #expect(bad.line.contains("row 4: order WO-3: product \\\"widget\\\" is not in the plant file's products"), "\(bad.line)")
        #expect(try h.daemon.store.orders().isEmpty, "nothing of a bad file is imported")
        let ok = h.request(ClientRequest(type: "import_orders", text: csv, file: "orders.csv"), as: supervisor)
        #expect(ok.ok, "\(ok.line)")
        let plan = try h.waitForSchedule { $0.operations.count == 4 }
        #expect(plan.operations.count == 4)
        #expect(plan.operations.filter { $0.machine == "press-02" && $0.operation == "finish" }.count == 2)
        let queue = try ConsoleConnection(path: h.runtime.consoleSocket).request(
            ClientRequest(type: "queue", machine: "press-02"), as: [PlannedOperation].self)
        #expect(queue.count >= 2)
        #expect(try h.daemon.store.auditRecords(object: "orders").first?.action == "import_orders")

        // The operator starts WO-1's first operation on the machine the schedule chose, then finishes it.
        let first = try #require(plan.operations.first { $0.order == "WO-1" && $0.index == 0 })
        #expect(!h.request(ClientRequest(type: "op_start", order: "WO-1", index: 1), as: op).ok, "the second operation waits for the first")
        let started = h.request(ClientRequest(type: "op_start", order: "WO-1", index: 0), as: op)
        #expect(started.ok, "\(started.line)")
        let replanned = try h.waitForSchedule { p in p.operations.contains { $0.order == "WO-1" && $0.index == 0 && $0.state == "running" } }
        let running = try #require(replanned.operations.first { $0.order == "WO-1" && $0.index == 0 })
        #expect(running.state == "running")
        #expect(running.machine == first.machine)
        #expect(!h.request(ClientRequest(type: "op_finish", order: "WO-1", index: 0), as: op).ok, "finishing needs quantities")
        #expect(h.request(ClientRequest(type: "op_finish", order: "WO-1", index: 0, good: 98, scrap: 2, partial: true), as: op).ok)
        let orders = try ConsoleConnection(path: h.runtime.consoleSocket).request(ClientRequest(type: "orders"), as: [OrderStatus].self)
        let wo1 = try #require(orders.first { $0.id == "WO-1" })
        #expect(wo1.state == "running")
        #expect(wo1.operations[0].state == "done")
        #expect(wo1.operations[0].good == 98)
        let trail = try h.daemon.store.auditRecords(object: "WO-1/1")
        #expect(trail.filter { $0.outcome == "ok" }.map(\.action) == ["op_finish", "op_start"])

        // A supervisor cancels WO-2 (with a reason); it leaves the schedule.
        #expect(!h.request(ClientRequest(type: "order_cancel", order: "WO-2"), as: supervisor).ok, "a reason is required")
        #expect(h.request(ClientRequest(type: "order_cancel", comment: "customer withdrew", order: "WO-2"), as: supervisor).ok)
        let after = try h.waitForSchedule { p in !p.operations.contains { $0.order == "WO-2" } }
        #expect(!after.operations.contains { $0.order == "WO-2" })
    }

    /// A console reads a delta without a shift as "no shift": the schedule's pushes carry it.
    @Test func scheduleDeltasCarryTheShift() throws {
        let h = try DaemonHarness(extra: Self.products)
        let console = try ConsoleConnection(path: h.runtime.consoleSocket)
        _ = try console.request(ClientRequest(type: "subscribe"), as: FloorSnapshot.self)
        let due = ISOTime.format(DaemonClock.now() + 8 * 3600 * Nanos.perSecond)
        #expect(
            h.request(
                ClientRequest(type: "import_orders", text: "order,product,quantity,due\nWO-1,bracket,10,\(due)\n", file: "o.csv"),
                as: .person("bob", [.supervisor])
            ).ok)
        var found: FloorDelta?
        let deadline = Date().addingTimeInterval(10)
        while found == nil && Date() < deadline {
            let line = try console.readLine(timeout: 10)
            if let e = try? JSONDecoder().decode(DeltaEvent.self, from: line), let plan = e.delta.schedule, !plan.operations.isEmpty {
                found = e.delta
            }
        }
        let delta = try #require(found)
        #expect(delta.shift != nil, "the test plant's shifts cover the whole day")
    }
}
