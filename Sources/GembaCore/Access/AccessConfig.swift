/// Who is who: the plant configuration's mapping of OS users and groups to roles,
/// and the role of users it does not name.
public struct AccessConfig: Sendable, Equatable {
    /// One mapping entry: a user name or `group:NAME`.
    public enum Subject: Sendable, Equatable, Hashable, CustomStringConvertible {
        case user(String)
        case group(String)

        public init(parsing text: String) {
            if text.hasPrefix("group:") { self = .group(String(text.dropFirst(6))) } else { self = .user(text) }
        }

        public var description: String {
            switch self {
            case .user(let u): return u
            case .group(let g): return "group:\(g)"
            }
        }
    }

    public var roles: [Role: [Subject]]
    /// The role of a user no entry names; nil refuses the connection.
    public var unknownUsers: Role?
    /// The group the console socket belongs to (mode 0660), when set.
    public var consoleGroup: String?

    public init(roles: [Role: [Subject]] = [:], unknownUsers: Role? = nil, consoleGroup: String? = nil) {
        self.roles = roles
        self.unknownUsers = unknownUsers
        self.consoleGroup = consoleGroup
    }

    /// The roles of a person. The daemon's own user and root are always admin, so a
    /// plant file without `roles:` still works for whoever started the daemon.
    public func roles(user: String, uid: UInt32, groups: [String], daemonUID: UInt32) -> Set<Role> {
        var out: Set<Role> = []
        if uid == 0 || uid == daemonUID { out.insert(.admin) }
        for (role, subjects) in roles {
            for s in subjects {
                switch s {
                case .user(let u) where u == user: out.insert(role)
                case .group(let g) where groups.contains(g): out.insert(role)
                default: break
                }
            }
        }
        if out.isEmpty, let r = unknownUsers { out.insert(r) }
        return out
    }
}
