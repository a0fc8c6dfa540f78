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

        /// A machine's ledger with nothing booked yet.
        init(machine: MachineConfig) { idealCycleTimes = [machine.idealCycleTime] }

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
        ledger(machine: machine, intervals: intervals, from: from, to: to, asOf: asOf, shifts: shifts) { minutes in
            Self.sum(counts, in: minutes)
        }
    }

    /// The units of `counts` whose minute lies in `minutes` (held at Int64.max, never a trap).
    static func sum(_ counts: [MinuteCount], in minutes: Range<Int64>) -> (total: Int64, reject: Int64) {
        var total: Int64 = 0
        var reject: Int64 = 0
        for c in counts where minutes.contains(c.minute) {
            total = total.clampedAdding(c.total)
            reject = reject.clampedAdding(c.reject)
        }
        return (total, reject)
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
        let end = min(to, asOf)
        guard end > from else { return Ledger(machine: machine) }
        let frame = frame(shifts: shifts ?? calendar.occurrences(from: from, to: end), from: from, end: end)
        // Spans come in time order, and so do intervals and counts: one pass each.
        let intervals = intervals.sorted { $0.start < $1.start }
        var cursor = 0
        var time = OEETime()
        var covered: Timestamp = 0
        for w in frame.working { covered = covered.clampedAdding(book(w, intervals: intervals, from: &cursor, into: &time)) }
        return finish(frame: frame, time: time, covered: covered, machine: machine, countsIn: countsIn)
    }

    /// The shape of shift time in a window: each occurrence's span clipped to [from, end),
    /// its working parts (the span less its breaks), and the planned time they make.
    struct ShiftFrame {
        var spans: [Range<Timestamp>] = []
        var working: [Range<Timestamp>] = []
        var plannedOperation: Double = 0
        var plannedDown: Double = 0
        /// Nanoseconds of working time (what intervals can cover).
        var workingTime: Timestamp = 0
    }

    func frame(shifts: [ShiftInstance], from: Timestamp, end: Timestamp) -> ShiftFrame {
        var f = ShiftFrame()
        for s in shifts {
            let spanStart = max(s.start, from)
            let spanEnd = min(s.end, end)
            guard spanStart < spanEnd else { continue }
            let span = spanStart..<spanEnd
            f.spans.append(span)
            f.plannedOperation += Nanos.seconds(span.upperBound.clampedSubtracting(span.lowerBound))
            var working: [Range<Timestamp>] = [span]
            for b in s.breaks {
                let cutStart = max(b.lowerBound, span.lowerBound)
                let cutEnd = min(b.upperBound, span.upperBound)
                guard cutStart < cutEnd else { continue }
                let cut = cutStart..<cutEnd
                f.plannedDown += Nanos.seconds(cut.upperBound.clampedSubtracting(cut.lowerBound))
                working = working.flatMap { w -> [Range<Timestamp>] in
                    guard w.overlaps(cut) else { return [w] }
                    var parts: [Range<Timestamp>] = []
                    if w.lowerBound < cut.lowerBound { parts.append(w.lowerBound..<cut.lowerBound) }
                    if cut.upperBound < w.upperBound { parts.append(cut.upperBound..<w.upperBound) }
                    return parts
                }
            }
            f.working += working
        }
        for w in f.working { f.workingTime = f.workingTime.clampedAdding(w.upperBound.clampedSubtracting(w.lowerBound)) }
        return f
    }

    /// The ledger from booked time: planned time from the frame, working time no interval
    /// covered to `offline`, and the counts of the minutes that start inside shift time.
    func finish(
        frame: ShiftFrame, time booked: OEETime, covered: Timestamp, machine: MachineConfig,
        countsIn: (Range<Int64>) -> (total: Int64, reject: Int64)
    ) -> Ledger {
        var ledger = Ledger(machine: machine)
        var time = booked
        time.plannedOperation += frame.plannedOperation
        time.plannedDown += frame.plannedDown
        time.offline += Nanos.seconds(frame.workingTime.clampedSubtracting(covered))
        time.plannedBusy = time.plannedOperation - time.plannedDown

        // A minute counts when it starts inside shift time.
        var total: Int64 = 0
        var reject: Int64 = 0
        for span in frame.spans {
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

    /// Books one working span against the intervals; returns the time they covered.
    private func book(
        _ w: Range<Timestamp>, intervals: [StateInterval], from cursor: inout Int, into time: inout OEETime
    ) -> Timestamp {
        var covered: Timestamp = 0
        // Intervals that ended before this span cannot touch a later one either.
        while cursor < intervals.count && intervals[cursor].end <= w.lowerBound { cursor += 1 }
        var k = cursor
        while k < intervals.count && intervals[k].start < w.upperBound {
            let iv = intervals[k]
            k += 1
            covered = covered.clampedAdding(book(iv, within: w, into: &time))
        }
        return covered
    }

    /// Books the part of one interval inside working span `w` to its state's bucket (and to
    /// micro-stops when the whole stop was shorter than the threshold); returns that part's length.
    func book(_ iv: StateInterval, within w: Range<Timestamp>, into time: inout OEETime) -> Timestamp {
        guard iv.end > w.lowerBound, iv.start < w.upperBound else { return 0 }
        let a = max(iv.start, w.lowerBound)
        let b = min(iv.end, w.upperBound)
        let part = b.clampedSubtracting(a)
        guard part > 0 else { return 0 }
        let d = Nanos.seconds(part)
        switch iv.state {
        case .running: time.production += d
        case .setup: time.setup += d
        case .down, .starved, .blocked: time.delay += d
        case .idle: time.idle += d
        case .offline: time.offline += d
        case .plannedStop: time.plannedDown += d
        }
        if iv.state == .down || iv.state == .starved || iv.state == .blocked || iv.state == .idle,
            iv.end.clampedSubtracting(iv.start) < Nanos.from(seconds: microStopThreshold)
        {
            time.microStops += d
        }
        return part
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
