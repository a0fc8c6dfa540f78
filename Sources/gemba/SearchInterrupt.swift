import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C during `gemba schedule --jssp/--fjsp`: the search stops as at its time limit and
/// the best schedule so far is printed, instead of the process dying with nothing. A
/// second Ctrl-C (half a second or more later) ends the process at once. Unchecked: the
/// signal source is only touched in `init` and `deinit`; the flags are atomic.
final class SearchInterrupt: @unchecked Sendable {
    private let flag = Atomic<Bool>(false)
    /// When the first Ctrl-C came (uptime nanoseconds; 0: none yet).
    private let firstAt = Atomic<UInt64>(0)
    private let source: any DispatchSourceSignal

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in
            guard let self else { return }
            let now = DispatchTime.now().uptimeNanoseconds
            // A second interrupt within half a second is the same one delivered twice
            // (`timeout -s INT` signals the process and its group).
            let first = self.firstAt.compareExchange(expected: 0, desired: now, ordering: .relaxed)
            if !first.exchanged && now - first.original > 500_000_000 { exit(130) }
            self.flag.store(true, ordering: .relaxed)
        }
        source.resume()
    }

    /// Whether Ctrl-C was pressed.
    var requested: Bool { flag.load(ordering: .relaxed) }

    deinit {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}
