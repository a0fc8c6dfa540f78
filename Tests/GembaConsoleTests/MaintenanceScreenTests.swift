import GembaConsole
import GembaCore
import Testing

/// The Maintenance screen a technician opens with `m`: every plan with overdue and due ones
/// standing out, what is left, and `d` recording the selected one done with a comment.
struct MaintenanceScreenTests {
    static func board() -> MaintenanceBoard {
        let now = Fixtures.now
        let hour = 3600 * Nanos.perSecond
        let lube = MaintenancePlan(machine: "press-01", id: "lube", name: "Lubricate the slide", meter: .runningHours(200))
        let die = MaintenancePlan(machine: "press-01", id: "die", name: "Inspect the die", meter: .cycles(50_000))
        let filter = MaintenancePlan(machine: "press-02", id: "filter", name: "Change the oil filter", meter: .days(30))
        return MaintenanceBoard(plans: [
            MaintenanceStatus(plan: lube, reading: MaintenanceMeterReading(since: now - 300 * hour, running: 205 * hour), runningNow: 0, now: now),
            MaintenanceStatus(plan: die, reading: MaintenanceMeterReading(since: now - 100 * hour, cycles: 46_000), runningNow: 0, now: now),
            MaintenanceStatus(
                plan: filter, reading: MaintenanceMeterReading(since: now - 72 * hour, doneBy: "mia", comment: "new filter"), runningNow: 0, now: now),
        ])
    }

    static func app() -> ConsoleApp {
        var app = ConsoleApp(theme: .full)
        app.connected(ServerHello(protocol: 1, server: "gemba test", plant: "Demo Works", user: "mia", uid: 1000))
        app.received(Fixtures.snapshot)
        return app
    }

    @Test func mOpensThePlansWithWhatIsDueAndLeft() {
        var app = Self.app()
        _ = Fixtures.render(&app)
        #expect(app.handle(.char("m")) == [.request(.maintenance(.init()))])
        #expect(app.model.screen == .maintenance)
        #expect(Fixtures.render(&app).lines.contains { $0.contains("reading the maintenance plans") })
        app.received(Self.board())
        let lines = Fixtures.render(&app).lines
        #expect(lines.contains { $0.contains("3 plans: 1 overdue, 1 due") })
        #expect(
            lines.contains { $0.contains("press-01") && $0.contains("lube") && $0.contains("OVERDUE") && $0.contains("overdue by 5 running hours") })
        #expect(lines.contains { $0.contains("die") && $0.contains("DUE") && $0.contains("4000 cycles left") })
        #expect(lines.contains { $0.contains("filter") && $0.contains("OK") && $0.contains("27 days left") })
        // The selected plan's line at the bottom says what is used and since when.
        #expect(lines.contains { $0.contains("press-01 lube: 205 of 200 running hours; counting since") })
    }

    @Test func dRecordsTheSelectedPlanDoneWithAComment() {
        var app = Self.app()
        _ = Fixtures.render(&app)
        _ = app.handle(.char("m"))
        app.received(Self.board())
        _ = app.handle(.down)
        _ = app.handle(.char("d"))
        #expect(app.model.prompt?.label == "Done: press-01 die (46000 of 50000 cycles); comment:")
        for c in "new die" { _ = app.handle(.char(c)) }
        #expect(app.handle(.enter) == [.request(.maintenanceDone(.init(machine: "press-01", plan: "die", comment: "new die")))])
    }

    @Test func withoutTheRoleTheKeyIsGreyedAndTheDaemonDecides() {
        var app = Self.app()
        app.model.permissions = ["view"]
        _ = Fixtures.render(&app)
        _ = app.handle(.char("m"))
        app.received(Self.board())
        let footer = Fixtures.render(&app).lines.last ?? ""
        #expect(footer.contains("done"))
        #expect(!app.model.may(.recordMaintenance))
    }

    @Test func aNarrowTerminalStillShowsStateAndWhatIsLeft() {
        var app = Self.app()
        _ = app.handle(.char("m"))
        app.received(Self.board())
        var grid = Grid(width: 40, height: 10)
        app.render(into: &grid, now: Fixtures.now)
        let lines = grid.lines
        #expect(lines.contains { $0.contains("lube") && $0.contains("OVERDUE") })
    }
}
