/// The floor's state machine: samples in, state intervals, per-minute counts and
/// live machine views out.
///
/// It is pure and deterministic. Time comes from the samples; the daemon's clock
/// enters only through `checkCommLoss(now:)` (a machine silent for the comm-loss
/// timeout goes `offline`) and `rollShift(now:)`. Given the same samples with the
/// same timestamps it reaches the same state, which is what lets tests check OEE
/// and intervals to the second without sleeping.
///
/// Rules:
/// - A state (or a reason within a state) that changes closes the open interval
///   at the sample's time and opens a new one. A line without `state` keeps the
///   state; a line that keeps the state without a reason keeps the reason.
/// - Counters are monotonic as a PLC keeps them: the increase since the last
///   report counts; a counter that goes down was reset and its new value counts
///   from zero; the first report is the baseline.
/// - A machine that falls silent is `offline` from its last sample on: that time
///   is unknown, not any state. A gap in a backfilled feed longer than the timeout
///   is offline the same way.
/// - A sample older than the machine's last one is refused: intervals never overlap.
/// - A sample stamped outside `TelemetryLimits`' range is refused (the interpreter refuses
///   it first, and one ahead of the daemon's clock too).
/// - A counter that rises, or restarts from zero, by more than the machine's
///   `max_counter_rate` allows since its previous line refuses the line; the counter's
///   next report is its new baseline (a PLC swapped, or a value no machine makes).
/// - A line that would give its machine more distinct process values than
///   `max_process_values` is refused; the names the machine has keep being taken.
/// - No arithmetic on a sample's values can trap: sums of counts are held at Int64.max.
public struct FloorEngine: Sendable {
    public let plant: PlantConfig
    public private(set) var machines: [MachineLive]
    /// Per machine, where each process value's name is in its list: a lookup per value, not a
    /// scan of up to `max_process_values` names (a Sparkplug device sends 100 at once).
    private var processValueIndex: [[String: Int]]
    private var shifts: ShiftLookup
    /// When a machine is lost (its silence, from its last line or from the start); the alarm engine asks it too.
    public let commLossRule: CommLossRule
    private var commLoss: Timestamp { commLossRule.timeout }
    /// Per machine, the most its counters may rise per second.
    private let counterRates: [Double]
    private var changed: [Bool]
    /// When each machine's source last said it is alive without sending data (a Sparkplug
    /// session reporting by exception): not silence for the comm-loss rule, but not a line
    /// received either (a received line stamped long before is history: `Backfill`).
    private var heardAt: [Timestamp?]
    private var changedList: [Int] = []
    /// Per machine: whether its process values changed since they were last handed over to
    /// be stored, and when that was (`drainChanges(now:)`).
    private var valuesChanged: [Bool]
    private var valuesDrainedAt: [Timestamp?]
    /// Every numeric process value's history, minute by minute, until the store takes it.
    private var history: HistoryRecorder
    /// False with `history: off`.
    private let keepsHistory: Bool
    private var closed: [StateInterval] = []
    private var minuteIndex: [MinuteKey: Int] = [:]
    private var minutes: [MinuteCount] = []
    /// Per machine, its current shift's closed intervals booked into sums: what live OEE
    /// needs, in memory that does not grow with the intervals.
    public private(set) var shiftBookings: [ShiftBooking?]
    /// Per machine, its last closed interval: the one that may reach into a shift that
    /// starts with the same line.
    private var lastClosed: [StateInterval?]
    private let oee: OEECalculator
    private let indexByID: [String: Int]

    private struct MinuteKey: Hashable {
        var machine: Int
        var minute: Int64
    }

    /// Why the engine refused a sample.
    public enum Rejection: Error, Sendable, Equatable, CustomStringConvertible {
        case outOfOrder(machine: String, sample: Timestamp, last: Timestamp)
        case outOfRange(machine: String, sample: Timestamp)
        /// `counter` went from `from` to `to` in `seconds`, more than `limit` (`rate` per second) allows.
        case counterJump(machine: String, counter: String, from: Int64, to: Int64, seconds: Double, limit: Double, rate: Double)
        /// The line brings `adding` new process values (the first beyond the limit: `field`) to
        /// the `known` the machine has, more than `limit` allows.
        case tooManyProcessValues(machine: String, known: Int, adding: Int, field: String, limit: Int)
        /// A process value beyond what Gemba keeps (`TelemetryLimits.maxValue`).
        case valueBeyond(machine: String, field: String, value: Double)

        public var description: String {
            switch self {
            case .outOfOrder(let m, let s, let l):
                return "timestamp \(s) is before the last sample of \(m) (\(l)); samples of a machine must not go back in time"
            case .outOfRange(_, let s):
                return TelemetryLimits.outOfRangeReason(s)
            case .counterJump(_, let counter, let from, let to, let seconds, let limit, let rate):
                let span = seconds < 1 ? "less than 1 s" : "\(DurationText.number(seconds.rounded(.down))) s"
                return
                    "\(counter) jumped from \(from) to \(to) in \(span), more than max_counter_rate \(TelemetryLimits.rateText(rate)) allows (\(DurationText.number(limit.rounded(.down)))); line refused, the counter's next report is its new baseline"
            case .valueBeyond(_, let field, let value):
                return
                    "\(field)=\(value) is beyond what Gemba keeps (a number within ±1e15); line refused (a sensor fault? its other fields were not taken either)"
            case .tooManyProcessValues(let machine, let known, let adding, let field, let limit):
                let new = adding == 1 ? "1 new one" : "\(adding) new ones"
                return
                    "\(machine) has \(known) process values and this line brings \(new); max_process_values (\(limit)) allows no more than \(limit): \"\(field)\" would be one too many; line refused (its known fields are still taken)"
            }
        }
    }

    /// - Parameters:
    ///   - restoring: machine rows as the store last saved them; machines without one start unknown.
    ///   - now: the daemon's clock at start, for machines that have never reported (and the
    ///     start of their silence: `commLossRule`).
    public init(plant: PlantConfig, restoring: [MachineLive] = [], now: Timestamp) {
        self.plant = plant
        let saved = Dictionary(restoring.map { ($0.id, $0) }, uniquingKeysWith: { _, b in b })
        let machines = plant.machines.map { saved[$0.id] ?? MachineLive(id: $0.id, since: now) }
        self.machines = machines
        self.processValueIndex = machines.map { Self.index(of: $0.processValues) }
        self.shifts = ShiftLookup(calendar: ShiftCalendar(shifts: plant.shifts, timezone: plant.timezone))
        self.commLossRule = CommLossRule(timeout: plant.commLossTimeout, startedAt: now)
        self.counterRates = plant.machines.map { $0.counterRateLimit(plant: plant.maxCounterRate) }
        self.changed = Array(repeating: false, count: machines.count)
        self.heardAt = Array(repeating: nil, count: machines.count)
        self.valuesChanged = Array(repeating: false, count: machines.count)
        self.valuesDrainedAt = Array(repeating: nil, count: machines.count)
        self.history = HistoryRecorder(machineIDs: machines.map(\.id))
        self.keepsHistory = plant.history.enabled
        self.shiftBookings = Array(repeating: nil, count: machines.count)
        self.lastClosed = Array(repeating: nil, count: machines.count)
        self.oee = OEECalculator(
            calendar: ShiftCalendar(shifts: plant.shifts, timezone: plant.timezone), microStopThreshold: plant.microStopThreshold)
        var index: [String: Int] = [:]
        for (i, m) in plant.machines.enumerated() { index[m.id] = i }
        self.indexByID = index
    }

    /// Gives back the closed intervals of the current shift after a restart (the store has
    /// them), oldest first: they are booked, not kept.
    public mutating func restoreShiftIntervals(_ intervals: [StateInterval]) {
        for iv in intervals.sorted(by: { $0.start < $1.start }) {
            guard let i = indexByID[iv.machine], let start = machines[i].shiftStart, iv.end > start else { continue }
            book(iv, machine: i)
        }
    }

    /// Machine `i`'s live OEE ledger for `shift` (the calendar's current one) as of `now`: its
    /// booked closed intervals of the shift, the open one up to `now`, and the shift's counts.
    public func shiftLedger(machine i: Int, shift: ShiftInstance, now: Timestamp) -> OEECalculator.Ledger {
        let m = machines[i]
        let booking = shiftBookings[i].flatMap { $0.shift.start == shift.start ? $0 : nil } ?? ShiftBooking(shift: shift, calculator: oee)
        let open = m.hasReported && now > m.since ? StateInterval(machine: m.id, state: m.state, reason: m.reason, start: m.since, end: now) : nil
        let counts = m.shiftStart.map { [MinuteCount(machine: m.id, minute: Nanos.minute($0), total: m.shiftTotal, reject: m.shiftReject)] } ?? []
        return booking.ledger(machine: plant.machines[i], open: open, counts: counts, asOf: now)
    }

    public var calendar: ShiftCalendar { shifts.calendar }

    // MARK: Samples

    /// Applies one sample; `receivedAt` is the daemon clock when its line arrived.
    /// Returns the parts it counted (the increase of the counters).
    @discardableResult
    public mutating func apply(_ sample: TelemetrySample, receivedAt: Timestamp) throws(Rejection) -> (total: Int64, reject: Int64) {
        let i = sample.machine
        let t = sample.timestamp
        var m = machines[i]
        guard TelemetryLimits.inRange(t) else { throw .outOfRange(machine: m.id, sample: t) }
        if let last = m.lastSeen, t < last {
            throw .outOfOrder(machine: m.id, sample: t, last: last)
        }
        // Each value's place among the machine's (-1: a name not seen before), looked up once.
        // Empty while every value is where it was last time: a feed sends its values in the
        // same order every time, the order they were first kept in.
        var places: [Int] = []
        if !sample.processValues.isEmpty {
            var unknown = false
            let known = machines[i].processValues
            var inPlace = true
            for (n, pv) in sample.processValues.enumerated() {
                guard TelemetryLimits.keeps(pv.value) else { throw .valueBeyond(machine: m.id, field: pv.name, value: pv.value) }
                let same = n < known.count && known[n].name == pv.name
                if inPlace {
                    if same { continue }
                    inPlace = false
                    places.reserveCapacity(sample.processValues.count)
                    places.append(contentsOf: 0..<n)
                }
                let k = same ? n : processValueIndex[i][pv.name] ?? -1
                unknown = unknown || k < 0
                places.append(k)
            }
            if unknown, let beyond = Self.nameBeyond(plant.maxProcessValues, adding: sample.processValues, to: processValueIndex[i]) {
                throw .tooManyProcessValues(
                    machine: m.id, known: m.processValues.count, adding: beyond.adding, field: beyond.field, limit: plant.maxProcessValues)
            }
        }
        // Counters first: a jump refuses the whole line before anything of it is applied.
        var addTotal: Int64 = 0
        var addReject: Int64 = 0
        if sample.countTotal != nil || sample.countReject != nil {
            // Seconds since the machine's previous line (Double: no overflow whatever was restored).
            let seconds = m.lastSeen.map { (Double(t) - Double($0)) / 1e9 } ?? 0
            let limit = counterRates[i] * max(seconds, TelemetryLimits.counterWindow)
            var jump: Rejection?
            if let n = sample.countTotal, let prev = m.countTotal {
                addTotal = Self.increase(from: prev, to: n)
                if Double(addTotal) > limit {
                    jump = .counterJump(
                        machine: m.id, counter: "count_total", from: prev, to: n, seconds: seconds, limit: limit, rate: counterRates[i])
                    machines[i].countTotal = nil
                }
            }
            if let n = sample.countReject, let prev = m.countReject {
                addReject = Self.increase(from: prev, to: n)
                if Double(addReject) > limit {
                    jump =
                        jump
                        ?? .counterJump(
                            machine: m.id, counter: "count_reject", from: prev, to: n, seconds: seconds, limit: limit, rate: counterRates[i])
                    machines[i].countReject = nil
                }
            }
            if let jump {
                markChanged(i)
                throw jump
            }
        }

        if let last = m.lastSeen {
            if m.state == .offline {
                // Back from silence: the offline interval ends now.
                close(&m, at: t)
                m.state = sample.state ?? m.resumeState ?? .idle
                m.reason = sample.state == nil ? m.resumeReason : sample.reason
                m.since = t
            } else if t.clampedSubtracting(last) > commLoss {
                // A gap in the feed longer than the timeout: unknown time, as if live.
                close(&m, at: last)
                m.state = .offline
                m.reason = nil
                m.since = last
                close(&m, at: t)
                m.state = sample.state ?? machines[i].state
                m.reason = sample.state == nil ? machines[i].reason : sample.reason
                m.since = t
            }
        } else {
            // The first sample ever: the machine's history starts here.
            m.state = sample.state ?? .idle
            m.reason = sample.reason
            m.since = t
        }

        // A reason alone is a change of the reason of the state the machine is in (an HMI
        // reporting by exception sends the reason by itself): it closes the interval too.
        let state = sample.state ?? (sample.reason != nil ? m.state : nil)
        if let state, state != m.state || (sample.reason != nil && sample.reason != m.reason) {
            close(&m, at: t)
            m.state = state
            m.reason = sample.reason
            m.since = t
        }

        // Counters (their increase was worked out above).
        if let n = sample.countTotal { m.countTotal = n }
        if let n = sample.countReject { m.countReject = n }
        let shift = shifts.shift(at: t)
        if m.shiftStart != shift?.start {
            startBooking(shift, machine: i)
            m.shiftStart = shift?.start
            m.shiftName = shift?.name
            m.shiftTotal = 0
            m.shiftReject = 0
        }
        if addTotal != 0 || addReject != 0 {
            if shift != nil {
                m.shiftTotal = m.shiftTotal.clampedAdding(addTotal)
                m.shiftReject = m.shiftReject.clampedAdding(addReject)
            }
            addMinute(machine: i, minute: Nanos.minute(t), total: addTotal, reject: addReject)
        }

        m.lastSeen = t
        m.lastReceived = receivedAt
        if !sample.processValues.isEmpty {
            // Taken out of both copies of the machine, so that it is changed in place, not copied.
            var values = m.processValues
            m.processValues = []
            machines[i].processValues = []
            for (n, pv) in sample.processValues.enumerated() {
                let place: Int
                let guess = places.isEmpty ? n : places[n]
                if guess >= 0, guess < values.count, values[guess].name == pv.name {
                    place = guess
                    values[place] = pv
                } else if let k = processValueIndex[i][pv.name], k < values.count, values[k].name == pv.name {
                    place = k
                    values[k] = pv
                } else {
                    place = values.count
                    processValueIndex[i][pv.name] = values.count
                    values.append(pv)
                }
                if keepsHistory { history.record(machine: i, place: place, name: pv.name, value: pv.value, at: pv.at) }
            }
            m.processValues = values
            valuesChanged[i] = true
        }
        machines[i] = m
        markChanged(i)
        return (addTotal, addReject)
    }

    // MARK: Clock-driven changes

    /// Marks machines silent for longer than the comm-loss timeout as `offline`,
    /// from their last sample on.
    public mutating func checkCommLoss(now: Timestamp) {
        for i in machines.indices {
            let m = machines[i]
            guard m.state != .offline, let lastReceived = m.lastReceived, let last = m.lastSeen,
                now.clampedSubtracting(max(lastReceived, heardAt[i] ?? lastReceived)) > commLoss
            else { continue }
            goOffline(i, at: max(last, m.since))
        }
    }

    /// Machine `i`'s source said it is gone (a Sparkplug death): offline at once from `at`
    /// (or its last sample, if later), not after the comm-loss timeout.
    public mutating func takeOffline(machine i: Int, at: Timestamp) {
        guard machines.indices.contains(i), machines[i].state != .offline, let last = machines[i].lastSeen else { return }
        goOffline(i, at: max(at, last, machines[i].since))
    }

    /// Machine `i`'s source is alive though it sent nothing (a Sparkplug session reports by
    /// exception): its silence is not comm loss.
    public mutating func heard(machine i: Int, at now: Timestamp) {
        guard machines.indices.contains(i), machines[i].lastSeen != nil else { return }
        heardAt[i] = max(heardAt[i] ?? now, now)
    }

    private mutating func goOffline(_ i: Int, at t: Timestamp) {
        var m = machines[i]
        close(&m, at: t)
        m.resumeState = m.state
        m.resumeReason = m.reason
        m.state = .offline
        m.reason = nil
        m.since = t
        machines[i] = m
        markChanged(i)
    }

    /// Starts the shift counts afresh for machines whose shift ended, so that the
    /// board shows zero for a new shift before the first part is counted.
    public mutating func rollShift(now: Timestamp) {
        let shift = shifts.shift(at: now)
        for i in machines.indices where machines[i].shiftStart != shift?.start {
            // Only move forward: a backfilled feed may be in an older shift.
            if let s = machines[i].shiftStart, let current = shift?.start, s > current { continue }
            if let seen = machines[i].lastSeen, seen >= now { continue }
            let hadCounts = machines[i].shiftTotal != 0 || machines[i].shiftReject != 0
            startBooking(shift, machine: i)
            machines[i].shiftStart = shift?.start
            machines[i].shiftName = shift?.name
            machines[i].shiftTotal = 0
            machines[i].shiftReject = 0
            // Only a visible change is pushed: a machine at zero stays at zero.
            if hadCounts { markChanged(i) }
        }
    }

    /// Books a reason against machine `id`'s `down` interval starting at `start`:
    /// the open one (the machine is still down) or one of the shift's closed ones.
    /// Returns whether the open interval was the one (the caller updates the store otherwise).
    public mutating func classify(machine id: String, start: Timestamp, reason: String) -> Bool {
        guard let i = indexByID[id] else { return false }
        // A closed interval's reason is the store's to update: live OEE books time by state.
        guard machines[i].state == .down, machines[i].since == start else { return false }
        machines[i].reason = reason
        markChanged(i)
        return true
    }

    /// Starts machine `id` afresh, as if it had never reported (`gemba machine reset`): its
    /// open interval, last timestamps, counters, shift counts and process values go; its next
    /// line, of any time, is its first. Closed intervals and counts not yet handed over stay
    /// (they are history). Returns false for a machine the plant does not have.
    @discardableResult
    public mutating func resetMachine(_ id: String, now: Timestamp) -> Bool {
        guard let i = indexByID[id] else { return false }
        machines[i] = MachineLive(id: id, since: now)
        history.closeAll(machine: i)
        processValueIndex[i] = [:]
        shiftBookings[i] = nil
        lastClosed[i] = nil
        markChanged(i)
        return true
    }

    /// Machine `id`'s history of value `name` not handed over yet (what a history query adds
    /// to the store's rows).
    public func pendingHistory(machine id: String, name: String) -> [HistoryMinute] {
        history.pending(machine: id, name: name)
    }

    /// One machine's closed intervals and minute counts not yet handed over: what a query
    /// adds to the store's rows to see everything the engine has accepted.
    public func pending(machine id: String) -> (intervals: [StateInterval], minutes: [MinuteCount]) {
        (closed.filter { $0.machine == id }, minutes.filter { $0.machine == id })
    }

    /// How often a machine's process values are handed over to be stored while they keep
    /// changing. The store keeps them for a restart only (the engine is what everyone reads):
    /// a feed changing its values with every message would otherwise have every value
    /// written on every flush, the daemon's largest cost after the feed itself.
    public static let valueStoreInterval: Timestamp = Nanos.perSecond

    /// Hands over everything changed since the last call. Process values are due to be
    /// stored (`EngineChanges.valuesDue`) once per `valueStoreInterval` of `now` per machine,
    /// and at the first drain after it for a machine that fell silent meanwhile; without
    /// `now` (the daemon's last flush) every changed machine's values are due.
    public mutating func drainChanges(now: Timestamp? = nil) -> EngineChanges {
        var out = EngineChanges()
        out.closedIntervals = closed
        out.minuteCounts = minutes
        var due: [String] = []
        for i in machines.indices where valuesChanged[i] {
            if let now, let last = valuesDrainedAt[i], now.clampedSubtracting(last) < Self.valueStoreInterval { continue }
            valuesChanged[i] = false
            valuesDrainedAt[i] = now
            due.append(machines[i].id)
            // Stored with the machine's row: a machine due without a change since is handed over again.
            markChanged(i)
        }
        out.valuesDue = due
        out.history = history.drain(now: now)
        out.changedMachines = changedList.map { machines[$0] }
        closed.removeAll(keepingCapacity: true)
        minutes.removeAll(keepingCapacity: true)
        minuteIndex.removeAll(keepingCapacity: true)
        for i in changedList { changed[i] = false }
        changedList.removeAll(keepingCapacity: true)
        return out
    }

    // MARK: Helpers

    private mutating func close(_ m: inout MachineLive, at end: Timestamp) {
        guard end > m.since else { return }
        let iv = StateInterval(machine: m.id, state: m.state, reason: m.reason, start: m.since, end: end)
        closed.append(iv)
        if let i = indexByID[m.id] {
            lastClosed[i] = iv
            if let start = m.shiftStart, end <= start {
                // Before this machine's shift: history only.
            } else {
                book(iv, machine: i)
            }
        }
        m.since = end
    }

    /// Books a closed interval into machine `i`'s shift (its booking starts with the first).
    private mutating func book(_ iv: StateInterval, machine i: Int) {
        if shiftBookings[i] == nil {
            guard let start = machines[i].shiftStart, let shift = shifts.calendar.shift(at: start) else { return }
            shiftBookings[i] = ShiftBooking(shift: shift, calculator: oee)
        }
        shiftBookings[i]?.add(iv)
    }

    /// Machine `i` enters `shift`: a new booking, which takes the last closed interval if it
    /// reaches into the shift (it closed with the line that started the shift).
    private mutating func startBooking(_ shift: ShiftInstance?, machine i: Int) {
        guard let shift else {
            shiftBookings[i] = nil
            return
        }
        var booking = ShiftBooking(shift: shift, calculator: oee)
        if let last = lastClosed[i], last.end > shift.start { booking.add(last) }
        shiftBookings[i] = booking
    }

    private mutating func addMinute(machine: Int, minute: Int64, total: Int64, reject: Int64) {
        let key = MinuteKey(machine: machine, minute: minute)
        if let k = minuteIndex[key] {
            minutes[k].total = minutes[k].total.clampedAdding(total)
            minutes[k].reject = minutes[k].reject.clampedAdding(reject)
        } else {
            minuteIndex[key] = minutes.count
            minutes.append(MinuteCount(machine: machines[machine].id, minute: minute, total: total, reject: reject))
        }
    }

    @inline(__always)
    private mutating func markChanged(_ i: Int) {
        if !changed[i] {
            changed[i] = true
            changedList.append(i)
        }
    }
}
