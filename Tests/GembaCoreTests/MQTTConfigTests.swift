import Foundation
import GembaCore
import GembaPlantFile
import Testing

/// Issue 13: the plant file says where the broker is and which machine is which Sparkplug B
/// edge node or device, spelled as the issue spells it; every mistake is named with its place.
struct MQTTConfigTests {
    static let example = """
        plant: Plant 1
        mqtt:
          broker: mqtt://127.0.0.1:1883
          client_id: gemba-plant-1
          host_id: gemba-plant-1
          publish: { group: Gemba, edge_node: plant-1 }
        lines:
          - id: L1
            name: Stamping
            machines:
              - id: press-01
                name: Press 01
                ideal_cycle_time: 2.0
                sparkplug: { group: Plant1, edge_node: Line1, device: Press01 }
                metrics: { state: "Status/State", reason: "Status/Reason", count_total: "Counters/Total", count_reject: "Counters/Reject" }
                state_map: { 1: running, 2: idle, 3: down, 4: setup, 5: starved, 6: blocked, 7: planned_stop }
              - { id: press-02, name: Press 02, ideal_cycle_time: 2.0 }
        """

    func errors(_ yaml: String) -> [ConfigError] {
        do {
            _ = try PlantConfigLoader.load(yaml: yaml, file: "plant.yaml")
            return []
        } catch {
            return error.errors
        }
    }

    /// Tryout: a plant that only publishes raised `mqtt-broker-lost` saying its machines read
    /// over Sparkplug B were not heard; it reads none. The detail says what the loss means here.
    @Test func aLostBrokerSaysWhatItMeansForThisPlant() throws {
        let both = try PlantConfigLoader.load(yaml: Self.example, file: "plant.yaml")
        #expect(
            both.brokerLossConsequences
                == "1 machine read over Sparkplug B is not heard; Gemba/plant-1 is not published (its data waits, up to 10000 messages)")
        let publishOnly = try PlantConfigLoader.load(
            yaml: """
                plant: Plant 1
                mqtt: { broker: "mqtt://127.0.0.1:1883", publish: { group: Gemba, edge_node: plant-1 } }
                lines:
                  - { id: L1, name: Stamping, machines: [{ id: press-01, name: Press 01, ideal_cycle_time: 2.0 }] }
                """, file: "plant.yaml")
        #expect(publishOnly.brokerLossConsequences == "Gemba/plant-1 is not published (its data waits, up to 10000 messages)")
        let enterprise = try PlantConfigLoader.load(
            yaml: """
                plant: Enterprise
                mqtt: { broker: "mqtt://127.0.0.1:1883" }
                enterprise:
                  - { site: Plant1, group: Gemba, edge_node: plant-1 }
                  - { site: Plant2, group: Gemba, edge_node: plant-2 }
                """, file: "enterprise.yaml")
        #expect(enterprise.brokerLossConsequences == "2 enterprise sites are not heard")
    }

    @Test func theIssueExampleLoads() throws {
        let config = try PlantConfigLoader.load(yaml: Self.example, file: "plant.yaml")
        let mqtt = try #require(config.mqtt)
        #expect(mqtt.host == "127.0.0.1")
        #expect(mqtt.port == 1883)
        #expect(mqtt.brokerURL == "mqtt://127.0.0.1:1883")
        #expect(mqtt.clientID == "gemba-plant-1")
        #expect(mqtt.hostID == "gemba-plant-1")
        #expect(mqtt.publish == SparkplugNode(group: "Gemba", edgeNode: "plant-1"))
        #expect(mqtt.tls == nil)
        let b = try #require(config.machines[0].sparkplug)
        #expect(b.path == "Plant1/Line1/Press01")
        #expect(b.stateMetric == "Status/State")
        #expect(b.reasonMetric == "Status/Reason")
        #expect(b.countTotalMetric == "Counters/Total")
        #expect(b.countRejectMetric == "Counters/Reject")
        #expect(b.stateMap[1] == .running)
        #expect(b.stateMap[7] == .plannedStop)
        #expect(b.stateMap.count == 7)
        #expect(config.machines[1].sparkplug == nil)
    }

    @Test func brokerAddressesAreReadOrRefusedWithTheirForm() throws {
        for (text, host, port) in [("mqtt://broker.local", "broker.local", 1883), ("mqtt://[::1]:1884", "::1", 1884)] {
            let yaml = Self.example.replacingOccurrences(of: "mqtt://127.0.0.1:1883", with: text)
            let mqtt = try #require(try PlantConfigLoader.load(yaml: yaml, file: "plant.yaml").mqtt)
            #expect(mqtt.host == host)
            #expect(mqtt.port == port)
        }
        for bad in ["tcp://127.0.0.1:1883", "mqtt://127.0.0.1:0", "mqtt://:1883", "mqtt://127.0.0.1:port"] {
            let e = errors(Self.example.replacingOccurrences(of: "mqtt://127.0.0.1:1883", with: bad))
            #expect(e.count == 1, "\(bad): \(e)")
            #expect(e.first?.line == 3)
            #expect(e.first?.message.contains("is not mqtt://HOST[:PORT] or mqtts://HOST[:PORT]") == true, "\(e)")
        }
        let e = errors(Self.example.replacingOccurrences(of: "mqtt://127.0.0.1:1883", with: "mqtts://127.0.0.1:8883"))
        #expect(e.map(\.message) == ["an mqtts:// broker needs tls: {ca: FILE} (and cert, key for a client certificate)"])
    }

    /// A password in the broker's address would be in the plant file for every reader: refused,
    /// with where it goes instead; a user name and a password file are read.
    @Test func credentialsGoInTheirOwnKeysNotInTheAddress() throws {
        let e = errors(Self.example.replacingOccurrences(of: "mqtt://127.0.0.1:1883", with: "mqtt://gemba:secret@127.0.0.1:1883"))
        #expect(e.count == 1, "\(e)")
        #expect(e.first?.line == 3)
        #expect(e.first?.message.contains("write username: and password_file:") == true, "\(e)")
        let auth = Self.example.replacingOccurrences(
            of: "  host_id: gemba-plant-1\n", with: "  host_id: gemba-plant-1\n  username: gemba\n  password_file: /etc/gemba/mqtt-password\n")
        let mqtt = try #require(try PlantConfigLoader.load(yaml: auth, file: "plant.yaml").mqtt)
        #expect(mqtt.username == "gemba")
        #expect(mqtt.passwordFile == "/etc/gemba/mqtt-password")
        #expect(
            errors(auth.replacingOccurrences(of: "/etc/gemba/mqtt-password", with: "mqtt-password")).map(\.message) == [
                "password_file must be an absolute path"
            ])
        #expect(errors(auth.replacingOccurrences(of: "  username: gemba\n", with: "")).map(\.message) == ["password_file needs username"])
    }

    /// Without host_id the client id is the host id: a client id that cannot be one is named
    /// where it is written, not at a host_id the file does not have.
    @Test func aClientIDThatCannotServeAsHostIDIsNamedAtItsLine() {
        let yaml = Self.example.replacingOccurrences(of: "  client_id: gemba-plant-1\n  host_id: gemba-plant-1\n", with: "  client_id: plant/1\n")
        let e = errors(yaml)
        #expect(e.count == 1, "\(e)")
        #expect(e.first?.line == 4)
        #expect(e.first?.message.contains("give host_id") == true, "\(e)")
    }

    @Test func mistakesInAMachinesBindingAreNamedWithTheirPlace() {
        var e = errors(Self.example.replacingOccurrences(of: "3: down,", with: "3: broken,"))
        #expect(e.count == 1)
        #expect(e.first?.line == 16)
        #expect(e.first?.message.hasPrefix("state_map of machine \"press-01\": \"broken\" is not a state") == true, "\(e)")

        e = errors(Self.example.replacingOccurrences(of: "device: Press01", with: "device: Press/01"))
        #expect(e.first?.message == "device \"Press/01\" may not hold '/', '+' or '#' (it is a level of the topic)")

        // Two machines cannot be one device.
        e = errors(
            Self.example.replacingOccurrences(
                of: "- { id: press-02, name: Press 02, ideal_cycle_time: 2.0 }",
                with: "- { id: press-02, name: Press 02, ideal_cycle_time: 2.0, sparkplug: { group: Plant1, edge_node: Line1, device: Press01 } }"))
        #expect(e.map(\.message) == ["machines \"press-01\" and \"press-02\" are both Sparkplug Plant1/Line1/Press01"])
        #expect(e.first?.line == 17)

        // The session's own metric is not the machine's (the tryout found it taken).
        e = errors(Self.example.replacingOccurrences(of: #"reason: "Status/Reason""#, with: "reason: bdSeq"))
        #expect(e.map(\.message) == ["metrics of machine \"press-01\": \"bdSeq\" is the Sparkplug session's own metric, not the machine's"])

        // Metrics without a device to read them from.
        e = errors(
            Self.example.replacingOccurrences(
                of: "- { id: press-02, name: Press 02, ideal_cycle_time: 2.0 }",
                with: "- { id: press-02, name: Press 02, ideal_cycle_time: 2.0, metrics: { state: S } }"))
        #expect(e.first?.message.hasPrefix("metrics of machine \"press-02\" names Sparkplug metrics") == true, "\(e)")
    }

    @Test func aSparkplugMachineNeedsTheBroker() {
        let noBroker = Self.example.replacingOccurrences(
            of: """
                mqtt:
                  broker: mqtt://127.0.0.1:1883
                  client_id: gemba-plant-1
                  host_id: gemba-plant-1
                  publish: { group: Gemba, edge_node: plant-1 }

                """, with: "")
        let e = errors(noBroker)
        #expect(e.map(\.message) == ["machine \"press-01\" reports over Sparkplug B but the plant file has no mqtt: {broker: ...}"])
        #expect(e.first?.line == 9)
    }
}
