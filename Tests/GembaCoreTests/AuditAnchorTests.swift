import GembaAuditChain
import GembaCore
import Testing

/// The anchor: a trail rewritten by someone with the database but not the key is found out.
struct AuditAnchorTests {
    static let key = AuditKey(bytes: Array(repeating: 7, count: 32), from: 3)

    /// A consistent chain of `n` records with `comment`, anchored from the key's `from` when `anchored`.
    static func chain(_ n: Int, comment: String = "checked", anchored: Bool = true) -> [AuditRecord] {
        var out: [AuditRecord] = []
        var prev = ""
        for i in 1...n {
            var r = AuditRecord(
                seq: Int64(i), at: Int64(i) * 1_000, user: "alice", uid: 1001, role: "quality", action: "release_hold", object: "hold:\(i)",
                comment: comment)
            r.prevHash = prev
            r.hash = r.computedHash(after: prev)
            if anchored && r.seq >= key.from { r.mac = r.anchor(key: key.bytes) }
            prev = r.hash
            out.append(r)
        }
        return out
    }

    @Test func hmacMatchesTheRFC4231Vector() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        #expect(
            AuditDigest.hmacHex(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }

    @Test func anAnchoredTrailVerifiesBoth() {
        let v = AuditVerification.verify(Self.chain(6), key: Self.key)
        #expect(v.ok && v.anchor == "intact" && v.anchoredFrom == 3)
        #expect(AuditVerification.verify(Self.chain(6), key: nil).anchor == "no key")
    }

    @Test func aTrailRewrittenFromRecordOneWithoutTheKeyFailsTheAnchorNotTheChain() {
        // The forger recomputes every hash (the chain is consistent) but cannot compute the HMACs.
        var forged = Self.chain(6, comment: "nothing to see", anchored: false)
        let genuine = Self.chain(6)
        for k in forged.indices { forged[k].mac = genuine[k].mac }
        let v = AuditVerification.verify(forged, key: Self.key)
        #expect(v.reason == nil, "the chain itself is consistent")
        #expect(!v.ok && v.anchor == "failed")
        #expect(v.anchorReason?.hasPrefix("record 3's anchor does not match, nor does any of the 4 anchored records'") == true)
    }

    /// Another database's key matches none of the anchors: the verdict says so rather than
    /// accusing the trail of a rewrite; one changed record among matching ones is a rewrite.
    @Test func anotherKeyIsToldApartFromARewrite() {
        var other = Self.key
        other.bytes = Array(repeating: 9, count: other.bytes.count)
        let wrong = AuditVerification.verify(Self.chain(6), key: other)
        #expect(!wrong.ok && wrong.anchorReason?.contains("either this is not the key the trail was anchored with") == true)
        var tampered = Self.chain(6)
        tampered[4].mac = tampered[3].mac
        let one = AuditVerification.verify(tampered, key: Self.key)
        #expect(!one.ok && one.anchorReason == "record 5's anchor does not match: the trail was rewritten without the audit key")
    }

    @Test func strippingTheAnchorsIsFoundToo() {
        let v = AuditVerification.verify(Self.chain(6, anchored: false), key: Self.key)
        #expect(!v.ok && v.anchorReason == "record 3 carries no anchor, though the trail is anchored from record 3")
    }

    @Test func theKeyFileReadsBackAndBadOnesAreNamed() throws {
        let k = AuditKey.generate(from: 42)
        #expect(try AuditKey.parse(k.text).get() == k)
        #expect(throws: AuditKeyError.self) { try AuditKey.parse("hello").get() }
        #expect(throws: AuditKeyError.self) { try AuditKey.parse("gemba-audit-key 1\nkey abcd\nfrom 1\n").get() }
    }
}
