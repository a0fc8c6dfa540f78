import GembaConsole
import GembaCore
import Testing

/// The handover as a shift lead lives it in the console: the notes the last shift left are the
/// first thing shown when the console starts in a new shift (once), `c` confirms them, `n` on
/// the floor writes a note line by line, and a person without the role is not shown the check.
struct HandoverScreenTests {
    static let lead = ServerHello(protocol: 1, server: "gemba test", plant: "Demo Works", user: "lena", uid: 1000)

    static func board(readBy: [HandoverNote.Confirmation] = []) -> HandoverBoard {
        let notes = [
            HandoverNote(
                id: 7, shift: "C", date: "2025-11-24", at: "2025-11-25T05:40:00Z", user: "otto",
                text: "press-02 jams on the new coil lot.\nWatch the die temperature; maintenance comes at 08:00.", mentions: ["press-02"],
                confirmations: readBy)
        ]
        return HandoverBoard(
            shift: "C", date: "2025-11-24", from: "2025-11-24T22:00:00Z", to: "2025-11-25T06:00:00Z", timezone: "UTC", running: false,
            notes: notes, readBy: readBy)
    }

    static func session(permissions: [String]? = nil) -> (ConsoleSession, [ConsoleSession.Output]) {
        var hello = lead
        hello.permissions = permissions
        var s = ConsoleSession(app: ConsoleApp(theme: .full))
        let out = s.receive([.hello(hello), .snapshot(Fixtures.snapshot)], now: Fixtures.now)
        return (s, out)
    }

    @Test func theIncomingLeadSeesTheLastShiftsNotesFirstAndConfirmsThem() {
        var (s, out) = Self.session()
        #expect(out.contains(.send(.handover(.init(previous: true)))))
        _ = s.receive([.handover(Self.board())], now: Fixtures.now)
        #expect(s.app.model.screen == .handover)
        var grid = s.frame(width: 80, height: 24, now: Fixtures.now)
        let lines = grid.lines
        #expect(lines.contains { $0.contains("Notes of shift C, 2025-11-24") })
        #expect(lines.contains { $0.contains("not yet confirmed read") })
        #expect(lines.contains { $0.contains("otto") && $0.contains("05:40") })
        #expect(lines.contains { $0.contains("press-02 jams on the new coil lot.") })
        #expect(lines.contains { $0.contains("Watch the die temperature") })
        // A key alone is taken once no other followed it (a scanner types bursts).
        #expect(s.key(.char("c"), now: Fixtures.now) == [])
        #expect(s.tick(now: Fixtures.now + Nanos.perSecond) == [.send(.handoverConfirm(.init(shift: "C", date: "2025-11-24")))])
        _ = s.receive([.handover(Self.board(readBy: [.init(user: "lena", at: "2025-11-25T06:02:00Z")]))], now: Fixtures.now)
        grid = s.frame(width: 80, height: 24, now: Fixtures.now)
        #expect(grid.lines.contains { $0.contains("read by lena 06:02") })
        // The same shift does not ask again (another snapshot, a reconnect's).
        #expect(!s.receive([.snapshot(Fixtures.snapshot)], now: Fixtures.now).contains(.send(.handover(.init(previous: true)))))
    }

    @Test func notesAlreadyConfirmedOrNoneLeftDoNotTakeTheScreen() {
        var (s, _) = Self.session()
        _ = s.receive([.handover(Self.board(readBy: [.init(user: "lena", at: "2025-11-25T06:02:00Z")]))], now: Fixtures.now)
        #expect(s.app.model.screen == .floor)
        var (t, _) = Self.session()
        var empty = Self.board()
        empty.notes = []
        _ = t.receive([.handover(empty)], now: Fixtures.now)
        #expect(t.app.model.screen == .floor)
    }

    @Test func anOperatorIsNotAskedToConfirm() {
        let (_, out) = Self.session(permissions: ["view", "classify_downtime"])
        #expect(!out.contains(.send(.handover(.init(previous: true)))))
    }

    @Test func nOnTheFloorWritesANoteLineByLine() {
        var app = ConsoleApp(theme: .full)
        app.connected(Self.lead)
        app.received(Fixtures.snapshot)
        #expect(app.handle(.char("n")) == [])
        #expect(app.model.prompt?.label.contains("Note for the next shift (shift A), line 1") == true)
        for c in "press-03 setup slow" { _ = app.handle(.char(c)) }
        #expect(app.handle(.enter) == [])
        #expect(app.model.prompt?.label.contains("Line 2 (1 kept") == true)
        for c in "call Jo about WO-7" { _ = app.handle(.char(c)) }
        #expect(app.handle(.enter) == [])
        #expect(app.handle(.enter) == [.request(.handoverAdd(.init(text: "press-03 setup slow\ncall Jo about WO-7")))])
        #expect(app.model.prompt == nil)
        // Esc leaves without a note; Enter on an empty first line writes none.
        _ = app.handle(.char("n"))
        #expect(app.handle(.enter) == [])
        #expect(app.model.notice == "no note written")
    }
}
