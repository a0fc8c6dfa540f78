import Foundation
import GembaCore
import Testing

/// `gemba lot … --json` and `gemba audit --json` write every key the docs list, `null` where
/// there is no value (keys without a value were left out, and `jq '.supplier'` could not tell
/// "none" from a missing field).
struct LotAndAuditWireTests {
    @Test func aLotWritesEveryKey() throws {
        let lot = Lot(
            id: "B-1", material: "bracket", quantity: 40, unit: "pcs", status: .available, origin: "produced", created: "2026-11-25T12:00:00Z",
            createdBy: "olga")
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(lot)) as? [String: Any])
        for key in ["supplier", "supplier_lot", "machine", "work_order", "operation"] {
            #expect(json[key] is NSNull, "\(key): \(json[key] ?? "absent")")
        }
        #expect(try JSONDecoder().decode(Lot.self, from: JSONEncoder().encode(lot)) == lot)
    }

    @Test func anAuditEntryWritesEveryKey() throws {
        let entry = AuditEntry(AuditRecord(seq: 1, at: 0, user: "u", uid: 1, role: "admin", action: "reload", object: "config:x"))
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(entry)) as? [String: Any])
        for key in ["before", "after", "comment"] { #expect(json[key] is NSNull, "\(key): \(json[key] ?? "absent")") }
        #expect(try JSONDecoder().decode(AuditEntry.self, from: JSONEncoder().encode(entry)) == entry)
    }
}
