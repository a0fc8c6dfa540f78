import GembaCore

/// Gemba's states in B2MML's words: the `ResponseStateType` enumeration of B2MML 0701
/// (Waiting, Ready, Running, Completed, Aborted, Held, Paused, Suspended, Closed, Other) for an
/// order's `ResponseState` and an operation's `SegmentState`. A state Gemba does not know is
/// written as `Other` with the floor's word in the `OtherValue` attribute, as B2MML extends its
/// enumerations.
enum B2MMLStates {
    /// An order's state as its `OperationsResponse` reports it.
    static func response(_ state: WorkOrder.State) -> String {
        switch state {
        // Known to the MES but not yet released to the floor.
        case .notReleased: return "Waiting"
        // Released, waiting for its first operation.
        case .released: return "Ready"
        case .running: return "Running"
        // An operation was paused and will resume.
        case .interrupted: return "Paused"
        case .ended: return "Completed"
        case .aborted: return "Aborted"
        }
    }

    /// An operation's floor state (`running`, `paused`, `finished` or `done`, `planned`) as its
    /// `SegmentState`: the value, and the `OtherValue` attribute when the value is `Other`.
    static func segment(_ floorState: String) -> (value: String, other: String?) {
        switch floorState.lowercased() {
        case "planned": return ("Ready", nil)
        case "running": return ("Running", nil)
        case "paused": return ("Paused", nil)
        case "finished", "done", "ended": return ("Completed", nil)
        case "aborted": return ("Aborted", nil)
        default: return ("Other", floorState)
        }
    }
}
