import Foundation
import GembaClient
import GembaCore
import GembaServer
import GembaStore
import GembaTesting
import Testing

/// Handover notes through the daemon: a lead writes them during the shift (kept line for line,
/// what they name found, refused to an operator and when empty or not text), the next shift's
/// lead reads them as "the previous shift's" and confirms (recorded with who and when, audited),
/// and any shift's notes can be asked for by name and date.
@Suite(.serialized)
struct HandoverDaemonTests {
    /// 2025-11-24T10:00:00Z: shift A (00:00–12:00 UTC) of the test plant.
    static let ten: Timestamp = 1_763_978_400 * Nanos.perSecond
    static let lead = Identity.person("lena", [.shiftLead])
    static let next = Identity.person("nico", [.shiftLead])

    static func decode<T: Codable & Sendable>(_ type: T.Type, _ reply: (ok: Bool, line: String)) throws -> T {
        try JSONDecoder().decode(Reply<T>.self, from: Data(reply.line.utf8)).result
    }

    @Test func aLeadsNotesAreReadAndConfirmedByTheNextShift() throws {
        let clock = ScriptedClock(at: Self.ten)
        let h = try DaemonHarness(clock: clock.now)
        let note = try Self.decode(
            HandoverNote.self, h.request(Requests.HandoverAdd(text: "press-02 jams on the new coil.\r\n\tL1 waits for steel  \n\n"), as: Self.lead))
        #expect(note.text == "press-02 jams on the new coil.\n    L1 waits for steel")
        #expect(note.mentions == ["press-02", "L1"])
        #expect(note.shift == "A" && note.date == "2025-11-24" && note.user == "lena")

        let op = h.request(Requests.HandoverAdd(text: "me too"), as: .person("olga", [.lineOperator]))
        #expect(!op.ok && op.line.contains("forbidden"))
        let empty = h.request(Requests.HandoverAdd(text: " \n \t "), as: Self.lead)
        #expect(!empty.ok && empty.line.contains("the note is empty"))
        let escape = h.request(Requests.HandoverAdd(text: "clear\u{1B}[2Jscreen"), as: Self.lead)
        #expect(!escape.ok && escape.line.contains("control character"))
        let long = h.request(Requests.HandoverAdd(text: String(repeating: "x", count: 2001)), as: Self.lead)
        #expect(!long.ok && long.line.contains("at most 2000"))

        let current = try Self.decode(HandoverBoard.self, h.request(Requests.Handover(), as: Self.lead))
        #expect(current.running && current.notes.map(\.id) == [note.id])

        // Shift B: the next lead reads A's notes as the previous shift's, and confirms.
        clock.set(Self.ten + 3 * 3600 * Nanos.perSecond)
        let previous = try Self.decode(HandoverBoard.self, h.request(Requests.Handover(previous: true), as: Self.next))
        #expect(previous.shift == "A" && !previous.running && previous.notes.count == 1 && previous.readBy.isEmpty)
        let confirmed = try Self.decode(HandoverBoard.self, h.request(Requests.HandoverConfirm(shift: "A", date: "2025-11-24"), as: Self.next))
        #expect(confirmed.readBy.map(\.user) == ["nico"])
        #expect(confirmed.readBy.first?.at == ISOTime.format(Self.ten + 3 * 3600 * Nanos.perSecond))
        let trail = try h.daemon.store.auditRecords(object: "handover:2025-11-24/A")
        #expect(trail.contains { $0.action == "handover_read" && $0.user == "nico" })
        #expect(trail.contains { $0.action == "handover_add" && $0.user == "lena" })
        // Named by shift and date, from any time after.
        let named = try Self.decode(
            HandoverBoard.self, h.request(Requests.Handover(shift: "A", date: "2025-11-24"), as: .person("olga", [.lineOperator])))
        #expect(named.notes.first?.text == note.text && named.readBy.map(\.user) == ["nico"])
        // B has none yet: nothing to confirm.
        let none = h.request(Requests.HandoverConfirm(shift: "B", date: "2025-11-24"), as: Self.next)
        #expect(!none.ok && none.line.contains("nothing to confirm"))
        let unknown = h.request(Requests.Handover(shift: "Z", date: "2025-11-24"), as: Self.next)
        #expect(!unknown.ok && unknown.line.contains("no shift \\\"Z\\\""))
    }
}
