import Foundation
import GembaCore
import GembaServer
import GembaStore
import GembaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The daemon keeps the audit key outside the database and anchors every record with it.
@Suite(.serialized)
struct AuditAnchorDaemonTests {
    @Test func theKeyIsMadeAtFirstStartAndEveryRecordIsAnchored() throws {
        let h = try DaemonHarness()
        let keyPath = h.folder + "/gemba.db.audit-key"
        var st = stat()
        #expect(stat(keyPath, &st) == 0 && st.st_mode & 0o077 == 0, "the key file exists, mode 600")
        let lead = Identity.person("lena", [.shiftLead, .supervisor])
        _ = try h.daemon.store.appendAudit(AuditRecord(seq: 0, at: 1, user: "lena", uid: 1, role: "supervisor", action: "test", object: "x"))
        let reply = h.request(Requests.AuditAnchorQuery(), as: lead)
        #expect(reply.ok, "\(reply.line)")
        let anchor = try JSONDecoder().decode(Reply<AuditAnchor>.self, from: Data(reply.line.utf8)).result
        let head = try #require(try h.daemon.store.auditHead())
        #expect(anchor.seq == head.seq && anchor.hash == head.hash && anchor.anchor == head.mac && head.mac != nil)
        let verdict = try h.daemon.store.verifyAudit()
        #expect(verdict.ok && verdict.anchor == "intact")
    }

    @Test func anAnchoredTrailWhoseKeyIsGoneStopsTheDaemonWithWhatToRestore() throws {
        let folder = TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        do {
            let h = try DaemonHarness(folder: folder)
            _ = h.request(Requests.AuditAnchorQuery(), as: Identity.person("lena", [.supervisor]))
            _ = try h.daemon.store.appendAudit(AuditRecord(seq: 0, at: 1, user: "t", uid: 1, role: "admin", action: "test", object: "x"))
            _ = h.handOver()
        }
        try FileManager.default.removeItem(atPath: folder + "/gemba.db.audit-key")
        #expect {
            _ = try DaemonHarness(folder: folder)
        } throws: { "\($0)".contains("is anchored from record 1 but its key \(folder)/gemba.db.audit-key is missing: restore the key file") }
    }
}
