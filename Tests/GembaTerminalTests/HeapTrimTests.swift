import GembaConsole
import GembaCore
import Testing

@testable import GembaTerminal

/// Issue 12: the console gives a screen's memory back two seconds after the person moved
/// on, once per change, and not while they stay on one screen.
struct HeapTrimTests {
    final class Counter: @unchecked Sendable { var n = 0 }

    @Test func aScreenChangeTrimsOnceTwoSecondsLater() {
        let count = Counter()
        var trim = HeapTrim { count.n += 1 }
        let s = Nanos.perSecond
        trim.tick(screen: .floor, at: 0)
        trim.tick(screen: .floor, at: s)
        #expect(count.n == 0)
        trim.tick(screen: .floor, at: 2 * s)
        #expect(count.n == 1, "the first screen's start counts as a change")
        trim.tick(screen: .floor, at: 60 * s)
        #expect(count.n == 1, "staying on a screen trims nothing more")
        trim.tick(screen: .oee, at: 61 * s)
        trim.tick(screen: .alarms, at: 62 * s)
        trim.tick(screen: .alarms, at: 63 * s)
        #expect(count.n == 1, "a quick tour waits for the last screen")
        trim.tick(screen: .alarms, at: 64 * s)
        #expect(count.n == 2)
    }
}
