import Foundation
import GembaClient
import GembaCore
import GembaMQTT
import GembaServer
import GembaStore
import GembaTesting
import NIOConcurrencyHelpers
import SwiftProtobuf
import Testing

@testable import GembaSparkplug

/// Issue 13: a real daemon as a Sparkplug B host on a real broker (mosquitto), fed by a real
/// edge node (pysparkplug's payloads over paho-mqtt).
@Suite(.serialized)
struct SparkplugDaemonTests {
    static func plant(broker: String, commLoss: String = "1h") -> String {
        """
        plant: Spark Works
        timezone: UTC
        comm_loss_timeout: \(commLoss)
        mqtt:
          broker: \(broker)
          client_id: gemba-test
          host_id: gemba-test
        lines:
          - id: L1
            name: Stamping
            machines:
              - { id: press-01, name: Press 01, ideal_cycle_time: 2.0 }
              - id: press-02
                name: Press 02
                ideal_cycle_time: 2.0
                sparkplug: { group: Plant1, edge_node: Line1, device: Press02 }
                metrics: { state: "Status/State", reason: "Status/Reason", count_total: "Counters/Total", count_reject: "Counters/Reject" }
                state_map: { 1: running, 2: idle, 3: down }
              - id: press-03
                name: Press 03
                ideal_cycle_time: 2.0
                sparkplug: { group: Plant1, edge_node: Line1, device: Press03 }
        shifts:
          - { name: A, start: "00:00", end: "12:00" }
          - { name: B, start: "12:00", end: "00:00" }
        reasons:
          jam: Material jam
        """
    }

    static func metric(_ name: String, _ type: String, _ value: String, alias: Int? = nil, ms: Int64? = nil) -> String {
        var parts = ["\"name\": \"\(name)\"", "\"type\": \"\(type)\"", "\"value\": \(value)"]
        if let alias { parts.append("\"alias\": \(alias)") }
        if let ms { parts.append("\"ts\": \(ms)") }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    /// The retained message on `topic`, as mosquitto_sub reads it.
    static func retained(_ topic: String, port: Int) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["mosquitto_sub", "-h", "127.0.0.1", "-p", String(port), "-t", topic, "-C", "1", "-W", "5"]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        return String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func anEdgeNodeFeedsItsMachinesAndItsDeathTakesThemOfflineAtOnce() throws {
        let broker = try MosquittoBroker()
        let h = try DaemonHarness(plant: Self.plant(broker: broker.url))
        _ = try h.waitFor("the broker") { $0.mqtt?.connected == true }
        let state = try Self.retained("spBv1.0/STATE/gemba-test", port: broker.port)
        #expect(state.hasPrefix("{\"online\":true,\"timestamp\":"), "\(state)")

        let edge = try SparkplugEdgeNodePeer(port: broker.port, group: "Plant1", edgeNode: "Line1")
        try edge.run(#"{"op": "connect", "bdseq": 4}"#)
        try edge.run(#"{"op": "nbirth", "metrics": []}"#)
        let birth = [
            Self.metric("Status/State", "INT32", "1", alias: 1), Self.metric("Counters/Total", "UINT32", "10", alias: 2),
            Self.metric("Hydraulics/OilTemp", "FLOAT", "41.5", alias: 3), Self.metric("Status/Reason", "STRING", "\"\"", alias: 4),
        ]
        try edge.run(#"{"op": "dbirth", "device": "Press02", "metrics": [\#(birth.joined(separator: ", "))]}"#)
        try edge.run(#"{"op": "dbirth", "device": "Press03", "metrics": [\#(Self.metric("state", "STRING", "\"idle\""))]}"#)
        var s = try h.waitFor("the births") { s in s.machines.first { $0.id == "press-03" }?.state == .idle }
        var p2 = try #require(s.machines.first { $0.id == "press-02" })
        #expect(p2.state == .running)
        #expect(p2.countTotal == 10)
        #expect(p2.processValues.map(\.name) == ["Hydraulics/OilTemp"])
        #expect(p2.processValues.first?.value == 41.5)

        // Data by alias only.
        let data = [
            Self.metric("Status/State", "INT32", "3", alias: 1), Self.metric("Status/Reason", "STRING", "\"jam\"", alias: 4),
            Self.metric("Counters/Total", "UINT32", "12", alias: 2),
        ]
        try edge.run(#"{"op": "ddata", "device": "Press02", "by_alias": true, "metrics": [\#(data.joined(separator: ", "))]}"#)
        s = try h.waitFor("the data by alias") { s in s.machines.first { $0.id == "press-02" }?.state == .down }
        p2 = try #require(s.machines.first { $0.id == "press-02" })
        #expect(p2.reason == "jam")
        #expect(p2.countTotal == 12)
        #expect(s.telemetry.errors.isEmpty, "\(s.telemetry.errors)")

        // A lost message: the gap is counted and the node is asked to be born again, which it is.
        try edge.run(#"{"op": "skip_seq"}"#)
        try edge.run(#"{"op": "ddata", "device": "Press03", "metrics": [\#(Self.metric("state", "STRING", "\"running\""))]}"#)
        try edge.run(#"{"op": "wait_rebirth", "timeout": 5}"#)
        s = try h.waitFor("the gap counted") { $0.mqtt?.seqGaps == 1 }
        #expect(s.mqtt?.rebirthsRequested == 1)
        #expect(s.machines.first { $0.id == "press-03" }?.state == .running, "what came with the gap is taken")
        let gap = try #require(s.telemetry.errors.last)
        #expect(gap.connection == "mqtt spBv1.0/Plant1/DDATA/Line1/Press03")
        #expect(gap.reason.hasSuffix("was next: messages were lost; rebirth requested"), "\(gap.reason)")

        // The edge node dies without a word: the broker sends its will (NDEATH, bdSeq 4), and both
        // machines go offline at once, not after the comm-loss timeout of an hour.
        try edge.run(#"{"op": "die"}"#)
        s = try h.waitFor("the death") { s in
            s.machines.filter { $0.id != "press-01" }.allSatisfy { $0.state == .offline }
        }
        #expect(s.mqtt?.connected == true)
        #expect(s.machines.first { $0.id == "press-01" }?.state == .offline, "press-01 never reported: it was offline all along")

        h.daemon.stop()
        let after = try Self.retained("spBv1.0/STATE/gemba-test", port: broker.port)
        #expect(after.hasPrefix("{\"online\":false,\"timestamp\":"), "\(after)")
    }

    /// The same machine events, once by line protocol (press-01) and once by Sparkplug B
    /// (press-02), end with identical intervals, counts and OEE.
    @Test func theSameEventsByLineProtocolAndBySparkplugEndIdentical() throws {
        let broker = try MosquittoBroker()
        let h = try DaemonHarness(plant: Self.plant(broker: broker.url))
        _ = try h.waitFor("the broker") { $0.mqtt?.connected == true }
        let edge = try SparkplugEdgeNodePeer(port: broker.port, group: "Plant1", edgeNode: "Line1")
        try edge.run(#"{"op": "connect", "bdseq": 0}"#)
        try edge.run(#"{"op": "nbirth", "metrics": []}"#)

        let start = (DaemonClock.now() / Nanos.perSecond - 300) * 1000
        // (seconds after start, state code, state, reason, total, reject)
        let events: [(Int64, Int, String?, String?, Int?, Int?)] = [
            (0, 1, "running", nil, 0, 0), (20, 1, nil, nil, 9, 1), (40, 3, "down", "jam", 10, nil), (100, 1, "running", nil, nil, nil),
            (160, 2, "idle", nil, 40, 2), (200, 1, "running", nil, 41, nil), (240, 1, nil, nil, 60, 3),
        ]
        var lines: [String] = []
        for (k, e) in events.enumerated() {
            let ms = start + e.0 * 1000
            var fields: [String] = []
            var metrics: [String] = []
            if let state = e.2 {
                fields.append("state=\"\(state)\"")
                metrics.append(Self.metric("Status/State", "INT32", String(e.1), alias: 1, ms: ms))
                fields.append("reason=\"\(e.3 ?? "")\"")
                metrics.append(Self.metric("Status/Reason", "STRING", "\"\(e.3 ?? "")\"", alias: 2, ms: ms))
            }
            if let total = e.4 {
                fields.append("count_total=\(total)i")
                metrics.append(Self.metric("Counters/Total", "UINT32", String(total), alias: 3, ms: ms))
            }
            if let reject = e.5 {
                fields.append("count_reject=\(reject)i")
                metrics.append(Self.metric("Counters/Reject", "UINT32", String(reject), alias: 4, ms: ms))
            }
            lines.append("machine,machine=press-01 \(fields.joined(separator: ",")) \(ms * Nanos.perMillisecond)")
            let op = k == 0 ? "dbirth" : "ddata"
            try edge.run(#"{"op": "\#(op)", "device": "Press02", "metrics": [\#(metrics.joined(separator: ", "))]}"#)
        }
        try h.send(lines)
        let s = try h.waitFor("both machines' last event") { s in
            s.telemetry.accepted >= 7 && s.machines.first { $0.id == "press-02" }?.countTotal == 60
        }
        #expect(s.telemetry.errors.isEmpty, "\(s.telemetry.errors)")
        let p1 = try #require(s.machines.first { $0.id == "press-01" })
        let p2 = try #require(s.machines.first { $0.id == "press-02" })
        #expect(p1.state == p2.state)
        #expect(p1.sinceNanos == p2.sinceNanos)
        #expect(p1.countTotal == p2.countTotal)
        #expect(p1.shiftTotal == p2.shiftTotal)
        #expect(p1.shiftReject == p2.shiftReject)
        Thread.sleep(forTimeInterval: 0.3)
        let from = start * Nanos.perMillisecond - Nanos.perSecond
        let to = DaemonClock.now()
        let i1 = try h.daemon.store.intervals(machine: "press-01", from: from, to: to).map {
            [$0.state.rawValue, $0.reason ?? "", "\($0.start)", "\($0.end)"]
        }
        let i2 = try h.daemon.store.intervals(machine: "press-02", from: from, to: to).map {
            [$0.state.rawValue, $0.reason ?? "", "\($0.start)", "\($0.end)"]
        }
        #expect(i1.count == 4, "running, down, running, idle closed; running open")
        #expect(i1 == i2)
        // OEE over one fixed window, the same for both.
        let c = try ConsoleConnection(path: h.runtime.consoleSocket)
        let window = (ISOTime.format(start * Nanos.perMillisecond), ISOTime.format(to))
        let o1 = try c.request(ClientRequest(type: "oee", machine: "press-01", from: window.0, to: window.1), as: OEEResult.self)
        let o2 = try c.request(ClientRequest(type: "oee", machine: "press-02", from: window.0, to: window.1), as: OEEResult.self)
        #expect(o1.oee != nil)
        #expect(o1.counts == o2.counts)
        #expect(o1.time == o2.time)
        #expect(o1.oee == o2.oee)
    }

    /// A broker that goes away is retried with back-off and shown; after the comm-loss timeout
    /// `mqtt-broker-lost` is raised, and it clears when the broker is back.
    @Test func aLostBrokerIsShownRetriedAndRaisesAnAlarmAfterTheCommLossTimeout() throws {
        var broker: MosquittoBroker? = try MosquittoBroker()
        let port = try #require(broker?.port)
        let h = try DaemonHarness(plant: Self.plant(broker: "mqtt://127.0.0.1:\(port)", commLoss: "2s"))
        _ = try h.waitFor("the broker") { $0.mqtt?.connected == true }
        // A machine reporting by exception: born running, then nothing to say.
        let edge = try SparkplugEdgeNodePeer(port: port, group: "Plant1", edgeNode: "Line1")
        try edge.run(#"{"op": "connect", "bdseq": 1}"#)
        try edge.run(#"{"op": "nbirth", "metrics": []}"#)
        try edge.run(#"{"op": "dbirth", "device": "Press03", "metrics": [\#(Self.metric("state", "STRING", "\"running\""))]}"#)
        _ = try h.waitFor("the birth") { s in s.machines.first { $0.id == "press-03" }?.state == .running }
        Thread.sleep(forTimeInterval: 3)
        let lostAt = DaemonClock.now()
        broker?.stop()
        var s = try h.waitFor("the broker gone") { $0.mqtt?.connected == false }
        #expect(s.mqtt?.broker == "mqtt://127.0.0.1:\(port)")
        #expect(s.mqtt?.lastError != nil)
        s = try h.waitFor("the alarm") { s in s.alarms?.alarms.contains { $0.definition == "mqtt-broker-lost" && $0.active } == true }
        let alarm = try #require(s.alarms?.alarms.first { $0.definition == "mqtt-broker-lost" })
        #expect(alarm.priority == .high)
        // The detail says what the loss means here (a publish-only plant reads no machines).
        #expect(alarm.detail?.hasPrefix("mqtt://127.0.0.1:\(port): ") == true)
        #expect(alarm.detail?.hasSuffix("; 2 machines read over Sparkplug B are not heard") == true, "\(alarm.detail ?? "")")
        // Offline from when the broker went away, not from its birth three seconds before (the tryout found that).
        let p3 = try #require(s.machines.first { $0.id == "press-03" })
        #expect(p3.state == .offline)
        #expect(p3.sinceNanos >= lostAt - 300 * 1_000_000, "offline since \(p3.since), the broker went at \(ISOTime.format(lostAt))")
        broker = nil
        let back = try MosquittoBroker(port: port)
        s = try h.waitFor("the broker back", timeout: 40) { $0.mqtt?.connected == true }
        s = try h.waitFor("the alarm cleared") { s in s.alarms?.alarms.contains { $0.definition == "mqtt-broker-lost" && $0.active } != true }
        // Cleared but not acknowledged: it still says what happened (tryout: the detail went null).
        let cleared = try #require(s.alarms?.alarms.first { $0.definition == "mqtt-broker-lost" })
        #expect(cleared.detail?.hasSuffix("2 machines read over Sparkplug B are not heard") == true, "\(cleared.detail ?? "nil")")
        _ = back
    }

    /// Tryout: a second daemon started with the same client_id made both flap on and off the
    /// broker with "the connection was lost" and no hint why. After three connections in a row
    /// closed within seconds, the status names the likely cause.
    @Test func twoClientsWithOneClientIDAreNamedAsTheLikelyCause() throws {
        let broker = try MosquittoBroker()
        let h = try DaemonHarness(plant: Self.plant(broker: "mqtt://127.0.0.1:\(broker.port)"))
        _ = try h.waitFor("the broker") { $0.mqtt?.connected == true }
        // Another client with the daemon's client id, reconnecting as the daemon does.
        let rogue = try MQTTClient(
            config: MQTTConfig(host: "127.0.0.1", port: broker.port, clientID: "gemba-test", hostID: "rogue"), will: nil, handlers: .init())
        try rogue.start()
        defer { rogue.stop(last: nil) }
        let s = try h.waitFor("the hint", timeout: 40) { $0.mqtt?.lastError?.contains("client_id") == true }
        #expect(
            s.mqtt?.lastError?.hasSuffix(
                "connections in a row within seconds of accepting them: is another client using client_id \"gemba-test\"? (each client of a broker needs its own)"
            )
                == true, "\(s.mqtt?.lastError ?? "")")
    }

    /// With mqtt.publish, the floor goes out as an edge node: births with aliases, a state
    /// change as DDATA of only what changed, births again on a rebirth request, NDEATH at stop
    /// with the births' bdSeq.
    @Test func theFloorIsPublishedAsAnEdgeNode() throws {
        let broker = try MosquittoBroker()
        let got = NIOLockedValueBox<[(topic: String, payload: SparkplugB_Payload)]>([])
        var handlers = MQTTClient.Handlers()
        let box = NIOLockedValueBox<MQTTClient?>(nil)
        handlers.connected = { ok, _ in if ok { box.withLockedValue { $0 }?.subscribe("spBv1.0/Gemba/#") } }
        handlers.message = { topic, bytes in
            if let p = try? SparkplugB_Payload(serializedBytes: bytes) { got.withLockedValue { $0.append((topic, p)) } }
        }
        let subscriber = try MQTTClient(
            config: MQTTConfig(host: "127.0.0.1", port: broker.port, clientID: "test-sub", hostID: "test-sub"), will: nil, handlers: handlers)
        box.withLockedValue { $0 = subscriber }
        try subscriber.start()
        defer { subscriber.stop() }
        func wait(_ what: String, _ done: ([(topic: String, payload: SparkplugB_Payload)]) -> Bool) throws {
            let deadline = Date().addingTimeInterval(10)
            while !done(got.withLockedValue { $0 }) {
                guard Date() < deadline else { throw PeerError("timed out waiting for \(what): \(got.withLockedValue { $0.map(\.topic) })") }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
        Thread.sleep(forTimeInterval: 0.3)
        let plant = Self.plant(broker: broker.url).replacingOccurrences(
            of: "  host_id: gemba-test\n", with: "  host_id: gemba-test\n  publish: { group: Gemba, edge_node: plant-1 }\n")
        let h = try DaemonHarness(plant: plant)
        try wait("the births") { $0.filter { $0.topic.hasPrefix("spBv1.0/Gemba/DBIRTH/plant-1/") }.count == 3 }
        let births = got.withLockedValue { $0 }
        let nbirth = try #require(births.first { $0.topic == "spBv1.0/Gemba/NBIRTH/plant-1" })
        #expect(nbirth.payload.seq == 0)
        let bdSeq = try #require(nbirth.payload.metrics.first { $0.name == "bdSeq" })
        let dbirth = try #require(births.first { $0.topic == "spBv1.0/Gemba/DBIRTH/plant-1/press-01" }).payload
        #expect(dbirth.metrics.prefix(5).map(\.name) == ["State", "Reason", "State/Since", "Shift/Good", "Shift/Reject"])
        #expect(dbirth.metrics.allSatisfy { $0.hasAlias && $0.hasDatatype })
        let stateAlias = try #require(dbirth.metrics.first { $0.name == "State" }).alias

        try h.send(["machine,machine=press-01 state=\"down\",reason=\"jam\" \(DaemonClock.now())"])
        try wait("the change") { $0.contains { $0.topic == "spBv1.0/Gemba/DDATA/plant-1/press-01" } }
        let ddata = try #require(got.withLockedValue { $0 }.first { $0.topic == "spBv1.0/Gemba/DDATA/plant-1/press-01" }).payload
        let state = try #require(ddata.metrics.first { $0.alias == stateAlias })
        #expect(!state.hasName, "data goes by alias")
        #expect(state.stringValue == "down")
        #expect(ddata.metrics.count < dbirth.metrics.count, "only what changed")

        // A rebirth request brings the births again.
        var request = SparkplugB_Payload()
        request.metrics = [SparkplugEdge.metric("Node Control/Rebirth", alias: nil, .flag(true), at: nil)]
        subscriber.publish(.init(topic: "spBv1.0/Gemba/NCMD/plant-1", payload: try request.serializedBytes()))
        try wait("the rebirth") { $0.filter { $0.topic == "spBv1.0/Gemba/NBIRTH/plant-1" }.count == 2 }

        h.daemon.stop()
        try wait("the death") { $0.contains { $0.topic == "spBv1.0/Gemba/NDEATH/plant-1" } }
        let death = try #require(got.withLockedValue { $0 }.first { $0.topic == "spBv1.0/Gemba/NDEATH/plant-1" }).payload
        #expect(death.metrics.first { $0.name == "bdSeq" }?.longValue == bdSeq.longValue)
    }
}
