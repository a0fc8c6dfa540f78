import Foundation
import GembaCore
import GembaPlantFile
import Testing

/// Issue 10 §2 in the core: the alarm engine has no refusal to drop, a person's alarm action
/// that the live engine no longer takes leaves no stale record behind, and a JSON order file
/// that does not parse says where.
struct NoSwallowedFailureCoreTests {
    static let t0: Timestamp = 1_795_478_400 * Nanos.perSecond
    let s = Nanos.perSecond

    func hotAlarm() -> AlarmDefinition {
        var d = AlarmDefinition(
            id: "hot", machine: "m1", condition: .limit(value: "oil_temp", kind: .hi, limit: 80, deadband: 2), priority: .high,
            message: "hot", latching: false, onDelay: 0, offDelay: 0)
        d.suppressWhen = [.plannedStop]
        return d
    }

    func machine(_ state: MachineState, since: Timestamp) -> MachineLive {
        var m = MachineLive(id: "m1", since: since)
        m.state = state
        m.lastSeen = since
        return m
    }

    /// Every event the engine causes itself, from every state, goes through the lifecycle's
    /// path that cannot throw, and gives what the general path gives.
    @Test func theEnginesOwnEventsAreNeverRefused() throws {
        let engineEvents: [AlarmEngineEvent] = [.conditionActive, .conditionCleared, .shelveExpired, .suppress, .unsuppress]
        for state in AlarmState.allCases {
            for active in [false, true] {
                for oneShot in [false, true] {
                    var r = AlarmRecord(definition: "a", since: 0)
                    r.state = state
                    r.active = active
                    r.acknowledged = state == .normal || state == .acknowledged
                    r.occurrence = 7
                    if state == .shelved && !oneShot { r.shelvedUntil = 1_000 }
                    for latching in [false, true] {
                        for e in engineEvents {
                            let direct = AlarmLifecycle.apply(e, to: r, at: 100, latching: latching, nextOccurrence: 8)
                            let general = try AlarmLifecycle.apply(e.event, to: r, at: 100, latching: latching, nextOccurrence: 8)
                            #expect(direct == general, "\(state) + \(e)")
                            #expect(AlarmEngineEvent(e.event) == e)
                        }
                    }
                }
            }
        }
        let people: [AlarmEvent] = [.acknowledge, .reset, .shelve(until: nil), .unshelve, .removeFromService, .returnToService]
        #expect(people.allSatisfy { AlarmEngineEvent($0) == nil }, "a person's action is not the engine's")
    }

    /// An acknowledgement decided on a copy and stored as `acknowledged`; meanwhile the machine
    /// went to a planned stop and the live alarm was suppressed by design, so the live engine
    /// refuses the acknowledgement. The refusal is reported, and the live record (suppressed)
    /// goes to the next drain with a version above the stored one: the store follows the alarm.
    @Test func anActionTheLiveAlarmNoLongerTakesLeavesTheStoreFollowingTheLiveAlarm() throws {
        var live = AlarmEngine(definitions: [hotAlarm()], now: Self.t0)
        live.observe(machine: "m1", values: [ProcessValue(name: "oil_temp", value: 85, at: Self.t0)], at: Self.t0)
        live.tick(now: Self.t0 + s, machines: [machine(.running, since: Self.t0)])
        #expect(live.record("hot")?.state == .unacknowledged)
        _ = live.drain()

        var trial = live
        let decided = try trial.act(.acknowledge, on: "hot", user: "lead", comment: "seen", at: Self.t0 + 2 * s)
        #expect(decided.after.state == .acknowledged)
        // Stored (with its audit record) here; then telemetry moves the live alarm.
        live.tick(now: Self.t0 + 3 * s, machines: [machine(.plannedStop, since: Self.t0 + 3 * s)])
        #expect(live.record("hot")?.state == .suppressed)

        let refusal = live.follow(.acknowledge, on: "hot", user: "lead", comment: "seen", at: Self.t0 + 2 * s, stored: decided.after)
        #expect(refusal != nil, "the live alarm no longer takes the acknowledgement")
        let (transitions, records) = live.drain()
        let record = try #require(records.first { $0.definition == "hot" }, "the live record goes to the store")
        #expect(record.state == .suppressed)
        #expect(record.version > decided.after.version, "above the stored one, so the store takes it")
        #expect(transitions.map(\.cause) == ["suppressed by design"])
    }

    /// With no telemetry in between, the live engine ends where the trial did: nothing more to store.
    @Test func anActionTheLiveAlarmTakesAlikeAddsNothingToStore() throws {
        var live = AlarmEngine(definitions: [hotAlarm()], now: Self.t0)
        live.observe(machine: "m1", values: [ProcessValue(name: "oil_temp", value: 85, at: Self.t0)], at: Self.t0)
        live.tick(now: Self.t0 + s, machines: [machine(.running, since: Self.t0)])
        _ = live.drain()
        var trial = live
        let decided = try trial.act(.acknowledge, on: "hot", user: "lead", comment: nil, at: Self.t0 + 2 * s)
        #expect(live.follow(.acknowledge, on: "hot", user: "lead", comment: nil, at: Self.t0 + 2 * s, stored: decided.after) == nil)
        #expect(live.record("hot") == decided.after)
        let (transitions, records) = live.drain()
        #expect(transitions.isEmpty && records.isEmpty, "the action's record and transition were stored by the caller")
    }

    @Test func aJSONOrderFileThatDoesNotParseSaysWhere() throws {
        let plant = try PlantConfigLoader.load(
            yaml: """
                plant: P
                timezone: UTC
                lines:
                  - id: L1
                    machines:
                      - { id: press-01, ideal_cycle_time: 2.0 }
                shifts:
                  - { name: A, start: "00:00", end: "12:00" }
                  - { name: B, start: "12:00", end: "00:00" }
                products:
                  - id: bracket
                    routing:
                      - { op: stamp, machines: { press-01: 2s } }
                """, file: "p.yaml")
        do {
            _ = try OrderImport.parse(#"[{"order": "WO-1", "product": "bracket",]"#, file: "o.json", plant: plant)
            Issue.record("a file that is not JSON was imported")
        } catch {
            #expect(error.description.contains("not valid JSON"), "\(error)")
            #expect(error.description.contains("character"), "the parser's position is kept: \(error)")
        }
    }
}
