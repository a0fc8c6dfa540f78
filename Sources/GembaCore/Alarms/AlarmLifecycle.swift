/// The ISA-18.2 / IEC 62682 state table as one pure function: a record and an
/// event in, the next record out (or the reason a person's action does not apply).
///
/// Shelved, suppressed and out of service hide an alarm; while hidden its
/// condition is still followed, and when it comes back it settles: suppressed if
/// the design still says so, a new unacknowledged occurrence if the condition is
/// there, still waiting if the occurrence it hid was (latched, or returned
/// unacknowledged), normal otherwise. docs/alarms.md prints the same table.
public enum AlarmLifecycle {
    /// - Parameters:
    ///   - latching: whether the alarm's definition latches.
    ///   - nextOccurrence: the number a new occurrence takes, if this event starts one.
    public static func apply(
        _ event: AlarmEvent, to record: AlarmRecord, at now: Timestamp, latching: Bool, nextOccurrence: Int64
    ) throws(AlarmActionError) -> AlarmRecord {
        var n = record
        let name = record.definition
        func hiddenError(_ action: String) -> AlarmActionError {
            AlarmActionError("\(name) is \(record.state.label.lowercased()): there is nothing to \(action)")
        }
        func engine(_ e: AlarmEngineEvent) -> AlarmRecord { apply(e, to: record, at: now, latching: latching, nextOccurrence: nextOccurrence) }
        func settle(_ n: inout AlarmRecord) { Self.settle(&n, at: now, latching: latching, nextOccurrence: nextOccurrence) }

        switch event {
        case .conditionActive: return engine(.conditionActive)
        case .conditionCleared: return engine(.conditionCleared)
        case .shelveExpired: return engine(.shelveExpired)
        case .suppress: return engine(.suppress)
        case .unsuppress: return engine(.unsuppress)
        case .acknowledge:
            switch record.state {
            case .unacknowledged:
                n.state = .acknowledged
                n.acknowledged = true
            case .returnedUnacknowledged:
                n.state = .normal
                n.acknowledged = true
            case .latched where !record.acknowledged:
                n.acknowledged = true
            case .latched: throw AlarmActionError("\(name) is already acknowledged; it waits for a reset")
            case .acknowledged: throw AlarmActionError("\(name) is already acknowledged")
            case .normal: throw AlarmActionError("\(name) is normal: there is nothing to acknowledge")
            case .shelved, .suppressed, .outOfService: throw hiddenError("acknowledge")
            }
        case .reset:
            guard record.state == .latched else {
                throw AlarmActionError("\(name) is \(record.state.label.lowercased()): only a latched alarm is reset")
            }
            guard record.acknowledged else { throw AlarmActionError("\(name) must be acknowledged before it is reset") }
            n.state = .normal
        case .shelve(let until):
            guard record.state != .outOfService else { throw AlarmActionError("\(name) is out of service: it cannot be shelved") }
            n.state = .shelved
            n.shelvedUntil = until
        case .unshelve:
            guard record.state == .shelved else { throw AlarmActionError("\(name) is not shelved") }
            settle(&n)
        case .removeFromService:
            guard record.state != .outOfService else { throw AlarmActionError("\(name) is already out of service") }
            n.state = .outOfService
            n.shelvedUntil = nil
            n.shelveReason = nil
            n.shelvedBy = nil
        case .returnToService:
            guard record.state == .outOfService else { throw AlarmActionError("\(name) is in service") }
            settle(&n)
        }
        return finished(n, from: record, at: now)
    }

    /// An event the engine causes itself (the condition, the design, the clock): it always
    /// applies, so this path cannot refuse; where it means nothing the record stays as it is.
    public static func apply(
        _ event: AlarmEngineEvent, to record: AlarmRecord, at now: Timestamp, latching: Bool, nextOccurrence: Int64
    ) -> AlarmRecord {
        var n = record
        func settle(_ n: inout AlarmRecord) { Self.settle(&n, at: now, latching: latching, nextOccurrence: nextOccurrence) }
        switch event {
        case .conditionActive:
            n.active = true
            switch record.state {
            case .normal, .returnedUnacknowledged, .latched: annunciate(&n, at: now, nextOccurrence: nextOccurrence)
            case .unacknowledged, .acknowledged, .shelved, .suppressed, .outOfService: break
            }
        case .conditionCleared:
            n.active = false
            switch record.state {
            case .unacknowledged: n.state = latching ? .latched : .returnedUnacknowledged
            case .acknowledged:
                if latching { n.state = .latched } else { n.state = .normal }
            case .shelved where record.shelvedUntil == nil:
                // A one-shot shelve hides it until it clears; it comes back owing what it owed
                // (an occurrence nobody acknowledged is still unacknowledged).
                settle(&n)
            default: break
            }
        case .shelveExpired:
            guard record.state == .shelved else { return record }
            settle(&n)
        case .suppress:
            n.designSuppressed = true
            if record.state != .shelved && record.state != .outOfService { n.state = .suppressed }
        case .unsuppress:
            n.designSuppressed = false
            if record.state == .suppressed { settle(&n) }
        }
        return finished(n, from: record, at: now)
    }

    private static func annunciate(_ n: inout AlarmRecord, at now: Timestamp, nextOccurrence: Int64) {
        n.state = .unacknowledged
        n.acknowledged = false
        n.occurrence = nextOccurrence
        n.activatedAt = now
    }

    /// Back from hidden: suppressed if the design still says so, a new unacknowledged
    /// occurrence if the condition is there; otherwise what the hidden occurrence still
    /// owed (a latching alarm waits for its reset, an unacknowledged one for its
    /// acknowledgement), or normal if it owed nothing.
    private static func settle(_ n: inout AlarmRecord, at now: Timestamp, latching: Bool, nextOccurrence: Int64) {
        n.shelvedUntil = nil
        n.shelveReason = nil
        n.shelvedBy = nil
        if n.designSuppressed {
            n.state = .suppressed
            return
        }
        if n.active {
            annunciate(&n, at: now, nextOccurrence: nextOccurrence)
            return
        }
        switch n.hiddenFrom {
        case .latched?:
            n.state = .latched
        case .unacknowledged? where latching, .acknowledged? where latching:
            n.state = .latched
        case .unacknowledged?, .returnedUnacknowledged?:
            n.state = .returnedUnacknowledged
            n.acknowledged = false
        default:
            n.state = .normal
            n.acknowledged = true
        }
    }

    private static func finished(_ next: AlarmRecord, from record: AlarmRecord, at now: Timestamp) -> AlarmRecord {
        var n = next
        // Entering hiding remembers the state hidden (a second hiding keeps the first's);
        // leaving it forgets.
        if n.state.isHidden {
            if !record.state.isHidden { n.hiddenFrom = record.state.isAnnunciated ? record.state : nil }
        } else {
            n.hiddenFrom = nil
        }
        if n.state != record.state { n.since = now }
        if n != record { n.version = record.version + 1 }
        return n
    }
}
