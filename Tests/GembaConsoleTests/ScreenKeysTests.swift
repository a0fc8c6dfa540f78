import GembaConsole
import GembaCore
import Testing

/// Tab and Shift-Tab go round the screens; the help fits and scrolls.
struct ScreenKeysTests {
    @Test func shiftTabGoesBackThroughTheScreensTabForward() {
        var app = AlarmScreenTests.app()
        var forward: [Screen] = []
        for _ in 0..<12 {
            _ = app.handle(.tab)
            forward.append(app.model.screen)
        }
        #expect(forward == [.oee, .alarms, .spc, .maintenance, .handover, .audit, .queues, .schedule, .orders, .holds, .trace, .status])
        var back: [Screen] = []
        for _ in 0..<12 {
            _ = app.handle(.backTab)
            back.append(app.model.screen)
        }
        #expect(back == forward.reversed().dropFirst() + [.floor])
        // Going back onto a screen asks for its data as going forward does.
        _ = app.perform(.showStatus)
        _ = app.handle(.backTab)
        _ = app.handle(.backTab)
        #expect(app.handle(.backTab) == [.requestOrders])
    }

    @Test func theHelpFits80ColumnsWrapsLongLinesAndScrollsOnASmallScreen() {
        var app = AlarmScreenTests.app()
        _ = app.handle(.char("a"))
        _ = app.handle(.char("?"))
        let tall = Fixtures.render(&app, width: 80, height: 50).lines
        #expect(tall.allSatisfy { $0.count <= 80 })
        let all = tall.joined(separator: "\n")
        #expect(all.contains("Quit the console (the daemon keeps running)"), "every help line is whole")
        // On 80×16 not every key fits: ↓ scrolls, and the last key comes into view.
        var small = Fixtures.render(&app, width: 80, height: 16).lines.joined(separator: "\n")
        #expect(small.contains("↑↓ more"))
        #expect(!small.contains("Previous screen"))
        for _ in 0..<40 { _ = app.handle(.down) }
        #expect(app.model.showHelp, "scrolling keeps the help open")
        small = Fixtures.render(&app, width: 80, height: 16).lines.joined(separator: "\n")
        #expect(small.contains("Previous screen") || small.contains("The audit trail"), "the end of the list is in view")
        _ = app.handle(.escape)
        #expect(!app.model.showHelp)
    }

    @Test func inTheDemoQuitSaysItEndsTheDemo() {
        var app = AlarmScreenTests.app()
        app.model.demo = true
        _ = app.handle(.char("?"))
        let all = Fixtures.render(&app, width: 80, height: 40).lines.joined(separator: "\n")
        #expect(all.contains("End the demo (its daemon and simulator stop too)"))
    }
}
