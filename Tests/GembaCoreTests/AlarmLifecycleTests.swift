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

    /// What an occurrence still needed when it was hidden (an acknowledgement, a reset) it
    /// still needs when it comes back: hiding an alarm is not answering it.
    @Test func hiddenOccurrenceComesBackStillWaiting() {
        func hidden(
            from state: AlarmState, active: Bool = false, acknowledged: Bool, latching: Bool, by hide: AlarmEvent
        )
            -> AlarmRecord?
        {
            guard case .success(let h) = next(record(state, active: active, acknowledged: acknowledged), hide, latching: latching)
            else { return nil }
            return h
        }
        let backEvents: [(hide: AlarmEvent, back: AlarmEvent)] = [
            (.shelve(until: 500), .unshelve), (.shelve(until: 500), .shelveExpired), (.removeFromService, .returnToService),
        ]
        for (hide, back) in backEvents {
            // Latched, not acknowledged: back latched and unacknowledged, so it can still not be reset.
            guard let l = hidden(from: .latched, acknowledged: false, latching: true, by: hide) else {
                Issue.record("\(hide) refused")
                continue
            }
            expectState(l, back, latching: true, .latched, acknowledged: false)
            // Latched and acknowledged: back latched, waiting for its reset.
            if let la = hidden(from: .latched, acknowledged: true, latching: true, by: hide) {
                expectState(la, back, latching: true, .latched, acknowledged: true)
            }
            // A latching alarm whose condition cleared while hidden: latched, as it would have been.
            if let u = hidden(from: .unacknowledged, active: true, acknowledged: false, latching: true, by: hide) {
                let cleared = AlarmLifecycle.apply(AlarmEngineEvent.conditionCleared, to: u, at: 50, latching: true, nextOccurrence: 8)
                expectState(cleared, back, latching: true, .latched, acknowledged: false)
            }
            // Returned to normal unacknowledged: still unacknowledged.
            if let r = hidden(from: .returnedUnacknowledged, acknowledged: false, latching: false, by: hide) {
                expectState(r, back, .returnedUnacknowledged, acknowledged: false)
            }
            // Acknowledged and cleared while hidden, not latching: nothing is owed, back to normal.
            if let a = hidden(from: .acknowledged, active: true, acknowledged: true, latching: false, by: hide) {
                let cleared = AlarmLifecycle.apply(AlarmEngineEvent.conditionCleared, to: a, at: 50, latching: false, nextOccurrence: 8)
                expectState(cleared, back, .normal, acknowledged: true)
            }
        }
        // A one-shot shelve ends at the clear; what nobody acknowledged is still unacknowledged,
        // a latching alarm still waits for its reset.
        if let o = hidden(from: .unacknowledged, active: true, acknowledged: false, latching: false, by: .shelve(until: nil)) {
            expectState(o, .conditionCleared, .returnedUnacknowledged, acknowledged: false)
        }
        if let o = hidden(from: .acknowledged, active: true, acknowledged: true, latching: false, by: .shelve(until: nil)) {
            expectState(o, .conditionCleared, .normal, acknowledged: true)
        }
        if let o = hidden(from: .unacknowledged, active: true, acknowledged: false, latching: true, by: .shelve(until: nil)) {
            expectState(o, .conditionCleared, latching: true, .latched, acknowledged: false)
        }
        // Suppressed by design while latched: back latched when the machine leaves the state.
        let l = record(.latched, active: false, acknowledged: false)
        let s = AlarmLifecycle.apply(AlarmEngineEvent.suppress, to: l, at: 50, latching: true, nextOccurrence: 8)
        #expect(s.state == .suppressed)
        expectState(s, .unsuppress, latching: true, .latched, acknowledged: false)
        // Shelved while suppressed keeps what the first hiding remembered.
        if case .success(let sh) = next(s, .shelve(until: 500), latching: true) {
            let out = AlarmLifecycle.apply(AlarmEngineEvent.unsuppress, to: sh, at: 60, latching: true, nextOccurrence: 8)
            expectState(out, .unshelve, latching: true, .latched, acknowledged: false)
        } else {
            Issue.record("shelving a suppressed alarm refused")
        }
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
