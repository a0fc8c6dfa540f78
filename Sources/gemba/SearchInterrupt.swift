import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C during `gemba schedule --jssp/--fjsp`: the search stops as at its time limit and
/// the best schedule so far is printed, instead of the process dying with nothing. A
/// second Ctrl-C ends the process at once. Unchecked: the signal source is only touched
/// in `init` and `deinit`; the flag is atomic.
final class SearchInterrupt: @unchecked Sendable {
    private let flag = Atomic<Bool>(false)
    private let source: any DispatchSourceSignal

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in
            guard let self else { return }
            if self.flag.exchange(true, ordering: .relaxed) { exit(130) }
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
