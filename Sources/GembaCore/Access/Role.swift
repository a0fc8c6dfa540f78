/// What a person may do in Gemba, decided by the daemon from the OS identity of
/// the connecting process. docs/roles.md prints `RoleMatrix`.
public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
    case lineOperator = "operator"
    case shiftLead = "shift_lead"
    case supervisor
    case quality
    case maintenance
    case admin

    /// For showing one role when a person holds several: the most powerful first.
    public var rank: Int {
        switch self {
        case .admin: return 0
        case .supervisor: return 1
        case .quality: return 2
        case .maintenance: return 3
        case .shiftLead: return 4
        case .lineOperator: return 5
        }
    }

    public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
}

/// Every state-changing request a console can make, by the name the protocol and the audit trail use.
public enum Permission: String, Sendable, Codable, CaseIterable {
    case view
    case classifyDowntime = "classify_downtime"
    case acknowledgeAlarm = "acknowledge_alarm"
    case shelveAlarm = "shelve_alarm"
    case resetAlarm = "reset_alarm"
    case alarmService = "alarm_out_of_service"
    case readAudit = "read_audit"
    case reloadConfig = "reload_config"
    case manageOrders = "manage_orders"
    case runOperations = "run_operations"
    case moveLots = "move_lots"
    case placeHold = "place_hold"
    case releaseHold = "release_hold"
    case resetMachine = "reset_machine"
    case recordMeasurement = "record_measurement"
    case recordMaintenance = "record_maintenance"
    case backupDatabase = "backup_database"
    case writeHandover = "write_handover"

    /// The words docs/roles.md and refusals use.
    public var summary: String {
        switch self {
        case .view: return "see the floor, OEE and alarms"
        case .classifyDowntime: return "book a downtime reason"
        case .acknowledgeAlarm: return "acknowledge an alarm"
        case .shelveAlarm: return "shelve or unshelve an alarm"
        case .resetAlarm: return "reset a latched alarm"
        case .alarmService: return "take an alarm out of service or back"
        case .readAudit: return "read and verify the audit trail"
        case .reloadConfig: return "reload the plant configuration"
        case .manageOrders: return "import, add, re-prioritise and cancel work orders"
        case .runOperations: return "start, pause and finish operations"
        case .moveLots: return "receive, produce, split, merge and ship lots"
        case .placeHold: return "put lots, orders, machines or supplier lots on hold"
        case .releaseHold: return "release a hold with a disposition"
        case .resetMachine: return "clear a machine's live state"
        case .recordMeasurement: return "enter a measured subgroup of an SPC characteristic"
        case .recordMaintenance: return "record a maintenance plan done (its meter starts again)"
        case .backupDatabase: return "copy the running database to a file (online backup)"
        case .writeHandover: return "write handover notes and confirm having read them"
        }
    }
}

/// Which role may do what: the one table the daemon enforces on every request.
public enum RoleMatrix {
    public static let allowed: [Permission: Set<Role>] = [
        .view: Set(Role.allCases),
        .classifyDowntime: Set(Role.allCases),
        .acknowledgeAlarm: [.shiftLead, .supervisor, .admin],
        .shelveAlarm: [.shiftLead, .supervisor, .admin],
        .resetAlarm: [.shiftLead, .supervisor, .admin],
        .alarmService: [.supervisor, .admin],
        .readAudit: [.shiftLead, .supervisor, .quality, .maintenance, .admin],
        .reloadConfig: [.admin],
        .manageOrders: [.supervisor, .admin],
        .runOperations: [.lineOperator, .shiftLead, .supervisor, .admin],
        .moveLots: [.lineOperator, .shiftLead, .supervisor, .quality, .admin],
        .placeHold: [.lineOperator, .shiftLead, .supervisor, .quality, .maintenance, .admin],
        .releaseHold: [.quality, .supervisor, .admin],
        .resetMachine: [.admin],
        .recordMeasurement: Set(Role.allCases),
        .recordMaintenance: [.maintenance, .supervisor, .admin],
        .backupDatabase: [.supervisor, .admin],
        .writeHandover: [.shiftLead, .supervisor, .admin],
    ]

    public static func allows(_ roles: Set<Role>, _ p: Permission) -> Bool {
        !(allowed[p] ?? []).isDisjoint(with: roles)
    }

    /// The permissions a set of roles holds, in table order.
    public static func permissions(of roles: Set<Role>) -> [Permission] {
        Permission.allCases.filter { allows(roles, $0) }
    }

    /// The roles that would allow `p`, for a refusal message.
    public static func rolesAllowing(_ p: Permission) -> [Role] {
        (allowed[p] ?? []).sorted { $0.rank > $1.rank }
    }
}
