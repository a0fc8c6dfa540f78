/// The plant's working time from a moment on, in whole seconds after it: the shifts
/// minus their breaks. Work is planned only inside it; an operation that reaches a
/// break or a shift end pauses and goes on when work resumes.
public struct WorkingTime: Sendable {
    /// Sorted, disjoint [start, end) spans in seconds after the origin; empty means always working.
    public let spans: [Range<Int>]
    public let alwaysWorking: Bool
    /// For each hour from the origin, the index of the first span that ends after it: where the
    /// search for a moment's span starts (the schedulers ask millions of times per reschedule).
    private let hourIndex: [Int]
    private static let bucket = 3600

    /// - Parameter days: how far ahead the calendar is laid out.
    public init(calendar: ShiftCalendar, hasShifts: Bool, from origin: Timestamp, days: Int = 60) {
        guard hasShifts else {
            spans = []
            alwaysWorking = true
            hourIndex = []
            return
        }
        var out: [Range<Int>] = []
        for s in calendar.occurrences(from: origin - 86_400 * Nanos.perSecond, to: origin + Int64(days) * 86_400 * Nanos.perSecond) {
            var pieces: [Range<Timestamp>] = [s.start..<s.end]
            for b in s.breaks {
                pieces = pieces.flatMap { p -> [Range<Timestamp>] in
                    guard p.overlaps(b) else { return [p] }
                    return [p.lowerBound..<max(p.lowerBound, b.lowerBound), min(p.upperBound, b.upperBound)..<p.upperBound].filter { !$0.isEmpty }
                }
            }
            for p in pieces {
                // Whole seconds inside the span: its start rounded up, its end down.
                let a = Int((max(p.lowerBound, origin) - origin + Nanos.perSecond - 1) / Nanos.perSecond)
                let b = Int((p.upperBound - origin) / Nanos.perSecond)
                if b > a { out.append(a..<b) }
            }
        }
        out.sort { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for r in out {
            if let last = merged.last, last.upperBound >= r.lowerBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        spans = merged
        alwaysWorking = false
        var index: [Int] = []
        var k = 0
        for hour in 0..<(merged.last.map { $0.upperBound / Self.bucket + 1 } ?? 0) {
            while k < merged.count && merged[k].upperBound <= hour * Self.bucket { k += 1 }
            index.append(k)
        }
        hourIndex = index
    }

    /// The span index containing t or the first after it.
    @inline(__always)
    private func spanIndex(_ t: Int) -> Int {
        if t >= 0 && t / Self.bucket < hourIndex.count {
            var k = hourIndex[t / Self.bucket]
            while k < spans.count && spans[k].upperBound <= t { k += 1 }
            return k
        }
        var lo = 0
        var hi = spans.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if spans[mid].upperBound <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The first working second at or after t (past the laid-out calendar: t itself).
    public func nextWorking(_ t: Int) -> Int {
        if alwaysWorking { return t }
        let k = spanIndex(t)
        guard k < spans.count else { return t }
        return max(t, spans[k].lowerBound)
    }

    /// When `work` seconds of work that start at t end, pausing outside working time.
    public func finish(start t: Int, work: Int) -> Int {
        if alwaysWorking || work <= 0 { return t + max(0, work) }
        var k = spanIndex(t)
        var at = t
        var left = work
        while k < spans.count {
            let s = spans[k]
            at = max(at, s.lowerBound)
            let room = s.upperBound - at
            if left <= room { return at + left }
            left -= room
            k += 1
        }
        return at + left
    }
}
