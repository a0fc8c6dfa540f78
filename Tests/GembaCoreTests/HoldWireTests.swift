import Foundation
import GembaCore
import Testing

/// `gemba holds --json` writes every key of a hold that docs/genealogy.md lists, `null` where
/// there is no value (an active hold has no disposition, no release; keys without a value were
/// left out).
struct HoldWireTests {
    @Test func everyKeyIsPresentAndNullWhenThereIsNoValue() throws {
        let hold = Hold(
            id: 3, scope: "lot", target: "C-17", lots: ["C-17"], reason: "drawing revision", reasonCode: nil, placedBy: "quinn",
            placedAt: "2026-11-25T12:00:00Z", status: "active")
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(hold)) as? [String: Any])
        let keys = [
            "id", "scope", "target", "lots", "reason", "reason_code", "placed_by", "placed_at", "status", "disposition", "released_by",
            "released_at", "comment", "shipped",
        ]
        #expect(Set(json.keys) == Set(keys))
        for key in ["reason_code", "disposition", "released_by", "released_at", "comment"] {
            #expect(json[key] is NSNull, "\(key) is null: \(json[key] ?? "absent")")
        }
        #expect(try JSONDecoder().decode(Hold.self, from: JSONEncoder().encode(hold)) == hold)
    }
}
