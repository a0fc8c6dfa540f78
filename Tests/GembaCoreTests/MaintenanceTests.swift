import Foundation
import GembaCore
import GembaPlantFile
import Testing

/// Maintenance plans: the plant file's spelling and its mistakes, the meters added up from
/// closed intervals and counts (only what came after the plan was done), due and overdue by
/// each meter, and the alarms a change of state raises.
struct MaintenanceTests {
    static let hour = 3600 * Nanos.perSecond
    static let t0: Timestamp = 1_764_072_000 * Nanos.perSecond  // 2025-11-25T12:00:00Z

    static func plant(_ plans: String) -> String {
        """
        plant: Demo Works
        timezone: UTC
        lines:
          - id: L1
            name: Stamping
            machines:
              - id: press-01
                name: Press 01
                ideal_cycle_time: 2.0
                maintenance:
        \(plans.split(separator: "\n").map { "          " + $0 }.joined(separator: "\n"))
        shifts:
          - { name: A, start: "06:00", end: "14:00" }
        """
    }

    func errors(_ yaml: String) -> [String] {
        do {
            _ = try PlantConfigLoader.load(yaml: yaml, file: "plant.yaml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func plansLoadWithTheirAlarmsAndMistakesAreNamed() throws {
        let config = try PlantConfigLoader.load(
            yaml: Self.plant(
                """
                - { id: lube, name: Lubricate the slide, every: { running_hours: 200 }, due_within: 5%, priority: medium }
                - { id: die, every: { cycles: 50000 } }
                - { id: filter, name: Oil filter, every: { days: 30 } }
                """), file: "plant.yaml")
        #expect(config.maintenance.map(\.id) == ["lube", "die", "filter"])
        #expect(config.maintenance[0].meter == .runningHours(200) && config.maintenance[0].dueWithin == 0.05)
        #expect(config.maintenance[1].name == "die" && config.maintenance[1].meter == .cycles(50_000) && config.maintenance[1].dueWithin == 0.1)
        let alarms = config.alarms.filter { $0.id.hasPrefix("maintenance-") }
        #expect(alarms.map(\.id).contains("maintenance-due-press-01-lube") && alarms.map(\.id).contains("maintenance-overdue-press-01-filter"))
        #expect(config.alarms.first { $0.id == "maintenance-overdue-press-01-lube" }?.priority == .high)
        #expect(config.alarms.first { $0.id == "maintenance-due-press-01-die" }?.priority == .low)

        let bad = errors(
            Self.plant(
                """
                - { id: lube, every: { running_hours: -2 } }
                - { id: lube, every: { weeks: 2 } }
                - { id: oil, every: { cycles: 10, days: 3 } }
                - { id: seal, every: { days: 3 }, due_within: 0.1 }
                - { id: belt }
                """))
        #expect(bad.contains { $0.contains("running_hours must be a number of hours above 0") })
        #expect(bad.contains { $0.contains("duplicate maintenance plan \"lube\" of \"press-01\"") })
        #expect(bad.contains { $0.contains("counts running_hours, cycles or days, not \"weeks\"") })
        #expect(bad.contains { $0.contains("every of plan \"oil\" must be one of") })
        #expect(bad.contains { $0.contains("due_within must be a share of the interval from 1% to 99%, such as 10%, not \"0.1\"") })
        #expect(bad.contains { $0.contains("maintenance plan \"belt\" of \"press-01\" has no every") })
        #expect(bad.allSatisfy { $0.contains("plant.yaml:") }, "\(bad)")
        // A last_done ahead of today would switch the plan off for years.
        #expect(
            errors(Self.plant("- { id: lube, every: { days: 3 }, last_done: \"2099-01-01\" }")).first?.contains(
                "last_done \"2099-01-01\" is in the future") == true)
        // Machine press-01 with plan a-b and machine press-01-a with plan b would share alarm ids.
        let clash = Self.plant("- { id: a-b, every: { days: 3 } }").replacingOccurrences(
            of: "shifts:", with: "      - { id: press-01-a, name: A, ideal_cycle_time: 2, maintenance: [{ id: b, every: { days: 3 } }] }\nshifts:")
        #expect(errors(clash).contains { $0.contains("would both raise alarm \"maintenance-due-press-01-a-b\"") }, "\(errors(clash))")
    }

    @Test func metersCountOnlyWhatCameAfterThePlanWasDone() {
        let plans = [
            MaintenancePlan(machine: "press-01", id: "lube", name: "Lube", meter: .runningHours(2)),
            MaintenancePlan(machine: "press-01", id: "die", name: "Die", meter: .cycles(100)),
            MaintenancePlan(machine: "press-02", id: "filter", name: "Filter", meter: .days(1)),
        ]
        var t = MaintenanceTracker(plans: plans, now: Self.t0)
        // Running an hour that started half an hour before the plans were first seen, then idle.
        t.take(
            intervals: [
                StateInterval(machine: "press-01", state: .running, reason: nil, start: Self.t0 - Self.hour / 2, end: Self.t0 + Self.hour / 2),
                StateInterval(machine: "press-01", state: .idle, reason: nil, start: Self.t0 + Self.hour / 2, end: Self.t0 + Self.hour),
                StateInterval(machine: "press-02", state: .running, reason: nil, start: Self.t0, end: Self.t0 + Self.hour),
            ],
            counts: [
                MinuteCount(machine: "press-01", minute: Nanos.minute(Self.t0) - 1, total: 500, reject: 0),
                MinuteCount(machine: "press-01", minute: Nanos.minute(Self.t0) + 1, total: 40, reject: 2),
                MinuteCount(machine: "press-01", minute: Nanos.minute(Self.t0) + 2, total: 52, reject: 0),
            ])
        // Running again since 1 h 30 m, open, its last sample at 2 h: it adds 30 minutes.
        var live = MachineLive(id: "press-01", since: Self.t0 + 3 * Self.hour / 2)
        live.state = .running
        let now = Self.t0 + 2 * Self.hour
        // A feed catching up on its past (its last sample, at 1 h 45 m, arrived at 2 h): the open
        // interval counts up to that sample.
        var behind = live
        behind.lastSeen = Self.t0 + 7 * Self.hour / 4
        behind.lastReceived = now
        #expect(t.statuses(machines: [behind], machine: "press-01", now: now).first?.used == 0.75)
        let s = Dictionary(uniqueKeysWithValues: t.statuses(machines: [live], now: now).map { ($0.plan, $0) })
        #expect(s["lube"]?.used == 1.0 && s["lube"]?.state == .ok && s["lube"]?.remaining == "1 running hour left")
        #expect(s["die"]?.used == 92 && s["die"]?.state == .due)
        #expect(s["filter"]?.remaining == "22 hours left")
        // The alarms: the first look says every plan's state; then only changes.
        let first = t.tick(machines: [live], now: now)
        #expect(first.map(\.plan.id) == ["lube", "die", "filter"] && first.map(\.state) == [.ok, .due, .ok])
        #expect(first[1].detail == "8 cycles left (every 100 cycles)")
        #expect(t.tick(machines: [live], now: now + 1).isEmpty)
        // A day later the filter is overdue; lube, running all along, too.
        let later = t.tick(machines: [live], now: Self.t0 + 25 * Self.hour)
        #expect(later.map(\.plan.id) == ["lube", "filter"] && later.allSatisfy { $0.state == .overdue })
        #expect(later[1].detail == "overdue by 1 hour (every 1 day)")
        // While overdue, the detail follows the meter, at most once a minute.
        #expect(t.tick(machines: [live], now: Self.t0 + 25 * Self.hour + 30 * Nanos.perSecond).isEmpty)
        let moved = t.tick(machines: [live], now: Self.t0 + 26 * Self.hour)
        #expect(moved.map(\.plan.id) == ["lube", "filter"] && moved[1].detail == "overdue by 2 hours (every 1 day)")
        // Done: the meter starts again from then.
        t.restore(machine: "press-01", plan: "lube", MaintenanceMeterReading(since: Self.t0 + 25 * Self.hour, doneBy: "mia"))
        let reset = t.statuses(machines: [live], machine: "press-01", now: Self.t0 + 25 * Self.hour + Self.hour / 4)
        #expect(reset.first?.used == 0.25 && reset.first?.doneBy == "mia")
    }

    @Test func aPlanDoneIsDecidedWithItsAuditRecordOrRefusedByName() throws {
        let config = try PlantConfigLoader.load(yaml: Self.plant("- { id: lube, every: { running_hours: 200 } }"), file: "plant.yaml")
        let actor = Actor(user: "mia", uid: 5001, role: "maintenance")
        let ok = try MaintenanceDecision.done(
            machine: "press-01", plan: "lube", in: config, comment: "greased", used: "190 of 200 running hours (due)", by: actor, at: Self.t0)
        #expect(ok.audit.action == "maintenance_done" && ok.audit.object == "maintenance:press-01/lube" && ok.audit.comment == "greased")
        #expect(throws: Refusal.self) {
            try MaintenanceDecision.done(machine: "press-09", plan: "lube", in: config, comment: nil, used: nil, by: actor, at: Self.t0)
        }
        do {
            _ = try MaintenanceDecision.done(machine: "press-01", plan: "oil", in: config, comment: nil, used: nil, by: actor, at: Self.t0)
            Issue.record("an unknown plan was taken")
        } catch {
            #expect(error.message == "press-01 has no maintenance plan \"oil\" (it has: lube)")
        }
        let long = String(repeating: "x", count: 501)
        #expect(throws: Refusal.self) {
            try MaintenanceDecision.done(machine: "press-01", plan: "lube", in: config, comment: long, used: nil, by: actor, at: Self.t0)
        }
    }
}
