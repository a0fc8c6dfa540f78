import GembaCore
import GembaPlantFile
import Testing

/// An enterprise daemon's plant file names the other plants' edge nodes (`enterprise:`), spelled
/// as issue 13 spells it; it needs no lines of its own, and every mistake is named at its line.
struct EnterpriseConfigTests {
    static let example = """
        plant: Enterprise
        mqtt:
          broker: mqtt://127.0.0.1:1883
          client_id: gemba-enterprise
        enterprise:
          - { site: Plant1, group: Gemba, edge_node: plant-1 }
          - { site: Plant2, group: Gemba, edge_node: plant-2 }
        """

    func errors(_ yaml: String) -> [ConfigError] {
        do {
            _ = try PlantConfigLoader.load(yaml: yaml, file: "enterprise.yaml")
            return []
        } catch {
            return error.errors
        }
    }

    @Test func theIssueExampleLoadsWithoutLines() throws {
        let plant = try PlantConfigLoader.load(yaml: Self.example, file: "enterprise.yaml")
        #expect(plant.lines.isEmpty)
        #expect(
            plant.enterprise == [
                EnterpriseSite(site: "Plant1", node: SparkplugNode(group: "Gemba", edgeNode: "plant-1")),
                EnterpriseSite(site: "Plant2", node: SparkplugNode(group: "Gemba", edgeNode: "plant-2")),
            ])
    }

    @Test func mistakesAreNamedAtTheirLine() {
        let twice = Self.example + "\n  - { site: Plant1, group: Gemba, edge_node: plant-9 }"
        #expect(errors(twice).map(\.message) == ["duplicate site \"Plant1\" (first at line 6)"])
        #expect(errors(twice).first?.line == 8)
        let sameNode = Self.example + "\n  - { site: Plant3, group: Gemba, edge_node: plant-2 }"
        #expect(errors(sameNode).map(\.message) == ["the edge node Gemba/plant-2 is named twice (first at line 7)"])
        let wildcard = Self.example.replacing("edge_node: plant-2", with: "edge_node: plant/#")
        #expect(errors(wildcard).map(\.message) == ["edge_node \"plant/#\" may not hold '/', '+' or '#'"])
        let missing = Self.example.replacing("group: Gemba, edge_node: plant-2", with: "group: Gemba")
        #expect(errors(missing).first?.message.contains("edge_node") == true)
        #expect(errors(missing).first?.line == 7)
        let noBroker = "plant: Enterprise\nenterprise:\n  - { site: Plant1, group: Gemba, edge_node: plant-1 }\n"
        #expect(errors(noBroker).map(\.message).contains { $0.hasPrefix("\"enterprise\" reads the sites from the broker") })
        let notAList = "plant: Enterprise\nmqtt: { broker: mqtt://127.0.0.1 }\nenterprise: Plant1\n"
        #expect(errors(notAList).first?.line == 3)
    }

    @Test func idsNoEdgeNodeCanPublishUnderAreRefused() {
        let control = Self.example.replacing("edge_node: plant-2", with: "edge_node: \"plant\\u0000two\"")
        #expect(errors(control).map(\.message) == ["edge_node holds a control character; no edge node can publish under it"])
        let long = Self.example.replacing("edge_node: plant-2", with: "edge_node: " + String(repeating: "n", count: 300))
        #expect(errors(long).map(\.message) == ["edge_node is 300 bytes long; Gemba takes Sparkplug ids up to 256 bytes"])
        let bound =
            Self.example + """

                lines:
                  - id: L1
                    name: Stamping
                    machines:
                      - { id: press-01, name: Press 01, ideal_cycle_time: 2.0, sparkplug: { group: Gemba, edge_node: plant-1, device: press-01 } }
                """
        #expect(errors(bound).map(\.message).contains("machine \"press-01\" is bound to Gemba/plant-1, which enterprise: names as a site"))
    }

    @Test func aPlantWithoutEnterpriseStillNeedsLines() {
        #expect(errors("plant: P\n").map(\.message) == ["missing key \"lines\": a plant needs at least one line with machines"])
    }
}
