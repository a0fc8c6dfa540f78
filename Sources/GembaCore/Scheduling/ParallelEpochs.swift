import Dispatch

/// Runs one search per thread in stretches of moves and lets them share between
/// stretches: every search makes `epoch` moves (or stops), then, with all of them
/// waiting, `share` looks at them together. A search's moves depend only on its own
/// seed and on what was shared at the same points, so for a seed and a thread count
/// the result is the same on any machine whenever the limit is a number of moves.
enum ParallelEpochs {
    /// Until a search says it is over; `step` makes up to the given number of moves and
    /// returns true when its search is over.
    static func run<Worker>(
        _ workers: inout [Worker], epoch: Int, step: (inout Worker, Int) -> Bool, share: (inout [Worker]) -> Void
    ) {
        guard workers.count > 1 else {
            if !workers.isEmpty { _ = step(&workers[0], Int.max) }
            return
        }
        var over = Array(repeating: false, count: workers.count)
        while !over.contains(true) {
            workers.withUnsafeMutableBufferPointer { all in
                over.withUnsafeMutableBufferPointer { flags in
                    withoutActuallyEscaping(step) { step in
                        let (all, flags, step) = (UncheckedSendable(all), UncheckedSendable(flags), UncheckedSendable(step))
                        DispatchQueue.concurrentPerform(iterations: all.value.count) { t in
                            flags.value[t] = step.value(&all.value[t], epoch)
                        }
                    }
                }
            }
            share(&workers)
        }
    }
}

/// A value handed to threads that each touch only their own part of it.
private struct UncheckedSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
