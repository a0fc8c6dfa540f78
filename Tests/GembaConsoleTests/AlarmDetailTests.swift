import Foundation
import GembaConsole
import GembaCore
import Testing

/// Enter or i on an alarm opens it whole: condition, value, every transition with who, when, comment.
struct AlarmDetailTests {
    typealias A = AlarmScreenTests
    static let s = Nanos.perSecond

    static func transition(
        _ from: AlarmState, _ to: AlarmState, _ cause: String, ago: Int64, user: String? = nil, comment: String? = nil
    )
        -> AlarmTransitionEntry
    {
        AlarmTransitionEntry(
            AlarmTransition(
                definition: "weld-01-stop", occurrence: 4, at: Fixtures.now - ago * s, from: from, to: to, cause: cause, user: user, comment: comment,
                value: cause == "condition" ? 84.5 : nil))
    }

    static func history(_ alarm: AlarmStatus) -> AlarmHistory {
        AlarmHistory(
            alarm: alarm,
            transitions: [
                transition(
                    .unacknowledged, .acknowledged, "ack", ago: 30, user: "lena",
                    comment: "fitter on his way; the last time this tripped it was the cable at the wire feeder, check that first"),
                transition(.normal, .unacknowledged, "condition", ago: 90),
            ])
    }

    @Test func enterOpensTheAlarmItAsksForItsTransitionsAndShowsThemWithWhoWhenAndComment() {
        var app = A.app()
        _ = app.handle(.char("a"))
        #expect(app.handle(.enter) == [.request(.alarmHistory(.init(alarm: "weld-01-stop")))])
        #expect(app.model.screen == .alarmDetail("weld-01-stop"))
        app.received(Self.history(A.board().alarms[2]))
        let lines = Fixtures.render(&app, width: 80, height: 24).lines
        let text = lines.joined(separator: "\n")
        #expect(text.contains("weld-01-stop  weld-01-stop message"))
        #expect(text.contains("State: UNACK: active, not acknowledged"))
        #expect(text.contains("Condition: oil_temp > 80"), "\(text)")
        #expect(text.contains("value 84.5"))
        #expect(lines.contains { $0.contains("UNACK → ACKED") && $0.contains("ack") && $0.contains("lena") })
        #expect(lines.contains { $0.contains("NORMAL → UNACK") && $0.contains("condition") && $0.contains("value 84.5") })
        let joined = lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        #expect(joined.contains("the cable at the wire feeder, check that first\""), "the comment in full")
        // Actions here go to this alarm, whatever the list's selection.
        #expect(app.handle(.char("a")) == [])
        #expect(app.model.prompt?.purpose == .acknowledge(alarm: "weld-01-stop"))
        _ = app.handle(.escape)
        _ = app.handle(.escape)
        #expect(app.model.screen == .alarms)
        #expect(app.handle(.char("i")) == [.request(.alarmHistory(.init(alarm: "weld-01-stop")))])
    }

    @Test func aLatchedAlarmSaysWhetherItWasAcknowledged() {
        var app = A.app()
        var board = A.board()
        board.alarms[0].state = .latched
        board.alarms[0].acknowledged = true
        board.alarms[1].state = .latched
        board.alarms[1].acknowledged = false
        var snap = Fixtures.snapshot
        snap.alarms = board
        app.received(snap)
        _ = app.handle(.char("a"))
        let list = Fixtures.render(&app, width: 100, height: 24).text
        #expect(list.contains("LATCHED ack"))
        #expect(list.contains("LATCHED unack"))
        app.model.screen = .alarmDetail(board.alarms[0].definition)
        #expect(Fixtures.render(&app, width: 100, height: 24).text.contains("LATCHED, acknowledged: waits for a reset (r)"))
        app.model.screen = .alarmDetail(board.alarms[1].definition)
        #expect(Fixtures.render(&app, width: 100, height: 24).text.contains("LATCHED, not acknowledged: acknowledge (a), then reset (r)"))
    }

    @Test func theDetailAsksAgainWhenItsAlarmChangesOrIsActedOn() {
        var s = ConsoleSession(app: A.app())
        _ = s.key(.char("a"), now: Fixtures.now)
        _ = s.tick(now: Fixtures.now + 100_000_000)
        _ = s.key(.enter, now: Fixtures.now + 200_000_000)
        var board = A.board()
        board.alarms[2].state = .acknowledged
        board.alarms[2].acknowledged = true
        var d = ConsoleSessionTests.delta()
        d.alarms = board
        #expect(s.receive([.delta(d)], now: Fixtures.now) == [.send(.alarmHistory(.init(alarm: "weld-01-stop")))])
        #expect(
            s.receive([.alarmActed(AlarmActionResult(alarm: board.alarms[2], audit: 7))], now: Fixtures.now) == [
                .send(.alarmHistory(.init(alarm: "weld-01-stop")))
            ])
    }
}
