import GembaCore
import Testing

@testable import GembaSparkplug

/// Every message's topic is taken apart before anything else: only Sparkplug B message topics
/// of the shape `spBv1.0/GROUP/TYPE/EDGE_NODE[/DEVICE]` are, with a device exactly for device messages.
struct SparkplugTopicTests {
    @Test func messageTopicsAreTakenApart() throws {
        let d = try #require(SparkplugTopic("spBv1.0/Plant1/DDATA/Line1/Press01"))
        #expect(d.kind == .ddata && d.node.group == "Plant1" && d.node.edgeNode == "Line1" && d.device == "Press01")
        let n = try #require(SparkplugTopic("spBv1.0/Gruppe ä/NBIRTH/Linie 1"))
        #expect(n.kind == .nbirth && n.node.group == "Gruppe ä" && n.node.edgeNode == "Linie 1" && n.device == nil)
        #expect(n.text == "spBv1.0/Gruppe ä/NBIRTH/Linie 1")
    }

    @Test func everythingElseIsNotASparkplugMessage() {
        for topic in [
            "", "spBv1.0", "spBv1.0/STATE/host", "spBv1.0/G/DDATA/N", "spBv1.0/G/NDATA/N/D", "spBv1.0/G/DDATA/N/D/more",
            "spBv1.0//NDATA/N", "spBv1.0/G/NDATA/", "spBv1.0/G/DDATA/N/", "spBv1.1/G/NDATA/N", "spBv1.0/G/ndata/N", "/spBv1.0/G/NDATA/N",
            "spBv1.0/G/NDATA/N/", "plant/press-01",
        ] {
            #expect(SparkplugTopic(topic) == nil, "\(topic)")
        }
    }
}
