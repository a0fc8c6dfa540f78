/// One machine's time in one shift occurrence, booked interval by interval as the
/// intervals close, so that live OEE holds the shift's shape and a dozen sums instead
/// of every interval of the shift: a machine that changes state every second for
/// eight hours costs the same memory as one that ran all shift.
///
/// `ledger` gives what `OEECalculator.ledger` gives for the shift's closed intervals
/// plus the open one, as of a moment no closed interval ends after.
public struct ShiftBooking: Sendable {
    public let shift: ShiftInstance
    private let calculator: OEECalculator
    /// The shift's working parts (its span less its breaks), whole.
    private let working: [Range<Timestamp>]
    private var booked = OEETime()
    private var covered: Timestamp = 0
    /// How many closed intervals were booked (for tests and the daemon's status).
    public private(set) var intervalCount = 0
    /// The end of the latest closed interval booked.
    public private(set) var bookedUntil: Timestamp?

    public init(shift: ShiftInstance, calculator: OEECalculator) {
        self.shift = shift
        self.calculator = calculator
        self.working = calculator.frame(shifts: [shift], from: shift.start, end: shift.end).working
    }

    /// Books a closed interval (the part of it inside the shift's working time).
    public mutating func add(_ iv: StateInterval) {
        guard iv.end > shift.start, iv.start < shift.end else { return }
        for w in working { covered = covered.clampedAdding(calculator.book(iv, within: w, into: &booked)) }
        intervalCount += 1
        bookedUntil = max(bookedUntil ?? iv.end, iv.end)
    }

    /// The machine's ledger for the shift as of `asOf`: the booked intervals, the open one
    /// (ending at `asOf`) and the counts. A closed interval dated after `asOf` (a clock
    /// behind the machine's) is taken whole: `asOf` moves up to its end.
    public func ledger(
        machine: MachineConfig, open: StateInterval?, counts: [MinuteCount], asOf: Timestamp
    ) -> OEECalculator.Ledger {
        let asOf = max(asOf, bookedUntil ?? asOf)
        let end = min(shift.end, asOf)
        guard end > shift.start else { return OEECalculator.Ledger(machine: machine) }
        let frame = calculator.frame(shifts: [shift], from: shift.start, end: end)
        var time = booked
        var covered = self.covered
        if let open {
            for w in frame.working { covered = covered.clampedAdding(calculator.book(open, within: w, into: &time)) }
        }
        return calculator.finish(frame: frame, time: time, covered: covered, machine: machine) { minutes in
            OEECalculator.sum(counts, in: minutes)
        }
    }
}
