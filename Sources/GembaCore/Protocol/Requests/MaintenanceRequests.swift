extension Requests {
    /// `gemba maintenance`: every maintenance plan of the plant (or one machine's), with how
    /// much of each interval is used and what is due.
    public struct Maintenance: ConsoleRequestPayload {
        public typealias Response = MaintenanceBoard
        public static let type = "maintenance"
        public static let permission = Permission.view
        public var machine: String?
        public init(machine: String? = nil) { self.machine = machine }
    }

    /// `gemba maintenance done MACHINE PLAN --comment`: the plan was carried out; its meter
    /// starts again.
    public struct MaintenanceDone: ConsoleRequestPayload {
        public typealias Response = MaintenanceDoneResult
        public static let type = "maintenance_done"
        public static let permission = Permission.recordMaintenance
        public var machine: String
        public var plan: String
        public var comment: String?
        public init(machine: String, plan: String, comment: String? = nil) {
            self.machine = machine
            self.plan = plan
            self.comment = comment
        }
        public var auditObject: String { "maintenance:\(machine)/\(plan)" }
        public var auditComment: String? { comment }
    }
}

/// The answer to `maintenance_done`: the plan as it stood before, as it stands now, and the
/// audit record kept.
public struct MaintenanceDoneResult: Sendable, Equatable, Codable {
    public var before: MaintenanceStatus
    public var after: MaintenanceStatus
    public var audit: Int64

    public init(before: MaintenanceStatus, after: MaintenanceStatus, audit: Int64) {
        self.before = before
        self.after = after
        self.audit = audit
    }
}
