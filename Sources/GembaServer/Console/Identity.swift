import GembaCore

#if canImport(Glibc)
import Glibc
#endif

/// A console's person as the daemon decided it: the kernel's peer credentials,
/// the user's groups from the group database, and the roles the plant gives them.
public struct Identity: Sendable, Equatable {
    public var credentials: PeerCredentials
    public var groups: [String]
    public var roles: Set<Role>

    public init(credentials: PeerCredentials, groups: [String], roles: Set<Role>) {
        self.credentials = credentials
        self.groups = groups
        self.roles = roles
    }

    public var user: String { credentials.user }
    public var uid: UInt32 { credentials.uid }

    /// The roles as the audit trail writes them (`shift_lead`, `none`).
    public var roleText: String {
        roles.isEmpty ? "none" : roles.sorted().map(\.rawValue).joined(separator: ",")
    }

    public func may(_ p: Permission) -> Bool { RoleMatrix.allows(roles, p) }

    /// Resolves a peer against the plant's access rules. Groups are the peer's
    /// primary group (from SO_PEERCRED) and the user's groups in the group database.
    public static func resolve(_ c: PeerCredentials, access: AccessConfig, daemonUID: UInt32 = getuid()) -> Identity {
        var gids: [UInt32] = [c.gid]
        if let name = userRecordName(uid: c.uid) { gids += groupList(user: name, primary: c.gid) }
        var names: [String] = []
        for g in gids { if let n = groupName(gid: g), !names.contains(n) { names.append(n) } }
        let roles = access.roles(user: c.user, uid: c.uid, groups: names, daemonUID: daemonUID)
        return Identity(credentials: c, groups: names, roles: roles)
    }

    /// The identity of the daemon itself, for what it records on its own behalf.
    public static let daemon = Identity(
        credentials: PeerCredentials(pid: getpid(), uid: getuid(), gid: getgid(), user: "gemba-daemon"), groups: [],
        roles: [.admin])

    static func userRecordName(uid: UInt32) -> String? {
        var pwd = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &pwd, &buffer, buffer.count, &result) == 0, result != nil, let n = pwd.pw_name else { return nil }
        return String(cString: n)
    }

    static func groupList(user: String, primary: UInt32) -> [UInt32] {
        var count: Int32 = 64
        var groups = [gid_t](repeating: 0, count: Int(count))
        if getgrouplist(user, primary, &groups, &count) < 0 {
            groups = [gid_t](repeating: 0, count: Int(count))
            guard getgrouplist(user, primary, &groups, &count) >= 0 else { return [] }
        }
        return Array(groups.prefix(Int(count)))
    }

    public static func groupName(gid: UInt32) -> String? {
        var grp = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16384)
        guard getgrgid_r(gid, &grp, &buffer, buffer.count, &result) == 0, result != nil, let n = grp.gr_name else { return nil }
        return String(cString: n)
    }

    public static func groupID(name: String) -> UInt32? {
        var grp = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16384)
        guard getgrnam_r(name, &grp, &buffer, buffer.count, &result) == 0, result != nil else { return nil }
        return grp.gr_gid
    }
}

extension Identity {
    /// The person as GembaCore's decisions name them in audit records.
    var actor: Actor { Actor(user: user, uid: uid, role: roleText) }
}
