/// The alarm and audit requests.
extension Requests {
    /// The alarm board; `active` keeps those on the operator's list.
    public struct Alarms: ConsoleRequestPayload {
        public typealias Response = AlarmBoard
        public static let type = "alarms"
        public static let permission = Permission.view
        public var active: Bool?
        public init(active: Bool? = nil) { self.active = active }
    }

    /// One alarm as it stands and every transition of its life, newest first: the alarm detail.
    public struct AlarmHistoryQuery: ConsoleRequestPayload {
        public typealias Response = AlarmHistory
        public static let type = "alarm_history"
        public static let permission = Permission.view
        public var alarm: String
        /// At most this many transitions (default 200).
        public var limit: Int?
        public init(alarm: String, limit: Int? = nil) {
            self.alarm = alarm
            self.limit = limit
        }
    }

    /// Acknowledges an alarm (definition id or occurrence number).
    public struct Acknowledge: AlarmActionPayload {
        public static let type = "ack"
        public static let permission = Permission.acknowledgeAlarm
        public var alarm: String
        public var comment: String?
        public var event: AlarmEvent { .acknowledge }
        public init(alarm: String, comment: String? = nil) {
            self.alarm = alarm
            self.comment = comment
        }
    }

    /// Shelves an alarm for `duration` (`30m`), or one-shot without one; needs a reason.
    public struct Shelve: AlarmActionPayload {
        public static let type = "shelve"
        public static let permission = Permission.shelveAlarm
        public var alarm: String
        public var comment: String?
        public var duration: String?
        public var event: AlarmEvent { .shelve(until: nil) }
        public init(alarm: String, comment: String? = nil, duration: String? = nil) {
            self.alarm = alarm
            self.comment = comment
            self.duration = duration
        }
    }

    public struct Unshelve: AlarmActionPayload {
        public static let type = "unshelve"
        public static let auditAction = "unshelve_alarm"
        public static let permission = Permission.shelveAlarm
        public var alarm: String
        public var comment: String?
        public var event: AlarmEvent { .unshelve }
        public init(alarm: String, comment: String? = nil) {
            self.alarm = alarm
            self.comment = comment
        }
    }

    /// Resets a latched alarm whose condition has cleared.
    public struct ResetAlarm: AlarmActionPayload {
        public static let type = "reset"
        public static let permission = Permission.resetAlarm
        public var alarm: String
        public var comment: String?
        public var event: AlarmEvent { .reset }
        public init(alarm: String, comment: String? = nil) {
            self.alarm = alarm
            self.comment = comment
        }
    }

    /// Takes an alarm out of service; needs a reason.
    public struct OutOfService: AlarmActionPayload {
        public static let type = "out_of_service"
        public static let permission = Permission.alarmService
        public var alarm: String
        public var comment: String?
        public var event: AlarmEvent { .removeFromService }
        public init(alarm: String, comment: String? = nil) {
            self.alarm = alarm
            self.comment = comment
        }
    }

    public struct InService: AlarmActionPayload {
        public static let type = "in_service"
        public static let permission = Permission.alarmService
        public var alarm: String
        public var comment: String?
        public var event: AlarmEvent { .returnToService }
        public init(alarm: String, comment: String? = nil) {
            self.alarm = alarm
            self.comment = comment
        }
    }

    /// Audit records from `since`, about `object`, at most `limit` (default 1,000).
    public struct AuditQuery: ConsoleRequestPayload {
        public typealias Response = AuditList
        public static let type = "audit"
        public static let permission = Permission.readAudit
        public var since: String?
        public var object: String?
        public var limit: Int?
        public var auditObject: String { "audit" }
        public init(since: String? = nil, object: String? = nil, limit: Int? = nil) {
            self.since = since
            self.object = object
            self.limit = limit
        }
    }

    /// The trail's head and its anchor, for a shift report or an external log.
    public struct AuditAnchorQuery: ConsoleRequestPayload {
        public typealias Response = AuditAnchor
        public static let type = "audit_anchor"
        public static let permission = Permission.readAudit
        public init() {}
    }

    /// Checks the audit chain from its first record.
    public struct AuditVerify: ConsoleRequestPayload {
        public typealias Response = AuditVerification
        public static let type = "audit_verify"
        public static let permission = Permission.readAudit
        public var auditObject: String { "audit" }
        public init() {}
    }
}

/// A person's action on one alarm: the alarm's key, their comment and the lifecycle event.
public protocol AlarmActionPayload: ConsoleRequestPayload where Response == AlarmActionResult {
    var alarm: String { get }
    var comment: String? { get }
    /// The event the action applies (a shelve's end time is worked out by the daemon).
    var event: AlarmEvent { get }
    /// The action its audit record names.
    static var auditAction: String { get }
}

extension AlarmActionPayload {
    /// The action the audit trail names (the permission's name, but for `unshelve`).
    public static var auditAction: String { permission.rawValue }
    public var auditObject: String { "alarm:\(alarm)" }
    public var auditComment: String? { comment }
}
