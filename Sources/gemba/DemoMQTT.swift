import Foundation
import GembaCore
import GembaMQTT
import GembaServer
import GembaSparkplug
import NIOConcurrencyHelpers
import SwiftProtobuf

/// `gemba demo --mqtt`: a mosquitto broker of the demo's own, and half of the demo plant's
/// lines fed over Sparkplug B by an edge node (group `Demo`, edge node `cells`, one device per
/// machine) instead of line protocol; the whole plant is published as Gemba's edge node
/// `Gemba/demo`.
enum DemoMQTT {
    /// The broker: mosquitto from the PATH (or /usr/sbin), on a free loopback port.
    final class Broker {
        private let broker: LocalMosquitto
        var port: Int { broker.port }

        /// `folder` must exist; the demo makes its own when given none.
        init(folder: String) throws {
            guard let binary = LocalMosquitto.find() else {
                throw CommandFailure("gemba demo --mqtt needs the mosquitto broker, which is not installed: apt-get install mosquitto")
            }
            do {
                broker = try LocalMosquitto(binary: binary, folder: folder) { "listener \($0) 127.0.0.1\nallow_anonymous true\n" }
            } catch {
                throw CommandFailure(error.description)
            }
        }

        func stop() {
            broker.stop()
            try? FileManager.default.removeItem(atPath: broker.folder)  // only the broker's config and log: litter if left
        }
    }

    static let node = SparkplugNode(group: "Demo", edgeNode: "cells")

    /// The plant with a broker, and the machines of the second half of its lines bound to the
    /// demo's edge node (device = machine id, metrics named as line protocol names its fields).
    static func plant(_ plant: PlantConfig, port: Int) -> PlantConfig {
        var p = plant
        p.mqtt = MQTTConfig(host: "127.0.0.1", port: port, clientID: "gemba-demo", hostID: "gemba-demo")
        // And the plant goes out as Gemba's own edge node, for anyone on the broker to read.
        p.mqtt?.publish = SparkplugNode(group: "Gemba", edgeNode: "demo")
        let half = p.lines.count / 2
        for l in half..<p.lines.count {
            for m in p.lines[l].machines.indices {
                p.lines[l].machines[m].sparkplug = SparkplugBinding(node: node, device: p.lines[l].machines[m].id)
            }
        }
        return p
    }

    /// The demo's Sparkplug B edge node: the simulator's lines for its machines become DDATA.
    final class EdgeNode: Sendable {
        private let client: MQTTClient
        private let devices: Set<String>
        private let seq = NIOLockedValueBox<UInt64>(0)
        private let online = NIOLockedValueBox(false)

        init(port: Int, devices: Set<String>) throws {
            self.devices = devices
            let box = NIOLockedValueBox<MQTTClient?>(nil)
            let seq = self.seq
            let online = self.online
            let births: @Sendable () -> Void = {
                guard let client = box.withLockedValue({ $0 }) else { return }
                seq.withLockedValue { s in
                    s = 0
                    client.publish(
                        .init(topic: SparkplugTopic(kind: .nbirth, node: DemoMQTT.node).text, payload: Self.payload(seq: &s, [Self.bdSeq])))
                    for d in devices.sorted() {
                        client.publish(
                            .init(
                                topic: SparkplugTopic(kind: .dbirth, node: DemoMQTT.node, device: d).text, payload: Self.payload(seq: &s, Self.born)))
                    }
                }
                online.withLockedValue { $0 = true }
            }
            var handlers = MQTTClient.Handlers()
            handlers.connected = { ok, _ in
                guard ok, let client = box.withLockedValue({ $0 }) else { return }
                client.subscribe(SparkplugTopic(kind: .ncmd, node: DemoMQTT.node).text)
                births()
            }
            handlers.disconnected = { _ in online.withLockedValue { $0 = false } }
            handlers.message = { _, payload in if SparkplugPayloads.isRebirthRequest(payload) { births() } }
            var config = MQTTConfig(host: "127.0.0.1", port: port, clientID: "gemba-demo-cells", hostID: "gemba-demo-cells")
            config.keepAlive = 5
            var death = SparkplugB_Payload()
            death.metrics = [Self.bdSeq]
            // Encoding a payload we built cannot fail; an empty will would still mark the node dead.
            let will = MQTTClient.Message(
                topic: SparkplugTopic(kind: .ndeath, node: DemoMQTT.node).text, payload: (try? death.serializedBytes()) ?? [])
            client = try MQTTClient(config: config, will: will, handlers: handlers)
            box.withLockedValue { $0 = client }
            try client.start()
        }

        /// What a device's data will carry, declared in its birth as Sparkplug asks (data may
        /// name no metric its birth did not): the simulator's fields, with the data types its
        /// DDATA gives them, null until the first data.
        static let born: [SparkplugB_Payload.Metric] = [
            ("state", SparkplugValue.DataType.string), ("reason", .string), ("count_total", .int64), ("count_reject", .int64),
            ("oil_temp", .double), ("pressure", .double),
        ].map { name, type in
            var m = SparkplugB_Payload.Metric()
            m.name = name
            m.datatype = type.rawValue
            m.isNull = true
            return m
        }

        static var bdSeq: SparkplugB_Payload.Metric {
            var m = SparkplugB_Payload.Metric()
            m.name = "bdSeq"
            m.datatype = SparkplugValue.DataType.int64.rawValue
            m.longValue = 0
            return m
        }

        static func payload(seq: inout UInt64, _ metrics: [SparkplugB_Payload.Metric]) -> [UInt8] {
            var p = SparkplugB_Payload()
            p.timestamp = UInt64(DaemonClock.now() / Nanos.perMillisecond)
            p.seq = seq
            seq = (seq + 1) % 256
            p.metrics = metrics
            // Encoding a payload we built cannot fail; an empty one would be refused by the daemon as malformed.
            return (try? p.serializedBytes()) ?? []
        }

        /// Sends the lines of its machines as DDATA; returns the others. Lines more than a
        /// minute old (the backfill) stay line protocol.
        func divert(_ lines: [String]) -> [String] {
            guard online.withLockedValue({ $0 }) else { return lines }
            var rest: [String] = []
            let recent = DaemonClock.now() - 60 * Nanos.perSecond
            for line in lines {
                guard case .success(let points) = LineProtocolDecoder.decodeAll(Array(line.utf8)), let point = points.first,
                    let device = point.tag("machine"), devices.contains(device), let t = point.timestamp, t >= recent
                else {
                    rest.append(line)
                    continue
                }
                let ms = UInt64(t / Nanos.perMillisecond)
                let metrics = point.fields.map { key, value in
                    let name = point.measurement == "process" ? (point.tag("sensor").map { "\($0).\(key)" } ?? key) : key
                    return SparkplugEdge.metric(name, alias: nil, SparkplugEdge.value(value), at: ms)
                }
                seq.withLockedValue { s in
                    client.publish(
                        .init(topic: SparkplugTopic(kind: .ddata, node: DemoMQTT.node, device: device).text, payload: Self.payload(seq: &s, metrics)))
                }
            }
            return rest
        }

        func stop() { client.stop() }
    }
}
