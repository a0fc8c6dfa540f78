#if canImport(Glibc)
import Glibc
#endif

/// A detached POSIX thread for the console's feed. Foundation's `Thread` does the same
/// through NSThread's machinery, which pages in code the console-only binary otherwise
/// never runs (part of keeping a line terminal's console small: docs/reliability.md).
enum PlainThread {
    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// Runs `body` on a new detached thread.
    static func detach(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(
            &thread, nil,
            { raw in
                let body = Unmanaged<Body>.fromOpaque(raw!).takeRetainedValue()
                body.run()
                return nil
            }, box)
        guard started == 0 else {
            // No thread could be made (the process is at its limit): run nothing rather than
            // leak the closure; the caller's feed then shows as never connected.
            Unmanaged<Body>.fromOpaque(box).release()
            return
        }
        pthread_detach(thread)
    }

    /// Sleeps `seconds` (fractions allowed), resuming after a signal until the time is up.
    static func sleep(seconds: Double) {
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - seconds.rounded(.down)) * 1e9))
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
    }
}
