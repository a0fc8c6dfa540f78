/// One audit record as `gemba audit --json` and the Audit screen show it.
public struct AuditEntry: Sendable, Equatable, Codable {
    public var seq: Int64
    public var time: String
    public var user: String
    public var uid: UInt32
    public var role: String
    public var action: String
    public var object: String
    public var before: String?
    public var after: String?
    public var comment: String?
    public var outcome: String
    public var hash: String

    public init(_ r: AuditRecord) {
        seq = r.seq
        time = ISOTime.format(r.at)
        user = r.user
        uid = r.uid
        role = r.role
        action = r.action
        object = r.object
        before = r.before
        after = r.after
        comment = r.comment
        outcome = r.outcome
        hash = r.hash
    }
}

/// The reply to `audit`: records newest first.
public struct AuditList: Sendable, Equatable, Codable {
    public var records: [AuditEntry]

    public init(records: [AuditEntry]) { self.records = records }
}
