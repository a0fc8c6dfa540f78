import GembaCore

/// The audit trail's hash chain and anchors: what a record's hash must be, what its anchor is,
/// and whether a trail is intact. Apart from GembaCore so that programs which only show audit
/// records (the console) do not link the cryptography.
extension AuditRecord {
    /// The hash this record must carry after `previous` (the empty string before the first).
    public func computedHash(after previous: String) -> String {
        AuditDigest.sha256Hex(Array(previous.utf8) + canonicalEncoding)
    }

    /// The anchor of this record under `key`.
    public func anchor(key: [UInt8]) -> String { AuditDigest.hmacHex(key: key, message: anchorMessage) }
}

extension AuditVerification {
    /// The chain, then the anchors: with the key, every record from `key.from` on must carry
    /// the HMAC of its number and hash, so a trail rewritten by someone with the database file
    /// but not the key is found out even when its chain is consistent. Says which failed.
    public static func verify(_ records: [AuditRecord], key: AuditKey?) -> AuditVerification {
        var v = verify(records)
        guard let key else {
            v.anchor = "no key"
            return v
        }
        v.anchoredFrom = key.from
        for r in records where r.seq >= key.from {
            guard let mac = r.mac else {
                v.anchor = "failed"
                v.anchorReason = "record \(r.seq) carries no anchor, though the trail is anchored from record \(key.from)"
                v.anchorFirstBad = r.seq
                v.ok = false
                return v
            }
            if !AuditDigest.macMatches(mac, key: key.bytes, message: r.anchorMessage) {
                v.anchor = "failed"
                // No anchored record matching is what another plant's key looks like too: say both.
                let anchored = records.filter { $0.seq >= key.from }
                let noneMatch = !anchored.contains { a in a.mac.map { AuditDigest.macMatches($0, key: key.bytes, message: a.anchorMessage) } ?? false
                }
                v.anchorReason =
                    noneMatch
                    ? "record \(r.seq)'s anchor does not match, nor does any of the \(anchored.count) anchored records': either this is not the key "
                        + "the trail was anchored with (another database's?), or the whole anchored trail was rewritten without it"
                    : "record \(r.seq)'s anchor does not match: the trail was rewritten without the audit key"
                v.anchorFirstBad = r.seq
                v.ok = false
                return v
            }
        }
        v.anchor = "intact"
        return v
    }

    /// Recomputes the chain over records in `seq` order.
    public static func verify(_ records: [AuditRecord]) -> AuditVerification {
        var previous = ""
        var expectedSeq: Int64 = 1
        for r in records {
            if r.seq != expectedSeq {
                return AuditVerification(ok: false, records: records.count, firstBad: r.seq, reason: "record \(expectedSeq) is missing")
            }
            if r.prevHash != previous {
                return AuditVerification(
                    ok: false, records: records.count, firstBad: r.seq,
                    reason: "record \(r.seq) does not follow record \(r.seq - 1): its previous hash differs")
            }
            if r.computedHash(after: previous) != r.hash {
                return AuditVerification(
                    ok: false, records: records.count, firstBad: r.seq, reason: "record \(r.seq) was changed: its hash does not match its content")
            }
            previous = r.hash
            expectedSeq += 1
        }
        return AuditVerification(ok: true, records: records.count)
    }
}

extension AuditKey {
    /// A new random key anchoring from record `from`.
    public static func generate(from: Int64) -> AuditKey { AuditKey(bytes: AuditDigest.newKey(), from: from) }
}
