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
        var r = SparkplugEdge.Rollup(figures: ["Plant": nil, "Lines/\(line)": nil])
        r.sums = ["Plant": sums, "Lines/\(line)": sums]
        r.names = ["Plant": name + " Works", "Lines/\(line)": name]
        return r
    }

    static func sums(busy: Double, run: Double, net: Double, full: Double, total: Int64, good: Int64) -> OEESums {
        var x = OEESums()
        x.time.plannedBusy = busy
        x.time.production = run
        x.time.netProduction = net
        x.time.fullyProductive = full
        x.time.microStops = 600
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
        #expect(rows[1].current?.time.microStops == 600, "the whole ledger, for the losses panel")
        let nakajima = board.oeeRows(enterprise: "Enterprise", convention: .nakajima)
        #expect(nakajima[1].current?.availability == 3600.0 / 3600.0, "Nakajima counts micro-stops as running time")
        #expect(nakajima[1].current?.convention == .nakajima)
    }

    /// A sum no plant can have is refused and the last good one kept: a console must never be
    /// handed a figure it cannot draw (a planned busy time of 10^10 s crashed it).
    @Test func impossibleSumsAreRefused() throws {
        var (board, one, _) = Self.bornBoard()
        var bad = Self.sums(busy: 1e10, run: 3000, net: 2400, full: 2280, total: 1200, good: 1140)
        let later = Self.t0 + Self.s
        for m in one.data(machines: [], alarms: nil, rollup: Self.rollup(line: "L1", name: "Stamping", bad), at: later) {
            let out = board.receive(topic: m.topic, payload: m.payload, at: later)
            #expect(out.refusal?.contains("is not a time a plant can have") == true)
        }
        #expect(board.sites[0].plantSums?.time.plannedBusy == 3600, "the last good one")
        bad = Self.sums(busy: 3600, run: 3000, net: 2400, full: 2280, total: -5, good: 1140)
        for m in one.data(machines: [], alarms: nil, rollup: Self.rollup(line: "L1", name: "Stamping", bad), at: later + Self.s) {
            #expect(board.receive(topic: m.topic, payload: m.payload, at: later + Self.s).refusal?.contains("is not a count of units") == true)
        }
        #expect(board.sites[0].plantSums?.total == 1200)
    }

    /// A dead site keeps its last figures, marked, and leaves the enterprise's sum.
    @Test func aDeadSiteIsMarkedAndLeavesTheSum() throws {
        var (board, one, _) = Self.bornBoard()
        let death = one.will()
        _ = board.receive(topic: death.topic, payload: death.payload, at: Self.t0 + Self.s)
        let rows = board.oeeRows(enterprise: "Enterprise", convention: .iso)
        #expect(rows[0].name == "Enterprise (1 of 2 sites)")
        #expect(rows[0].current?.time.plannedBusy == 7200, "Plant2 alone")
        #expect(rows[1].name == "Plant1 (Stamping Works) OFFLINE")
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

    /// After a gap the board keeps asking (every rebirth interval) until the node is born
    /// again: one request may be lost, and until the birth what it holds may be wrong.
    @Test func afterAGapEveryMessageAsksAgainUntilTheBirth() throws {
        var (board, one, _) = Self.bornBoard()
        let later = Self.t0 + 10 * Self.s
        func press(_ state: MachineState, at t: Timestamp) -> [SparkplugEdge.Message] {
            one.data(machines: [Self.machine("press-01", "Press 01", line: "L1", state, good: 1, reject: 0)], alarms: nil, at: t)
        }
        _ = press(.idle, at: later)  // lost
        let first = try #require(press(.down, at: later).first)
        #expect(board.receive(topic: first.topic, payload: first.payload, at: later).rebirth != nil)
        let next = try #require(press(.running, at: later + Self.s).first)
        #expect(board.receive(topic: next.topic, payload: next.payload, at: later + Self.s).rebirth == nil, "not again within 5 s")
        let after = try #require(press(.idle, at: later + 6 * Self.s).first)
        #expect(board.receive(topic: after.topic, payload: after.payload, at: later + 6 * Self.s).rebirth != nil, "in order, but still stale")
        for m in one.births(
            machines: [Self.machine("press-01", "Press 01", line: "L1", .idle, good: 1, reject: 0)], alarms: [], at: later + 7 * Self.s)
        {
            _ = board.receive(topic: m.topic, payload: m.payload, at: later + 7 * Self.s)
        }
        let fresh = try #require(press(.down, at: later + 20 * Self.s).first)
        #expect(board.receive(topic: fresh.topic, payload: fresh.payload, at: later + 20 * Self.s).rebirth == nil, "born again: trusted")
    }

    /// Another group's or node's messages are not the board's.
    @Test func onlyTheNamedSitesAreRead() {
        let board = EnterpriseBoard(sites: Self.sites)
        #expect(board.handles("spBv1.0/Gemba/NBIRTH/plant-1"))
        #expect(board.handles("spBv1.0/Gemba/DDATA/plant-2/weld-01"))
        #expect(!board.handles("spBv1.0/Gemba/NBIRTH/plant-3"))
        #expect(!board.handles("spBv1.0/Other/NBIRTH/plant-1"))
        #expect(!board.handles("spBv1.0/STATE/gemba-enterprise"))
        #expect(!board.handles("spBv1.0/Gemba/NCMD/plant-1"), "commands are for the node, not news of it")
    }
}
