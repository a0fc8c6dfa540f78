/// A request the rules refuse: a stable `code` for scripts (`not_applicable`, `refused`,
/// `comment_required`, `bad_request`, `unknown_order`, …) and the reason in a person's words.
/// Decisions in GembaCore throw it; the daemon answers it as a protocol error, unchanged.
public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: String
    public var message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(message) (\(code))" }
}

/// Who acts, and when: what every decision writes into its audit record.
public struct Actor: Sendable, Equatable {
    public var user: String
    public var uid: UInt32
    public var role: String

    public init(user: String, uid: UInt32, role: String) {
        self.user = user
        self.uid = uid
        self.role = role
    }

    /// An audit record of this person's action; `seq` and the hashes are the store's to set.
    public func record(
        _ action: String, _ object: String, at now: Timestamp, before: String? = nil, after: String? = nil, comment: String? = nil,
        outcome: String = "ok"
    ) -> AuditRecord {
        AuditRecord(
            seq: 0, at: now, user: user, uid: uid, role: role, action: action, object: object, before: before, after: after,
            comment: comment, outcome: outcome)
    }
}
