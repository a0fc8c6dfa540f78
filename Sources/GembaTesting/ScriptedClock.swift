import Foundation
import GembaCore

/// A clock a test sets and moves by hand, safe to read from the daemon's threads.
///
/// It exists so that a test can give the daemon (`DaemonHarness(clock:)`,
/// `GembaDaemon.Options.clock`) or one of its services a time of its choosing and move it
/// forward between steps, without a hand-written box per test: pass `clock.now`.
public final class ScriptedClock: @unchecked Sendable {
    // Safe: every access to `time` holds `lock`.
    private let lock = NSLock()
    private var time: Timestamp

    /// A clock standing at `start`.
    public init(at start: Timestamp) { time = start }

    /// The time it shows.
    public func now() -> Timestamp { lock.withLock { time } }

    /// Sets it to `t` (backwards too: a clock that jumps back is a case to test).
    public func set(_ t: Timestamp) { lock.withLock { time = t } }

    /// Moves it on by `nanos`.
    public func advance(by nanos: Timestamp) { lock.withLock { time += nanos } }

    /// Moves it on by `seconds`.
    public func advance(seconds: Double) { advance(by: Timestamp(seconds * Double(Nanos.perSecond))) }
}
