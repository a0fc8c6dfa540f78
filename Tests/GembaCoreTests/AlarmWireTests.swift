import Foundation
import GembaCore
import Testing

/// `gemba alarms --json` writes every key, `null` where there is no value, as the protocol
/// reference promises (it used to leave such keys out).
struct AlarmWireTests {
    @Test func everyKeyIsPresentAndNullWhenThereIsNoValue() throws {
        let d = AlarmDefinition(
            id: "press-01-oil", machine: "press-01", condition: .limit(value: "oil_temp", kind: .hi, limit: 80, deadband: 2), priority: .high,
            message: "Oil hot")
        let status = AlarmStatus(record: AlarmRecord(definition: "press-01-oil", since: 1_764_072_000_000_000_000), definition: d)
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(status)) as? [String: Any])
        for key in ["id", "activated_at", "shelved_until", "shelve_reason", "shelved_by", "value", "detail"] {
            #expect(json[key] is NSNull, "\(key) is null: \(json[key] ?? "absent")")
        }
        let back = try JSONDecoder().decode(AlarmStatus.self, from: JSONEncoder().encode(status))
        #expect(back == status)
    }
}
