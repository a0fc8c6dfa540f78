import Foundation
import GembaCore
import GembaMQTT
import GembaServer
import GembaSparkplug
import NIOConcurrencyHelpers
import SwiftProtobuf

/// `gemba demo --mqtt`: a mosquitto broker of the demo's own, and half of the demo plant's
/// lines fed over Sparkplug B by an edge node (group `Demo`, edge node `cells`, one device per
/// machine) instead of line protocol.
enum DemoMQTT {
    /// The broker: mosquitto from the PATH (or /usr/sbin), on a free loopback port.
    final class Broker {
        let port: Int
        private let process: Process
        private let folder: String

        /// `folder` must exist; the demo makes its own when given none.
        init(folder: String) throws {
            let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init) + ["/usr/sbin", "/usr/local/sbin"]
            guard let binary = dirs.map({ $0 + "/mosquitto" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
                throw CommandFailure("gemba demo --mqtt needs the mosquitto broker, which is not installed: apt-get install mosquitto")
            }
            self.folder = folder
            port = Self.freePort()
            let config = folder + "/mosquitto.conf"
            try "listener \(port) 127.0.0.1\nallow_anonymous true\n".write(toFile: config, atomically: true, encoding: .utf8)
            process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["-c", config]
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            FileManager.default.createFile(atPath: folder + "/mosquitto.log", contents: nil)
            process.standardError = FileHandle(forWritingAtPath: folder + "/mosquitto.log")
            try process.run()
            let deadline = Date().addingTimeInterval(5)
            while !Self.accepts(port) {
                guard Date() < deadline, process.isRunning else {
                    throw CommandFailure("mosquitto did not start on 127.0.0.1:\(port); see \(folder)/mosquitto.log")
                }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }

        func stop() {
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
            try? FileManager.default.removeItem(atPath: folder)  // only the broker's config and log: litter if left
        }

        static func freePort() -> Int {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            var len = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
            _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
            return Int(UInt16(bigEndian: addr.sin_port))
        }

        static func accepts(_ port: Int) -> Bool {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr("127.0.0.1")
            addr.sin_port = UInt16(port).bigEndian
            return withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            } == 0
        }
    }

    static let node = SparkplugNode(group: "Demo", edgeNode: "cells")

    /// The plant with a broker, and the machines of the second half of its lines bound to the
    /// demo's edge node (device = machine id, metrics named as line protocol names its fields).
    static func plant(_ plant: PlantConfig, port: Int) -> PlantConfig {
        var p = plant
        p.mqtt = MQTTConfig(host: "127.0.0.1", port: port, clientID: "gemba-demo", hostID: "gemba-demo")
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
                            .init(topic: SparkplugTopic(kind: .dbirth, node: DemoMQTT.node, device: d).text, payload: Self.payload(seq: &s, [])))
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
            let will = MQTTClient.Message(
                topic: SparkplugTopic(kind: .ndeath, node: DemoMQTT.node).text, payload: (try? death.serializedBytes()) ?? [])
            client = try MQTTClient(config: config, will: will, handlers: handlers)
            box.withLockedValue { $0 = client }
            try client.start()
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
                var metrics: [SparkplugB_Payload.Metric] = []
                for (key, value) in point.fields {
                    var m = SparkplugB_Payload.Metric()
                    m.name = point.measurement == "process" ? (point.tag("sensor").map { "\($0).\(key)" } ?? key) : key
                    m.timestamp = ms
                    switch value {
                    case .string(let s):
                        m.datatype = SparkplugValue.DataType.string.rawValue
                        m.stringValue = s
                    case .int(let v):
                        m.datatype = SparkplugValue.DataType.int64.rawValue
                        m.longValue = UInt64(bitPattern: v)
                    case .uint(let v):
                        m.datatype = SparkplugValue.DataType.uInt64.rawValue
                        m.longValue = v
                    case .float(let v):
                        m.datatype = SparkplugValue.DataType.double.rawValue
                        m.doubleValue = v
                    case .bool(let v):
                        m.datatype = SparkplugValue.DataType.boolean.rawValue
                        m.booleanValue = v
                    }
                    metrics.append(m)
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
