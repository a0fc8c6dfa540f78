/// One entry of the audit trail (21 CFR Part 11 style): who did what to which
/// object, when, why, what it was before and after, and whether it was allowed.
///
/// Records are chained: `hash` is SHA-256 over the previous record's hash and this
/// record's canonical encoding, so changing, removing or inserting any record
/// breaks every hash after it.
public struct AuditRecord: Sendable, Equatable, Codable {
    public var seq: Int64
    /// Nanoseconds since the epoch (daemon clock).
    public var at: Timestamp
    public var user: String
    public var uid: UInt32
    /// The roles the person held, comma-separated (`shift_lead`), or `none`.
    public var role: String
    /// What was asked (`acknowledge_alarm`, `shelve_alarm`, `classify_downtime`, `connect`, ...).
    public var action: String
    /// What it was asked of (`alarm:press-01-oil-hot`, `machine:press-01`).
    public var object: String
    public var before: String?
    public var after: String?
    public var comment: String?
    /// `ok`, or `refused: <reason>`.
    public var outcome: String
    public var prevHash: String
    public var hash: String
    /// HMAC-SHA-256 of `seq:hash` under the audit key kept outside the database (the anchor);
    /// nil for records written before the plant had a key.
    public var mac: String?

    enum CodingKeys: String, CodingKey {
        case seq, at, user, uid, role, action, object, before, after, comment, outcome
        case prevHash = "prev_hash"
        case hash, mac
    }

    public init(
        seq: Int64, at: Timestamp, user: String, uid: UInt32, role: String, action: String, object: String,
        before: String? = nil, after: String? = nil, comment: String? = nil, outcome: String = "ok",
        prevHash: String = "", hash: String = "", mac: String? = nil
    ) {
        self.mac = mac
        self.seq = seq
        self.at = at
        self.user = user
        self.uid = uid
        self.role = role
        self.action = action
        self.object = object
        self.before = before
        self.after = after
        self.comment = comment
        self.outcome = outcome
        self.prevHash = prevHash
        self.hash = hash
    }

    /// The bytes the hash covers: every field but the hashes, in a fixed order, each
    /// written as `<length>:<utf-8 bytes>` (a missing value as `-`), so that no two
    /// different records encode alike and no library's JSON formatting is involved.
    public var canonicalEncoding: [UInt8] {
        var out: [UInt8] = Array("gemba-audit-v1;".utf8)
        func field(_ s: String?) {
            guard let s else {
                out.append(UInt8(ascii: "-"))
                return
            }
            let bytes = Array(s.utf8)
            out += Array(String(bytes.count).utf8)
            out.append(UInt8(ascii: ":"))
            out += bytes
        }
        for f in [String(seq), String(at), user, String(uid), role, action, object] { field(f) }
        field(before)
        field(after)
        field(comment)
        field(outcome)
        return out
    }

    /// What the anchor authenticates: the record's number and hash (and so, through the
    /// chain, every record before it).
    public var anchorMessage: [UInt8] { Array("\(seq):\(hash)".utf8) }

}

/// What `gemba audit verify` found.
public struct AuditVerification: Sendable, Equatable, Codable {
    public var ok: Bool
    public var records: Int
    /// The first record that does not match, and why.
    public var firstBad: Int64?
    public var reason: String?
    /// The anchor's verdict: `intact`, `failed` (see `anchor_reason`) or `no key` (the trail
    /// was checked without the key; only the chain was verified).
    public var anchor: String?
    public var anchorReason: String?
    /// The anchored records: from this one to the last.
    public var anchoredFrom: Int64?
    /// The first record whose anchor failed.
    public var anchorFirstBad: Int64?

    enum CodingKeys: String, CodingKey {
        case ok, records
        case firstBad = "first_bad"
        case reason, anchor
        case anchorReason = "anchor_reason"
        case anchoredFrom = "anchored_from"
        case anchorFirstBad = "anchor_first_bad"
    }

    /// The first record that failed (the chain's, else the anchors'), if any.
    public var failedRecord: Int64? { firstBad ?? anchorFirstBad }

    /// What failed, in words for the alarm and the log: the chain, else the anchor.
    public var failure: String? {
        if firstBad != nil { return "hash chain broken: \(reason ?? "")" }
        if anchor == "failed" { return "anchor failed: \(anchorReason ?? "")" }
        return nil
    }

    public init(ok: Bool, records: Int, firstBad: Int64? = nil, reason: String? = nil) {
        self.ok = ok
        self.records = records
        self.firstBad = firstBad
        self.reason = reason
    }
}
