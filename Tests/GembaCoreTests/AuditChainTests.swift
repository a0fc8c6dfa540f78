import GembaAuditChain
import GembaCore
import Testing

struct AuditChainTests {
    @Test func sha256MatchesTheNISTVectors() {
        #expect(AuditDigest.sha256Hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(AuditDigest.sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            AuditDigest.sha256Hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            AuditDigest.sha256Hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func chain(_ n: Int) -> [AuditRecord] {
        var out: [AuditRecord] = []
        var prev = ""
        for i in 1...n {
            var r = AuditRecord(
                seq: Int64(i), at: Int64(i) * 1_000, user: "alice", uid: 1001, role: "shift_lead", action: "acknowledge_alarm",
                object: "alarm:a\(i)", before: "unacknowledged", after: "acknowledged", comment: i == 2 ? nil : "checked")
            r.prevHash = prev
            r.hash = r.computedHash(after: prev)
            prev = r.hash
            out.append(r)
        }
        return out
    }

    @Test func anIntactChainVerifies() {
        #expect(AuditVerification.verify(chain(5)) == AuditVerification(ok: true, records: 5))
        #expect(AuditVerification.verify([]).ok)
    }

    @Test func changingAnyFieldBreaksTheChainAtThatRecord() {
        var c = chain(5)
        c[2].comment = "checked!"
        let v = AuditVerification.verify(c)
        #expect(!v.ok)
        #expect(v.firstBad == 3)
        var d = chain(5)
        d[1].comment = ""  // nil and empty differ
        #expect(AuditVerification.verify(d).firstBad == 2)
    }

    @Test func removingOrReorderingRecordsIsFound() {
        var c = chain(5)
        c.remove(at: 3)
        #expect(AuditVerification.verify(c).firstBad == 5)
        var d = chain(5)
        d.removeLast()
        // Truncating the end leaves a valid chain: the daemon's next record still links to the last kept one.
        #expect(AuditVerification.verify(d).ok)
    }

    @Test func theEncodingSeparatesFieldsUnambiguously() {
        let a = AuditRecord(seq: 1, at: 1, user: "ab", uid: 1, role: "r", action: "x", object: "o")
        let b = AuditRecord(seq: 1, at: 1, user: "a", uid: 1, role: "br", action: "x", object: "o")
        #expect(a.canonicalEncoding != b.canonicalEncoding)
    }
}
