import GembaConsole
import GembaCore

/// A small floor for view tests: two lines, five machines, fixed times.
enum Fixtures {
    static let now: Timestamp = 1_764_072_000 * Nanos.perSecond  // 2025-11-25T12:00:00Z

    static func machine(
        _ id: String, _ name: String, line: String, _ state: MachineState, reason: String? = nil, sinceSeconds: Int64,
        total: Int64 = 1042, reject: Int64 = 3
    ) -> MachineStatus {
        var live = MachineLive(id: id, since: now - sinceSeconds * Nanos.perSecond)
        live.state = state
        live.reason = reason
        live.lastSeen = now
        live.countTotal = 50_000 + total
        live.countReject = 100 + reject
        live.shiftTotal = total
        live.shiftReject = reject
        return MachineStatus(live: live, config: MachineConfig(id: id, name: name, lineID: line, idealCycleTime: 2))
    }

    static var snapshot: FloorSnapshot {
        let plant = PlantConfig(
            plant: "Demo Works",
            lines: [
                LineConfig(
                    id: "L1", name: "Stamping",
                    machines: [
                        MachineConfig(id: "press-01", name: "Press 01", lineID: "L1", idealCycleTime: 2),
                        MachineConfig(id: "press-02", name: "Press 02", lineID: "L1", idealCycleTime: 2),
                        MachineConfig(id: "press-03", name: "Press 03", lineID: "L1", idealCycleTime: 2),
                    ]),
                LineConfig(
                    id: "L2", name: "Welding",
                    machines: [
                        MachineConfig(id: "weld-01", name: "Weld Cell 01", lineID: "L2", idealCycleTime: 6),
                        MachineConfig(id: "weld-02", name: "Weld Cell 02", lineID: "L2", idealCycleTime: 6),
                    ]),
            ])
        let shift = ShiftInstance(
            name: "A", date: "2025-11-25", start: now - 6 * 3600 * Nanos.perSecond, end: now + 2 * 3600 * Nanos.perSecond, breaks: [])
        return FloorSnapshot(
            plant: PlantSummary(plant, now: now), shift: ShiftSummary(shift), serverTime: ISOTime.format(now),
            machines: [
                machine("press-01", "Press 01", line: "L1", .running, sinceSeconds: 723),
                machine("press-02", "Press 02", line: "L1", .down, reason: "jam", sinceSeconds: 95, total: 12, reject: 0),
                machine("press-03", "Press 03", line: "L1", .setup, reason: "changeover", sinceSeconds: 3700),
                machine("weld-01", "Weld Cell 01", line: "L2", .offline, sinceSeconds: 45),
                machine("weld-02", "Weld Cell 02", line: "L2", .plannedStop, reason: "cleaning", sinceSeconds: 5),
            ],
            telemetry: TelemetryStats(), consoles: [])
    }

    static func app(theme: Theme = .full) -> ConsoleApp {
        var app = ConsoleApp(theme: theme)
        app.connected(ServerHello(protocol: 1, server: "gemba test", plant: "Demo Works", user: "alice", uid: 1000))
        app.received(snapshot)
        return app
    }

    static func render(_ app: inout ConsoleApp, width: Int = 80, height: Int = 24) -> Grid {
        var grid = Grid(width: width, height: height)
        app.resize(width: width, height: height)
        app.render(into: &grid, now: now)
        return grid
    }
}
