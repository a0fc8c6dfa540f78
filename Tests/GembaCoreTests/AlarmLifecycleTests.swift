import GembaCore
import Testing

/// Every row of the state table in docs/alarms.md.
struct AlarmLifecycleTests {
    func record(_ state: AlarmState, active: Bool, acknowledged: Bool, oneShot: Bool = false, suppressed: Bool = false) -> AlarmRecord {
        var r = AlarmRecord(definition: "a", since: 0)
        r.state = state
        r.active = active
        r.acknowledged = acknowledged
        r.occurrence = 7
        if state == .shelved { r.shelvedUntil = oneShot ? nil : 1_000 }
        r.designSuppressed = suppressed
        return r
    }

    func next(_ r: AlarmRecord, _ e: AlarmEvent, latching: Bool = false) -> Result<AlarmRecord, AlarmActionError> {
        do throws(AlarmActionError) {
            return .success(try AlarmLifecycle.apply(e, to: r, at: 100, latching: latching, nextOccurrence: 8))
        } catch {
            return .failure(error)
        }
    }

    func expectState(
        _ r: AlarmRecord, _ e: AlarmEvent, latching: Bool = false, _ state: AlarmState, acknowledged: Bool? = nil,
        newOccurrence: Bool = false, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        switch next(r, e, latching: latching) {
        case .success(let n):
            #expect(n.state == state, "\(r.state) + \(e)", sourceLocation: sourceLocation)
            if let acknowledged { #expect(n.acknowledged == acknowledged, sourceLocation: sourceLocation) }
            #expect((n.occurrence == 8) == newOccurrence, "occurrence", sourceLocation: sourceLocation)
        case .failure(let err):
            Issue.record("\(r.state) + \(e) refused: \(err)", sourceLocation: sourceLocation)
        }
    }

    func expectRefused(_ r: AlarmRecord, _ e: AlarmEvent, containing text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if case .failure(let err) = next(r, e) {
            #expect(err.message.contains(text), "\(err)", sourceLocation: sourceLocation)
        } else {
            Issue.record("\(r.state) + \(e) should be refused", sourceLocation: sourceLocation)
        }
    }

    @Test func normal() {
        let n = record(.normal, active: false, acknowledged: true)
        expectState(n, .conditionActive, .unacknowledged, acknowledged: false, newOccurrence: true)
        expectState(n, .conditionCleared, .normal)
        expectRefused(n, .acknowledge, containing: "nothing to acknowledge")
        expectRefused(n, .reset, containing: "only a latched alarm")
        expectState(n, .shelve(until: 500), .shelved)
        expectState(n, .suppress, .suppressed)
        expectState(n, .removeFromService, .outOfService)
    }

    @Test func unacknowledged() {
        let u = record(.unacknowledged, active: true, acknowledged: false)
        expectState(u, .acknowledge, .acknowledged, acknowledged: true)
        expectState(u, .conditionCleared, .returnedUnacknowledged, acknowledged: false)
        expectState(u, .conditionCleared, latching: true, .latched, acknowledged: false)
        expectState(u, .conditionActive, .unacknowledged)
        expectState(u, .shelve(until: nil), .shelved)
        expectState(u, .suppress, .suppressed)
        expectState(u, .removeFromService, .outOfService)
    }

    @Test func acknowledged() {
        let a = record(.acknowledged, active: true, acknowledged: true)
        expectState(a, .conditionCleared, .normal)
        expectState(a, .conditionCleared, latching: true, .latched, acknowledged: true)
        expectRefused(a, .acknowledge, containing: "already acknowledged")
        expectState(a, .shelve(until: 500), .shelved)
    }

    @Test func returnedToNormalUnacknowledged() {
        let r = record(.returnedUnacknowledged, active: false, acknowledged: false)
        expectState(r, .acknowledge, .normal, acknowledged: true)
        expectState(r, .conditionActive, .unacknowledged, acknowledged: false, newOccurrence: true)
    }

    @Test func latchedNeedsAcknowledgeThenReset() {
        let l = record(.latched, active: false, acknowledged: false)
        expectRefused(l, .reset, containing: "must be acknowledged before")
        expectState(l, .acknowledge, .latched, acknowledged: true)
        let acked = record(.latched, active: false, acknowledged: true)
        expectState(acked, .reset, .normal)
        expectRefused(acked, .acknowledge, containing: "waits for a reset")
        expectState(l, .conditionActive, .unacknowledged, newOccurrence: true)
    }

    @Test func shelvedComesBackAsTheConditionIs() {
        let timedActive = record(.shelved, active: true, acknowledged: true)
        expectState(timedActive, .shelveExpired, .unacknowledged, acknowledged: false, newOccurrence: true)
        expectState(timedActive, .unshelve, .unacknowledged, newOccurrence: true)
        expectState(timedActive, .conditionCleared, .shelved)
        let timedClear = record(.shelved, active: false, acknowledged: true)
        expectState(timedClear, .unshelve, .normal)
        expectState(timedClear, .conditionActive, .shelved)
        let oneShot = record(.shelved, active: true, acknowledged: true, oneShot: true)
        expectState(oneShot, .conditionCleared, .normal)
        expectRefused(oneShot, .acknowledge, containing: "shelved")
        let suppressedUnder = record(.shelved, active: true, acknowledged: true, suppressed: true)
        expectState(suppressedUnder, .unshelve, .suppressed)
        expectRefused(record(.normal, active: false, acknowledged: true), .unshelve, containing: "not shelved")
    }

    @Test func suppressedByDesign() {
        let s = record(.suppressed, active: true, acknowledged: true, suppressed: true)
        expectState(s, .unsuppress, .unacknowledged, newOccurrence: true)
        expectState(record(.suppressed, active: false, acknowledged: true, suppressed: true), .unsuppress, .normal)
        expectState(s, .conditionCleared, .suppressed)
        expectRefused(s, .acknowledge, containing: "suppressed")
        expectState(s, .shelve(until: 9), .shelved)
    }

    @Test func outOfService() {
        let o = record(.outOfService, active: true, acknowledged: true)
        expectState(o, .returnToService, .unacknowledged, newOccurrence: true)
        expectState(record(.outOfService, active: false, acknowledged: true), .returnToService, .normal)
        expectState(o, .suppress, .outOfService)
        expectState(o, .conditionCleared, .outOfService)
        expectRefused(o, .shelve(until: 9), containing: "out of service")
        expectRefused(o, .removeFromService, containing: "already out of service")
        expectRefused(record(.normal, active: false, acknowledged: true), .returnToService, containing: "in service")
    }

    @Test func everyChangeBumpsTheVersionAndTheSinceTime() throws {
        let n = record(.normal, active: false, acknowledged: true)
        let a = try next(n, .conditionActive).get()
        #expect(a.version == n.version + 1)
        #expect(a.since == 100)
        let same = try next(a, .conditionActive).get()
        #expect(same == a, "no change, no new version")
    }
}
