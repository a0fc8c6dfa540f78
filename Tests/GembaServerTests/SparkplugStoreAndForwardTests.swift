import Foundation
import GembaClient
import GembaCore
import GembaMQTT
import GembaServer
import GembaTesting
import NIOConcurrencyHelpers
import SwiftProtobuf
import Testing

@testable import GembaSparkplug

/// Issue 13: what the floor did while the broker was away reaches the plant's subscribers
/// when it returns, flagged historical, at the time it happened; the waiting is shown.
@Suite(.serialized)
struct SparkplugStoreAndForwardTests {
    /// A subscriber to Gemba's edge node that keeps every message.
    final class Subscriber: Sendable {
        let got = NIOLockedValueBox<[(topic: String, payload: SparkplugB_Payload)]>([])
        let client: MQTTClient

        init(port: Int, id: String = "test-watch") throws {
            var handlers = MQTTClient.Handlers()
            let box = NIOLockedValueBox<MQTTClient?>(nil)
            let got = self.got
            handlers.connected = { ok, _ in if ok { box.withLockedValue { $0 }?.subscribe("spBv1.0/Gemba/#", qos: 1) } }
            handlers.message = { topic, bytes in
                if let p = try? SparkplugB_Payload(serializedBytes: bytes) { got.withLockedValue { $0.append((topic, p)) } }
            }
            client = try MQTTClient(
                config: MQTTConfig(host: "127.0.0.1", port: port, clientID: id, hostID: id), will: nil, handlers: handlers)
            box.withLockedValue { $0 = client }
            try client.start()
        }

        func wait(_ what: String, _ done: ([(topic: String, payload: SparkplugB_Payload)]) -> Bool) throws {
            let deadline = Date().addingTimeInterval(20)
            while !done(got.withLockedValue { $0 }) {
                guard Date() < deadline else { throw PeerError("timed out waiting for \(what): \(got.withLockedValue { $0.map(\.topic) })") }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
    }

    @Test func whatChangedWhileTheBrokerWasAwayGoesOutHistoricalWhenItReturns() throws {
        var broker: MosquittoBroker? = try MosquittoBroker()
        let port = try #require(broker?.port)
        let plant = SparkplugDaemonTests.plant(broker: "mqtt://127.0.0.1:\(port)").replacingOccurrences(
            of: "  host_id: gemba-test\n", with: "  host_id: gemba-test\n  publish: { group: Gemba, edge_node: plant-1 }\n  queue: 100\n")
        let h = try DaemonHarness(plant: plant)
        var s = try h.waitFor("the edge node on the broker") { $0.mqtt?.publish?.connected == true }
        #expect(s.mqtt?.publish?.node == "Gemba/plant-1")
        let before = try Subscriber(port: port)
        defer { before.client.stop() }
        Thread.sleep(forTimeInterval: 0.3)
        try h.send(["machine,machine=press-01 state=\"running\" \(DaemonClock.now())"])
        // Out on the broker before it goes away.
        try before.wait("running published") { got in
            got.contains { $0.topic == "spBv1.0/Gemba/DDATA/plant-1/press-01" && $0.payload.metrics.contains { $0.stringValue == "running" } }
        }

        broker?.stop()
        broker = nil
        _ = try h.waitFor("the edge node off the broker") { $0.mqtt?.publish?.connected == false }
        let downAt = DaemonClock.now()
        try h.send(["machine,machine=press-01 state=\"down\",reason=\"jam\" \(downAt)"])
        _ = try h.waitFor("down") { $0.machines.first { $0.id == "press-01" }?.state == .down }
        Thread.sleep(forTimeInterval: 0.5)
        try h.send(["machine,machine=press-01 state=\"running\" \(DaemonClock.now())"])
        s = try h.waitFor("the changes held") { ($0.mqtt?.publish?.queued ?? 0) >= 2 }
        #expect(s.mqtt?.publish?.dropped == 0)

        // The subscriber is on the broker before the daemon may come back.
        let back = try MosquittoBroker(port: port, admitting: "test-sub")
        let sub = try Subscriber(port: port, id: "test-sub")
        defer { sub.client.stop() }
        Thread.sleep(forTimeInterval: 0.5)
        try back.admitEveryone()
        let ddata = "spBv1.0/Gemba/DDATA/plant-1/press-01"
        // The last held change is the one to wait for: the held messages arrive one by one.
        try sub.wait("the births and the held data") { got in
            got.contains { $0.topic == ddata && $0.payload.metrics.contains { $0.isHistorical && $0.stringValue == "running" } }
        }
        let got = sub.got.withLockedValue { $0 }
        let birthAt = try #require(got.firstIndex { $0.topic == "spBv1.0/Gemba/DBIRTH/plant-1/press-01" })
        let dbirth = got[birthAt].payload
        #expect(dbirth.metrics.first { $0.name == "State" }?.stringValue == "running", "the birth carries the floor as it is now")
        let stateAlias = try #require(dbirth.metrics.first { $0.name == "State" }).alias
        let historical = got[birthAt...].filter { $0.topic == ddata }.compactMap { m in
            m.payload.metrics.first { $0.alias == stateAlias && $0.isHistorical }
        }
        #expect(historical.map(\.stringValue) == ["down", "running"], "what happened while the broker was away, in order, after the birth")
        let downMs = UInt64(downAt / Nanos.perMillisecond)
        let first = try #require(historical.first)
        #expect(first.timestamp >= downMs && first.timestamp < downMs + 2_000, "stamped when it changed, not when it went out")
        _ = try h.waitFor("the queue emptied") { $0.mqtt?.publish?.queued == 0 && $0.mqtt?.publish?.connected == true }
    }
}
