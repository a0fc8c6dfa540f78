import GembaConsole
import GembaCore
import Testing

/// An enterprise daemon's floor as a console draws it: each site's lines as sections, a remote
/// machine's detail naming its site, and a site born later reaching an open console.
struct EnterpriseFloorTests {
    static func remote(_ site: String, _ id: String, _ name: String, line: String, _ state: MachineState) -> MachineStatus {
        var live = MachineLive(id: "\(site)/\(id)", since: Fixtures.now - 95 * Nanos.perSecond)
        live.state = state
        live.reason = state == .down ? "jam" : nil
        live.shiftTotal = 240
        live.shiftReject = 12
        var m = MachineStatus(live: live, config: MachineConfig(id: live.id, name: name, lineID: "\(site)/\(line)", idealCycleTime: 0))
        m.site = site
        return m
    }

    static func app() -> ConsoleApp {
        var app = ConsoleApp(theme: .full)
        app.connected(ServerHello(protocol: 1, server: "gemba test", plant: "Enterprise", user: "alice", uid: 1000))
        var snap = Fixtures.snapshot
        snap.plant = PlantSummary(PlantConfig(plant: "Enterprise", lines: []), now: Fixtures.now)
        snap.plant.lines = [PlantSummary.Line(id: "Plant1/L1", name: "Plant1 · Stamping", machines: ["Plant1/press-01"])]
        snap.machines = [remote("Plant1", "press-01", "Press 01", line: "L1", .down)]
        snap.alarms = nil
        app.received(snap)
        return app
    }

    @Test func eachSiteIsASectionAndARemoteDetailNamesItsSite() {
        var app = Self.app()
        var lines = Fixtures.render(&app).lines
        #expect(lines[1].hasPrefix("Plant1 · Stamping (Plant1/L1)  0/1 running, 1 down"))
        _ = app.handle(.enter)
        app.received(MachineDetail(machine: Self.remote("Plant1", "press-01", "Press 01", line: "L1", .down), shift: nil, intervals: []))
        lines = Fixtures.render(&app).lines
        #expect(lines[2].hasPrefix(" Press 01 (Plant1/press-01)  site Plant1  line Plant1 · Stamping"))
        #expect(lines[4].contains("as site Plant1 publishes it"))
        _ = app.handle(.char("r"))
        #expect(app.model.notice == "Press 01 runs at site Plant1: book its stop reasons on that plant's console")
        #expect(app.model.picker == nil)
    }

    /// Figures no plant can have (a planned busy time of 10^300 s, a performance of 10^290)
    /// are drawn as they come, never trapping the console (10^10 s killed it).
    @Test func hugeFiguresDoNotCrashTheOEEScreen() {
        var app = Self.app()
        var time = OEETime()
        time.plannedBusy = 1e300
        time.production = 1e10
        time.fullyProductive = .infinity
        let result = OEEResult(
            scope: "enterprise", from: "", to: "", convention: .iso, provisional: true, availability: 1e-290, performance: 1e290,
            quality: .nan, oee: -1e300, time: time, counts: OEECounts(total: .max, reject: 0), idealCycleTime: nil, flags: [])
        app.received(
            OEEBoard(
                current: nil, last: nil, convention: .iso,
                rows: [OEEBoardRow(kind: .plant, id: "enterprise", name: "Enterprise", current: result, last: nil, hourly: [1e300, nil], pareto: [])])
        )
        _ = app.handle(.char("o"))
        for size in [(80, 24), (160, 50)] {
            let text = Fixtures.render(&app, width: size.0, height: size.1).text
            #expect(text.contains("Enterprise"))
        }
        _ = app.handle(.enter)
        #expect(Fixtures.render(&app).text.contains("Ledger"))
    }

    @Test func aSiteBornAfterTheConsoleOpenedArrivesWithTheNextDelta() {
        var app = Self.app()
        var delta = FloorDelta(
            shift: nil, serverTime: "", machines: [Self.remote("Plant2", "weld-01", "Weld 01", line: "W1", .running)], telemetry: nil,
            consoles: nil)
        var layout = app.model.plant!
        layout.lines.append(PlantSummary.Line(id: "Plant2/W1", name: "Plant2 · Welding", machines: ["Plant2/weld-01"]))
        delta.plant = layout
        app.received(delta)
        let text = Fixtures.render(&app).text
        #expect(text.contains("Plant2 · Welding (Plant2/W1)  1/1 running"))
        #expect(text.contains("Weld 01"))
    }
}
