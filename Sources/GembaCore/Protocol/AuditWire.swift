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

    enum CodingKeys: String, CodingKey {
        case seq, time, user, uid, role, action, object, before, after, comment, outcome, hash
    }

    // Every key, null where there is no value: scripts (`gemba audit --json | jq`) read them all.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seq, forKey: .seq)
        try c.encode(time, forKey: .time)
        try c.encode(user, forKey: .user)
        try c.encode(uid, forKey: .uid)
        try c.encode(role, forKey: .role)
        try c.encode(action, forKey: .action)
        try c.encode(object, forKey: .object)
        try c.encode(before, forKey: .before)
        try c.encode(after, forKey: .after)
        try c.encode(comment, forKey: .comment)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(hash, forKey: .hash)
    }
}

/// The reply to `audit`: records newest first.
public struct AuditList: Sendable, Equatable, Codable {
    public var records: [AuditEntry]

    public init(records: [AuditEntry]) { self.records = records }
}

/// The audit trail's head as `gemba audit anchor` prints it: written down in a shift report
/// or sent to a log outside the plant, it lets anyone prove later that the trail up to this
/// record was not rewritten, even by someone holding the database and the key.
public struct AuditAnchor: Sendable, Equatable, Codable {
    /// The last record: its number, time and hash; nil while the trail is empty.
    public var seq: Int64?
    public var time: String?
    public var hash: String?
    /// The HMAC of `seq:hash` under the plant's audit key (nil for a record before the key).
    public var anchor: String?
    /// The first record anchored with the key.
    public var anchoredFrom: Int64?

    enum CodingKeys: String, CodingKey {
        case seq, time, hash, anchor
        case anchoredFrom = "anchored_from"
    }

    public init(seq: Int64?, time: String?, hash: String?, anchor: String?, anchoredFrom: Int64?) {
        self.seq = seq
        self.time = time
        self.hash = hash
        self.anchor = anchor
        self.anchoredFrom = anchoredFrom
    }

    // Every key, null where there is no value.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(seq, forKey: .seq)
        try c.encode(time, forKey: .time)
        try c.encode(hash, forKey: .hash)
        try c.encode(anchor, forKey: .anchor)
        try c.encode(anchoredFrom, forKey: .anchoredFrom)
    }
}
