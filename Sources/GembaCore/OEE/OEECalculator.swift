/// Computes OEE as ISO 22400-2 defines it, from state intervals, per-minute
/// counts and the shift calendar, for any window [from, to).
///
/// Time is split exactly at window, shift, break and interval boundaries (in
/// nanoseconds, DST included: the calendar gives absolute instants). Counts are
/// kept per minute: a minute belongs to the window when its start does, and only
/// minutes inside shift time count (as POT does). Lines and plants aggregate by
/// sums, never by averaging percentages.
public struct OEECalculator: Sendable {
    public let calendar: ShiftCalendar
    public var convention: OEEConvention
    /// Stops shorter than this are micro-stops (moved to the performance loss in the Nakajima convention).
    public var microStopThreshold: Seconds

    public init(calendar: ShiftCalendar, convention: OEEConvention = .iso, microStopThreshold: Seconds = 120) {
        self.calendar = calendar
        self.convention = convention
        self.microStopThreshold = microStopThreshold
    }

    /// The raw sums of one machine, which lines and plants add up.
    public struct Ledger: Sendable, Equatable {
        public var time = OEETime()
        public var counts = OEECounts()
        public var idealCycleTimes: Set<Double> = []
        public init() {}

        public static func + (a: Ledger, b: Ledger) -> Ledger {
            var r = Ledger()
            r.time = a.time + b.time
            // Counts come from telemetry: a sum past Int64 is held there, never a trap.
            r.counts = OEECounts(total: a.counts.total.clampedAdding(b.counts.total), reject: a.counts.reject.clampedAdding(b.counts.reject))
            r.idealCycleTimes = a.idealCycleTimes.union(b.idealCycleTimes)
            return r
        }
    }

    /// The ledger of one machine over [from, to), as of `asOf` (time after it is not yet known).
    ///
    /// - Parameters:
    ///   - intervals: the machine's state intervals overlapping the window, oldest first, not overlapping;
    ///     the open interval included (ending at `asOf`).
    ///   - counts: the machine's per-minute counts around the window.
    public func ledger(
        machine: MachineConfig, intervals: [StateInterval], counts: [MinuteCount], from: Timestamp, to: Timestamp,
        asOf: Timestamp, shifts: [ShiftInstance]? = nil
    ) -> Ledger {
        let sorted = counts.sorted { $0.minute < $1.minute }
        return ledger(machine: machine, intervals: intervals, from: from, to: to, asOf: asOf, shifts: shifts) { minutes in
            var total: Int64 = 0
            var reject: Int64 = 0
            for c in sorted where minutes.contains(c.minute) {
                total = total.clampedAdding(c.total)
                reject = reject.clampedAdding(c.reject)
            }
            return (total, reject)
        }
    }

    /// The same, with counts summed by the caller for whole minutes [m0, m1) (a
    /// store answers that with one aggregate query instead of returning every row).
    ///
    /// `shifts`, when given, are the calendar's occurrences overlapping the window
    /// (the same for every machine, so a caller doing many machines asks once).
    public func ledger(
        machine: MachineConfig, intervals: [StateInterval], from: Timestamp, to: Timestamp, asOf: Timestamp,
        shifts: [ShiftInstance]? = nil, countsIn: (Range<Int64>) -> (total: Int64, reject: Int64)
    ) -> Ledger {
        var ledger = Ledger()
        ledger.idealCycleTimes = [machine.idealCycleTime]
        let end = min(to, asOf)
        guard end > from else { return ledger }
        let threshold = Nanos.from(seconds: microStopThreshold)
        // Spans come in time order, and so do intervals and counts: one pass each.
        let intervals = intervals.sorted { $0.start < $1.start }
        var cursor = 0
        var time = OEETime()
        var shiftSpans: [Range<Timestamp>] = []
        for s in shifts ?? calendar.occurrences(from: from, to: end) {
            let spanStart = max(s.start, from)
            let spanEnd = min(s.end, end)
            guard spanStart < spanEnd else { continue }
            let span = spanStart..<spanEnd
            shiftSpans.append(span)
            time.plannedOperation += Nanos.seconds(span.upperBound.clampedSubtracting(span.lowerBound))
            // The working parts of the shift: its span less its breaks.
            var working: [Range<Timestamp>] = [span]
            for b in s.breaks {
                let cutStart = max(b.lowerBound, span.lowerBound)
                let cutEnd = min(b.upperBound, span.upperBound)
                guard cutStart < cutEnd else { continue }
                let cut = cutStart..<cutEnd
                time.plannedDown += Nanos.seconds(cut.upperBound.clampedSubtracting(cut.lowerBound))
                working = working.flatMap { w -> [Range<Timestamp>] in
                    guard w.overlaps(cut) else { return [w] }
                    var parts: [Range<Timestamp>] = []
                    if w.lowerBound < cut.lowerBound { parts.append(w.lowerBound..<cut.lowerBound) }
                    if cut.upperBound < w.upperBound { parts.append(cut.upperBound..<w.upperBound) }
                    return parts
                }
            }
            for w in working { book(w, intervals: intervals, from: &cursor, threshold: threshold, into: &time) }
        }
        time.plannedBusy = time.plannedOperation - time.plannedDown

        // A minute counts when it starts inside shift time.
        var total: Int64 = 0
        var reject: Int64 = 0
        for span in shiftSpans {
            let first = Self.ceilMinute(span.lowerBound)
            let last = Self.ceilMinute(span.upperBound)
            guard first < last else { continue }
            let c = countsIn(first..<last)
            total = total.clampedAdding(c.total)
            reject = reject.clampedAdding(c.reject)
        }
        ledger.counts = OEECounts(total: total, reject: reject)
        time.netProduction = machine.idealCycleTime * Double(total)
        time.fullyProductive = machine.idealCycleTime * Double(total.clampedSubtracting(reject))
        ledger.time = time
        return ledger
    }

    static func ceilMinute(_ t: Timestamp) -> Int64 {
        let m = Nanos.minute(t)
        return m * Nanos.perMinute == t ? m : m + 1
    }

    /// Books one working span against the intervals: each state to its bucket,
    /// time no interval covers to `offline`.
    private func book(
        _ w: Range<Timestamp>, intervals: [StateInterval], from cursor: inout Int, threshold: Timestamp, into time: inout OEETime
    ) {
        var covered: Timestamp = 0
        // Intervals that ended before this span cannot touch a later one either.
        while cursor < intervals.count && intervals[cursor].end <= w.lowerBound { cursor += 1 }
        var k = cursor
        while k < intervals.count && intervals[k].start < w.upperBound {
            let iv = intervals[k]
            k += 1
            guard iv.end > w.lowerBound else { continue }
            let a = max(iv.start, w.lowerBound)
            let b = min(iv.end, w.upperBound)
            let d = Nanos.seconds(b.clampedSubtracting(a))
            covered = covered.clampedAdding(b.clampedSubtracting(a))
            switch iv.state {
            case .running: time.production += d
            case .setup: time.setup += d
            case .down, .starved, .blocked: time.delay += d
            case .idle: time.idle += d
            case .offline: time.offline += d
            case .plannedStop:
                time.plannedDown += d
            }
            if iv.state == .down || iv.state == .starved || iv.state == .blocked || iv.state == .idle,
                iv.end.clampedSubtracting(iv.start) < threshold
            {
                time.microStops += d
            }
        }
        time.offline += Nanos.seconds(w.upperBound.clampedSubtracting(w.lowerBound).clampedSubtracting(covered))
    }

    /// Turns a ledger (one machine's, or the sum of several) into the four factors.
    public func result(
        _ l: Ledger, scope: String, from: Timestamp, to: Timestamp, asOf: Timestamp
    ) -> OEEResult {
        let t = l.time
        // In the Nakajima convention micro-stops count as running time lost to speed.
        let run = convention == .nakajima ? t.production + t.microStops : t.production
        func ratio(_ a: Double, _ b: Double) -> Double? { b > 0 ? a / b : nil }
        let availability = ratio(run, t.plannedBusy)
        let performance = ratio(t.netProduction, run)
        let quality = l.counts.total > 0 ? Double(l.counts.good) / Double(l.counts.total) : nil
        let oee = ratio(t.fullyProductive, t.plannedBusy)
        var flags: [String] = []
        if let p = performance, p > 1 { flags.append("performance_over_100") }
        if t.offline > 0 { flags.append("offline_time") }
        return OEEResult(
            scope: scope, from: ISOTime.format(from), to: ISOTime.format(to), convention: convention,
            provisional: to > asOf, availability: availability, performance: performance, quality: quality, oee: oee,
            time: t, counts: l.counts, idealCycleTime: l.idealCycleTimes.count == 1 ? l.idealCycleTimes.first : nil,
            flags: flags)
    }
}
