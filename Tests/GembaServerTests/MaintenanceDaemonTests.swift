import Foundation
import GembaCore
import GembaServer
import GembaTesting
import Testing

/// Maintenance plans in the daemon: running hours and cycles counted as the machine runs,
/// due and overdue plans raising their alarms, a plan done by the maintenance role (audited,
/// refused to an operator) starting its meter again, and the meters surviving a restart.
@Suite(.serialized)
struct MaintenanceDaemonTests {
    static let minute0: Int64 = 29_400_000  // 2025-11-24T16:00:00Z in minutes
    static func at(minute m: Int64, second s: Int64 = 0) -> Timestamp { Nanos.start(ofMinute: minute0 + m) + s * Nanos.perSecond }

    /// press-01 with a plan every running hour (due in its last half) and one every 100 cycles.
    static let plant = """
        plant: Maintenance Works
        timezone: UTC
        comm_loss_timeout: 1h
        lines:
          - id: L1
            name: Stamping
            machines:
              - id: press-01
                name: Press 01
                ideal_cycle_time: 2.0
                maintenance:
                  - { id: lube, name: Lubricate the slide, every: { running_hours: 1 }, due_within: 50% }
                  - { id: die, name: Inspect the die, every: { cycles: 100 } }
        shifts:
          - { name: A, start: "00:00", end: "12:00" }
          - { name: B, start: "12:00", end: "00:00" }
        """

    static func board(_ h: DaemonHarness) throws -> [String: MaintenanceStatus] {
        let b = try JSONDecoder().decode(
            Reply<MaintenanceBoard>.self, from: Data(h.request(Requests.Maintenance(machine: "press-01"), as: .daemon).line.utf8)
        ).result
        return Dictionary(uniqueKeysWithValues: b.plans.map { ($0.plan, $0) })
    }

    static func alarms(_ h: DaemonHarness) throws -> [String: AlarmStatus] {
        let b = try JSONDecoder().decode(Reply<AlarmBoard>.self, from: Data(h.request(Requests.Alarms(), as: .daemon).line.utf8)).result
        return Dictionary(uniqueKeysWithValues: b.alarms.map { ($0.definition, $0) })
    }

    static func wait(_ what: String, _ ok: () throws -> Bool) throws {
        let deadline = Date().addingTimeInterval(5)
        while try !ok() {
            guard Date() < deadline else {
                Issue.record("timed out waiting for \(what)")
                return
            }
            Thread.sleep(forTimeInterval: 0.03)
        }
    }

    @Test func runningHoursAndCyclesComeDueAreDoneAndSurviveARestart() throws {
        let clock = ScriptedClock(at: Self.at(minute: 0))
        var folder = ""
        do {
            let h = try DaemonHarness(plant: Self.plant, clock: clock.now)
            folder = h.handOver()
            #expect(try Self.board(h)["lube"]?.state == .ok)
            // Running 40 minutes, then idle; 95 parts counted by the minute (one connection:
            // lines on separate ones may arrive in any order).
            clock.set(Self.at(minute: 40))
            try h.send(
                ["machine,machine=press-01 state=\"running\",count_total=0i \(Self.at(minute: 0))"]
                    + (1...19).map { k in "machine,machine=press-01 count_total=\(5 * k)i \(Self.at(minute: Int64(2 * k)))" }
                    + ["machine,machine=press-01 state=\"idle\" \(Self.at(minute: 40))"])
            clock.set(Self.at(minute: 41))
            try Self.wait("the plans to come due") { try h.status().machines.first { $0.id == "press-01" }?.state == .idle }
            let plans = try Self.board(h)
            // 40 running minutes of 60 (due past 30); 95 cycles of 100 (due past 90).
            #expect(abs((plans["lube"]?.used ?? 0) - 40.0 / 60) < 1e-9)
            #expect(plans["lube"]?.state == .due && plans["lube"]?.remaining == "20 running minutes left")
            #expect(plans["die"]?.used == 95 && plans["die"]?.remaining == "5 cycles left")
            try Self.wait("the due alarms") { try Self.alarms(h)["maintenance-due-press-01-lube"]?.active == true }
            let due = try Self.alarms(h)["maintenance-due-press-01-lube"]
            #expect(due?.priority == .low && due?.message == "Maintenance due: Lubricate the slide")
            #expect(due?.detail == "20 running minutes left (every 1 running hour)")
            // Running again past the hour: overdue, the due alarm giving way to the overdue one (one step higher).
            try h.send(["machine,machine=press-01 state=\"running\" \(Self.at(minute: 41))"])
            try Self.wait("running again") { try h.status().machines.first { $0.id == "press-01" }?.state == .running }
            clock.set(Self.at(minute: 65))
            try Self.wait("the overdue alarm") { try Self.alarms(h)["maintenance-overdue-press-01-lube"]?.active == true }
            let a = try Self.alarms(h)
            #expect(a["maintenance-overdue-press-01-lube"]?.priority == .medium)
            #expect(a["maintenance-due-press-01-lube"]?.active == false)
            #expect(try Self.board(h)["lube"]?.remaining == "overdue by 4 running minutes")

            // An operator may not record it done; the refusal is audited.
            let refused = h.request(Requests.MaintenanceDone(machine: "press-01", plan: "lube"), as: Identity.person("otto", [.lineOperator]))
            #expect(!refused.ok && refused.line.contains("forbidden"), "\(refused.line)")
            let unknown = h.request(Requests.MaintenanceDone(machine: "press-01", plan: "oil"), as: Identity.person("mia", [.maintenance]))
            #expect(!unknown.ok && unknown.line.contains("it has: lube, die"), "\(unknown.line)")
            // The maintenance technician does it.
            let done = h.request(
                Requests.MaintenanceDone(machine: "press-01", plan: "lube", comment: "greased, 2 shots"), as: Identity.person("mia", [.maintenance]))
            #expect(done.ok, "\(done.line)")
            let r = try JSONDecoder().decode(Reply<MaintenanceDoneResult>.self, from: Data(done.line.utf8)).result
            #expect(r.before.state == .overdue && r.before.usage == "1.1 of 1 running hours")
            #expect(r.after.state == .ok && r.after.used == 0 && r.after.doneBy == "mia" && r.after.comment == "greased, 2 shots")
            try Self.wait("the overdue alarm to clear") { try Self.alarms(h)["maintenance-overdue-press-01-lube"]?.active == false }
            let audit = try JSONDecoder().decode(
                Reply<AuditList>.self, from: Data(h.request(Requests.AuditQuery(object: "maintenance:press-01/lube"), as: .daemon).line.utf8)
            ).result
            #expect(audit.records.map(\.outcome).contains { $0.hasPrefix("refused") })
            let record = audit.records.first { $0.user == "mia" }
            #expect(record?.action == "maintenance_done" && record?.comment == "greased, 2 shots")
            clock.set(Self.at(minute: 70))
        }
        // After a restart: the lube plan counts from when it was done (5 running minutes
        // since, in the interval still open at the stop); the die plan still has its 95 cycles.
        clock.set(Self.at(minute: 71))
        let h2 = try DaemonHarness(folder: folder, plant: Self.plant, clock: clock.now)
        let plans = try Self.board(h2)
        #expect(plans["lube"]?.doneBy == "mia" && plans["lube"]?.since == ISOTime.format(Self.at(minute: 65)))
        #expect(plans["die"]?.used == 95 && plans["die"]?.state == .due)
        #expect((plans["lube"]?.used ?? 1) < 0.2, "\(plans["lube"]?.used ?? -1)")
    }
}
