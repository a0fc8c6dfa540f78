import GembaCore
import SwiftProtobuf
import Testing

@testable import GembaSparkplug

/// Gemba as an edge node: what it publishes, and what it holds while the broker is away.
struct SparkplugEdgeTests {
    static let t0: Timestamp = 1_780_000_000 * Nanos.perSecond
    static let node = SparkplugNode(group: "Gemba", edgeNode: "plant-1")

    static func machine(_ id: String, _ state: MachineState, at t: Timestamp) -> MachineStatus {
        var live = MachineLive(id: id, since: t)
        live.state = state
        return MachineStatus(live: live, config: MachineConfig(id: id, name: id, lineID: "L1", idealCycleTime: 2))
    }

    static func decode(_ m: SparkplugEdge.Message) throws -> SparkplugB_Payload { try SparkplugB_Payload(serializedBytes: m.payload) }

    static func rollup(_ oee: Double?) -> SparkplugEdge.Rollup {
        let f = oee.map { OEEFigures(availability: 1, performance: $0, quality: 1, oee: $0) }
        return SparkplugEdge.Rollup(figures: ["Plant": f, "Lines/L1": f])
    }

    /// Lines and the plant are node metrics, born with the node and sent as NDATA when they move.
    @Test func lineAndPlantOEEAreNodeMetrics() throws {
        var edge = SparkplugEdge(node: Self.node, bdSeq: 3)
        let births = edge.births(machines: [Self.machine("press-01", .running, at: Self.t0)], alarms: [], rollup: Self.rollup(nil), at: Self.t0)
        let nbirth = try Self.decode(births[0])
        let names = Set(nbirth.metrics.map(\.name))
        for n in ["Plant/OEE/OEE", "Plant/OEE/Availability", "Plant/OEE/Performance", "Plant/OEE/Quality", "Lines/L1/OEE/OEE"] {
            #expect(names.contains(n), "\(n) is born with the node")
        }
        #expect(nbirth.metrics.first { $0.name == "Plant/OEE/OEE" }?.isNull == true, "no shift yet: null, never 0")
        let data = edge.data(machines: [], alarms: nil, rollup: Self.rollup(0.5), at: Self.t0 + Nanos.perSecond)
        #expect(data.map(\.topic) == ["spBv1.0/Gemba/NDATA/plant-1"])
        let alias = try #require(nbirth.metrics.first { $0.name == "Plant/OEE/OEE" }).alias
        #expect(try Self.decode(data[0]).metrics.first { $0.alias == alias }?.doubleValue == 0.5)
        #expect(edge.data(machines: [], alarms: nil, rollup: Self.rollup(0.5), at: Self.t0 + 2 * Nanos.perSecond).isEmpty, "nothing moved")
    }

    /// Sparkplug 3.0: an alias is unique across the whole edge node, and every metric of a birth
    /// has one (bdSeq and Node Control/Rebirth included).
    @Test func aliasesAreUniqueAcrossTheNode() throws {
        var edge = SparkplugEdge(node: Self.node, bdSeq: 3)
        let machines = ["press-01", "press-02", "weld-01"].map { Self.machine($0, .running, at: Self.t0) }
        let births = try edge.births(machines: machines, alarms: [], rollup: Self.rollup(0.5), at: Self.t0).map(Self.decode)
        let metrics = births.flatMap(\.metrics)
        #expect(metrics.allSatisfy { $0.hasAlias }, "every metric of a birth has an alias")
        #expect(Set(metrics.map(\.alias)).count == metrics.count, "no alias twice in the node's births")
    }

    /// Each connection is a session of its own: the will and the births that follow take the next bdSeq.
    @Test func eachConnectionTakesTheNextBdSeq() throws {
        var edge = SparkplugEdge(node: Self.node, bdSeq: 255)
        func bdSeq(_ m: SparkplugEdge.Message) throws -> UInt64? { try Self.decode(m).metrics.first { $0.name == "bdSeq" }?.longValue }
        #expect(try bdSeq(edge.will()) == 255)
        #expect(try bdSeq(edge.births(machines: [], alarms: [], at: Self.t0)[0]) == 255)
        edge.nextConnection()
        #expect(try bdSeq(edge.will()) == 0, "wraps at 256")
        #expect(try bdSeq(edge.births(machines: [], alarms: [], at: Self.t0)[0]) == 0, "the births match the will")
    }

    /// While the broker is away the changes are held, the oldest dropped beyond the limit and
    /// counted; after the next births they go out flagged historical, at the time they changed.
    @Test func changesWhileTheBrokerIsAwayGoOutHistoricalAfterTheBirths() throws {
        var edge = SparkplugEdge(node: Self.node, bdSeq: 3, holdLimit: 2)
        let first = edge.births(machines: [Self.machine("press-01", .running, at: Self.t0)], alarms: [], at: Self.t0)
        let stateAlias = try #require(try Self.decode(first[1]).metrics.first { $0.name == "State" }).alias
        var t = Self.t0
        for state in [MachineState.down, .idle, .setup] {
            t += Nanos.perSecond
            #expect(edge.data(machines: [Self.machine("press-01", state, at: t)], alarms: nil, at: t, holding: true).isEmpty)
        }
        #expect(edge.queued == 2)
        #expect(edge.dropped == 1, "the oldest (down) was dropped")
        t += Nanos.perSecond
        let out = edge.births(machines: [Self.machine("press-01", .running, at: t)], alarms: [], at: t)
        #expect(
            out.map(\.topic) == [
                "spBv1.0/Gemba/NBIRTH/plant-1", "spBv1.0/Gemba/DBIRTH/plant-1/press-01", "spBv1.0/Gemba/DDATA/plant-1/press-01",
                "spBv1.0/Gemba/DDATA/plant-1/press-01",
            ])
        #expect(try Self.decode(out[1]).metrics.first { $0.name == "State" }?.stringValue == "running", "the birth carries the floor as it is")
        let held = try out[2...].map(Self.decode)
        #expect(held.map { $0.metrics.first { $0.alias == stateAlias }?.stringValue } == ["idle", "setup"])
        #expect(held.allSatisfy { $0.metrics.allSatisfy(\.isHistorical) })
        let ms = UInt64(Self.t0 / Nanos.perMillisecond)
        #expect(held.map { $0.metrics.first { $0.alias == stateAlias }?.timestamp } == [ms + 2_000, ms + 3_000])
        #expect(held.map(\.seq) == [2, 3], "sequence numbers go on from the births")
        #expect(edge.queued == 0)
    }

    /// A data message the broker refused is held like one made while it was away.
    @Test func aRefusedMessageIsHeldForLater() throws {
        var edge = SparkplugEdge(node: Self.node, bdSeq: 3)
        _ = edge.births(machines: [Self.machine("press-01", .running, at: Self.t0)], alarms: [], at: Self.t0)
        let t = Self.t0 + Nanos.perSecond
        let data = edge.data(machines: [Self.machine("press-01", .down, at: t)], alarms: nil, at: t)
        #expect(data.count == 1)
        edge.hold(data[0])
        #expect(edge.queued == 1)
        let out = edge.births(machines: [Self.machine("press-01", .down, at: t)], alarms: [], at: t + Nanos.perSecond)
        #expect(try out.last.map(Self.decode)?.metrics.allSatisfy(\.isHistorical) == true)
    }
}
