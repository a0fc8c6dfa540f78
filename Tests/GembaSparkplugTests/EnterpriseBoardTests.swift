import GembaCore
import SwiftProtobuf
import Testing

@testable import GembaSparkplug

/// An enterprise daemon reads the edge nodes plants' own Gembas publish: what one plant's
/// `SparkplugEdge` sends, the board understands, and plants add up by their sums.
struct EnterpriseBoardTests {
    static let t0: Timestamp = 1_780_000_000 * Nanos.perSecond
    static let s = Nanos.perSecond
    static let sites = [
        EnterpriseSite(site: "Plant1", node: SparkplugNode(group: "Gemba", edgeNode: "plant-1")),
        EnterpriseSite(site: "Plant2", node: SparkplugNode(group: "Gemba", edgeNode: "plant-2")),
    ]

    static func machine(_ id: String, _ name: String, line: String, _ state: MachineState, good: Int64, reject: Int64) -> MachineStatus {
        var live = MachineLive(id: id, since: t0 - 60 * s)
        live.state = state
        live.reason = state == .down ? "jam" : nil
        live.shiftTotal = good + reject
        live.shiftReject = reject
        var m = MachineStatus(live: live, config: MachineConfig(id: id, name: name, lineID: line, idealCycleTime: 2))
        m.oee = OEEFigures(availability: 0.9, performance: 0.8, quality: 0.95, oee: 0.684)
        return m
    }

    static func rollup(line: String, name: String, _ sums: OEESums) -> SparkplugEdge.Rollup {
        var r = SparkplugEdge.Rollup(figures: ["Plant": sums.figures, "Lines/\(line)": sums.figures])
        r.sums = ["Plant": sums, "Lines/\(line)": sums]
        r.names = ["Plant": name + " Works", "Lines/\(line)": name]
        return r
    }

    static func sums(busy: Double, run: Double, net: Double, full: Double, total: Int64, good: Int64) -> OEESums {
        var x = OEESums()
        x.plannedBusy = busy
        x.run = run
        x.netProduction = net
        x.fullyProductive = full
        x.total = total
        x.good = good
        return x
    }

    /// Two plants' births reach the board: their lines, machines and sums.
    static func bornBoard() -> (EnterpriseBoard, SparkplugEdge, SparkplugEdge) {
        var board = EnterpriseBoard(sites: sites)
        var one = SparkplugEdge(node: sites[0].node, bdSeq: 7)
        var two = SparkplugEdge(node: sites[1].node, bdSeq: 9)
        let a = sums(busy: 3600, run: 3000, net: 2400, full: 2280, total: 1200, good: 1140)
        let b = sums(busy: 7200, run: 3600, net: 3600, full: 3600, total: 100, good: 100)
        for m in one.births(
            machines: [machine("press-01", "Press 01", line: "L1", .running, good: 1140, reject: 60)], alarms: [],
            rollup: rollup(line: "L1", name: "Stamping", a), at: t0)
        {
            _ = board.receive(topic: m.topic, payload: m.payload, at: t0)
        }
        for m in two.births(
            machines: [machine("weld-01", "Weld 01", line: "W1", .down, good: 100, reject: 0)], alarms: [],
            rollup: rollup(line: "W1", name: "Welding", b), at: t0)
        {
            _ = board.receive(topic: m.topic, payload: m.payload, at: t0)
        }
        return (board, one, two)
    }

    @Test func eachSiteIsASectionOfItsLinesAndMachinesNamedByItsSite() {
        let (board, _, _) = Self.bornBoard()
        #expect(
            board.floorLines == [
                PlantSummary.Line(id: "Plant1/L1", name: "Plant1 · Stamping", machines: ["Plant1/press-01"]),
                PlantSummary.Line(id: "Plant2/W1", name: "Plant2 · Welding", machines: ["Plant2/weld-01"]),
            ])
        let weld = board.status(of: "Plant2/weld-01")
        #expect(weld?.site == "Plant2")
        #expect(weld?.name == "Weld 01")
        #expect(weld?.state == .down)
        #expect(weld?.reason == "jam")
        #expect(weld?.sinceNanos == Self.t0 - 60 * Self.s, "the state's own start, not when the enterprise heard it")
        #expect(board.status(of: "Plant1/press-01")?.shiftTotal == 1200)
        #expect(board.status(of: "Plant1/press-01")?.oee?.oee == 0.684)
    }

    /// Sums, not averages: the enterprise's availability is all run time over all busy time.
    @Test func theEnterpriseAddsTheSitesSums() throws {
        let (board, _, _) = Self.bornBoard()
        let rows = board.oeeRows(enterprise: "Enterprise", convention: .iso)
        #expect(rows.map(\.id) == ["enterprise", "Plant1", "Plant1/L1", "Plant2", "Plant2/W1"])
        let all = try #require(rows[0].current)
        #expect(all.availability == 6600.0 / 10800.0, "(3000 + 3600) / (3600 + 7200), where the average would be 0.667")
        #expect(all.performance == 6000.0 / 6600.0)
        #expect(all.quality == 1240.0 / 1300.0)
        #expect(all.oee == 5880.0 / 10800.0)
        #expect(rows[1].name == "Plant1 (Stamping Works)")
        #expect(rows[1].current?.availability == 3000.0 / 3600.0, "a site's own figure is its plant's")
    }

    /// Data by alias update the machine; a node's death puts its machines offline at once.
    @Test func dataByAliasAndDeathsReachTheFloor() {
        var (board, one, _) = Self.bornBoard()
        let later = Self.t0 + 10 * Self.s
        let data = one.data(
            machines: [Self.machine("press-01", "Press 01", line: "L1", .down, good: 1150, reject: 60)], alarms: nil, at: later)
        var changed: [String] = []
        for m in data { changed += board.receive(topic: m.topic, payload: m.payload, at: later).machines }
        #expect(changed == ["Plant1/press-01"])
        #expect(board.status(of: "Plant1/press-01")?.state == .down)
        #expect(board.status(of: "Plant1/press-01")?.shiftTotal == 1210)
        let death = one.will()
        let out = board.receive(topic: death.topic, payload: death.payload, at: later + Self.s)
        #expect(out.machines == ["Plant1/press-01"])
        #expect(board.status(of: "Plant1/press-01")?.state == .offline)
        #expect(board.status(of: "Plant2/weld-01")?.state == .down, "the other plant is not touched")
    }

    /// A data message whose alias was never born, or one after a lost message, asks for a rebirth.
    @Test func aGapOrAnUnknownAliasAsksForARebirth() throws {
        var (board, one, _) = Self.bornBoard()
        let later = Self.t0 + 10 * Self.s
        _ = one.data(machines: [Self.machine("press-01", "Press 01", line: "L1", .idle, good: 1, reject: 0)], alarms: nil, at: later)
        let lost = one.data(machines: [Self.machine("press-01", "Press 01", line: "L1", .down, good: 2, reject: 0)], alarms: nil, at: later)
        let out = board.receive(topic: lost[0].topic, payload: lost[0].payload, at: later)
        #expect(out.rebirth == Self.sites[0].node)
        #expect(out.refusal?.contains("rebirth requested") == true)
        var stranger = SparkplugB_Payload()
        stranger.seq = 0
        var metric = SparkplugB_Payload.Metric()
        metric.alias = 999
        metric.stringValue = "running"
        stranger.metrics = [metric]
        var fresh = EnterpriseBoard(sites: Self.sites)
        let bytes = try stranger.serializedBytes() as [UInt8]
        let before = fresh.receive(topic: "spBv1.0/Gemba/DDATA/plant-1/press-01", payload: bytes, at: later)
        #expect(before.rebirth == Self.sites[0].node, "data before any birth")
    }

    /// Another group's or node's messages are not the board's.
    @Test func onlyTheNamedSitesAreRead() {
        let board = EnterpriseBoard(sites: Self.sites)
        #expect(board.handles("spBv1.0/Gemba/NBIRTH/plant-1"))
        #expect(board.handles("spBv1.0/Gemba/DDATA/plant-2/weld-01"))
        #expect(!board.handles("spBv1.0/Gemba/NBIRTH/plant-3"))
        #expect(!board.handles("spBv1.0/Other/NBIRTH/plant-1"))
        #expect(!board.handles("spBv1.0/STATE/gemba-enterprise"))
    }
}
