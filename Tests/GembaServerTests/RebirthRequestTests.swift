import GembaCore
import Testing

@testable import GembaServer

/// Gemba's edge node answers rebirth requests at most once a second, and one that comes
/// inside that second is served when it ends: dropped, it left a host that had seen a gap (or
/// births someone else injected) on what it had.
struct RebirthRequestTests {
    static let s = Nanos.perSecond
    let t0: Timestamp = 1_780_000_000 * Nanos.perSecond

    @Test func aRequestInsideTheSecondIsOwedNotDropped() {
        var r = SparkplugPublisher.Rebirths()
        let first = r.request(at: t0)
        #expect(first, "the first goes out at once")
        let second = r.request(at: t0 + Self.s / 2)
        #expect(!second, "a second one inside the second waits")
        let third = r.request(at: t0 + Self.s * 6 / 10)
        #expect(!third, "however many come, one birth is owed")
        let early = r.due(at: t0 + Self.s * 9 / 10)
        #expect(!early)
        let served = r.due(at: t0 + Self.s)
        #expect(served, "served when the second ends")
        let again = r.due(at: t0 + 3 * Self.s)
        #expect(!again, "once")
        let later = r.request(at: t0 + 3 * Self.s)
        #expect(later)
    }
}
