import GembaConsole
import GembaCore

#if canImport(Glibc)
/// glibc's `malloc_trim` (malloc.h, which the Glibc module does not export).
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif

/// Gives the memory of a screen the console left back to the system.
///
/// A screen's reply (the OEE board, the audit page, the schedule) is decoded, drawn and freed
/// when the person moves on, but glibc keeps freed pages inside its heap: after a tour of every
/// screen a line terminal's console stayed about a megabyte larger than at start. Two seconds
/// after the screen changes (the new screen's reply has arrived by then), `malloc_trim` hands
/// the free pages back. It walks the heap once; the console's heap is a few megabytes.
struct HeapTrim {
    static let delay: Timestamp = 2 * Nanos.perSecond
    private var screen: Screen?
    private var due: Timestamp?
    private let trim: () -> Void

    init(trim: @escaping () -> Void = HeapTrim.returnFreePages) {
        self.trim = trim
    }

    /// `malloc_trim(0)` where there is glibc.
    static func returnFreePages() {
        #if canImport(Glibc)
        _ = glibcMallocTrim(0)
        #endif
    }

    /// Call once per loop with the screen shown now.
    mutating func tick(screen now: Screen, at t: Timestamp) {
        if now != screen {
            screen = now
            due = t + Self.delay
        }
        guard let d = due, t >= d else { return }
        due = nil
        trim()
    }
}
