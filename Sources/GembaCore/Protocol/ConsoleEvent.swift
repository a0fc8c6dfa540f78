/// What reaches a console from the daemon, read by the request it answers: a client's
/// connection produces these, the console's session consumes them. Kept here, beside the
/// requests, so that neither side needs the other's module.
public enum ConsoleEvent: Sendable {
    case hello(ServerHello)
    case snapshot(FloorSnapshot)
    case delta(FloorDelta)
    case detail(MachineDetail)
    case oeeBoard(OEEBoard)
    case classified(Classification)
    case alarmActed(AlarmActionResult)
    /// One alarm and its transitions (the alarm detail).
    case alarmHistory(AlarmHistory)
    case audit(AuditList)
    /// The audit chain checked from its first record.
    case auditVerified(AuditVerification)
    case operationDone(OrderChangeResult)
    case orders([OrderStatus])
    case holds([Hold])
    case trace(Trace)
    case holdDone(Hold)
    case counted(CountedQuantity, order: String, index: Int)
    /// A lot as stored now (asked for when a lot is scanned).
    case lot(Lot)
    /// A process value's history (the value chart).
    case history(HistoryResult)
    /// A characteristic's control chart, and a measured subgroup's verdict.
    case spc(SPCResult)
    case measured(MeasureResult)
    /// The maintenance plans, and a plan recorded done.
    case maintenance(MaintenanceBoard)
    case maintenanceDone(MaintenanceDoneResult)
    /// A shift's handover notes (asked for, or after a confirmation), and a note kept.
    case handover(HandoverBoard)
    case handoverNoted(HandoverNote)
    /// The daemon refused a request (or it could not be sent); `request` is the one refused
    /// when known, so the console can put back what the person had typed.
    case refused(ProtocolError, request: ConsoleRequest?)
    case disconnected(String)
    /// A request the console sent for its effect alone was answered.
    case done(String)
}
