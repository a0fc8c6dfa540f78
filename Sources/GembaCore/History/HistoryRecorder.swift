/// The engine's half of process-value history: each value's open minute, added up as its
/// samples arrive (a few compares and adds per sample, no allocation but a second's raw
/// sample), and the minutes closed since the store last took them.
///
/// A value is found by its machine and its place among the machine's values (the engine
/// knows both already), not by hashing its name.
public struct HistoryRecorder: Sendable {
    struct Open: Sendable {
        var name: String
        var minute: Int64
        var aggregate: HistoryAggregate
        var raw: [HistoryRawSample]
        /// Whether a sample came since the last drain (an open minute whose feed fell silent
        /// is closed by the clock; one still being fed is not, however old its time).
        var fed: Bool
    }

    private let machineIDs: [String]
    /// Per machine, per place of a value among the machine's.
    private var open: [[Open?]]
    private var closed: [HistoryMinute] = []

    public init(machineIDs: [String]) {
        self.machineIDs = machineIDs
        self.open = Array(repeating: [], count: machineIDs.count)
    }

    /// One sample of machine `i`'s value at `place` (its index among the machine's values).
    @inline(__always)
    public mutating func record(machine i: Int, place: Int, name: String, value: Double, at: Timestamp) {
        let minute = Nanos.minute(at)
        if place < open[i].count {
            // One access to the open minute, changed in place (each `open[i][place]!` would
            // check both arrays' uniqueness again): this runs for every value of every sample.
            if Self.extend(&open[i][place], name: name, minute: minute, value: value, at: at) { return }
            close(machine: i, place: place)
        }
        while open[i].count <= place { open[i].append(nil) }
        open[i][place] = Open(
            name: name, minute: minute, aggregate: HistoryAggregate(value, at: at), raw: [HistoryRawSample(at: at, value: value)], fed: true)
    }

    /// Adds the sample to `o` when it is the open minute of that name; false (nothing
    /// changed) when there is none, or it is another minute or another value's.
    @inline(__always)
    private static func extend(_ o: inout Open?, name: String, minute: Int64, value: Double, at: Timestamp) -> Bool {
        guard o?.minute == minute, o?.name == name else { return false }
        o!.aggregate.add(value, at: at)
        o!.fed = true
        keepRaw(&o!.raw, value, at: at)
        return true
    }

    /// At most one raw sample per second: the last of each.
    @inline(__always)
    private static func keepRaw(_ raw: inout [HistoryRawSample], _ value: Double, at: Timestamp) {
        if let last = raw.last, last.at / Nanos.perSecond == at / Nanos.perSecond {
            raw[raw.count - 1] = HistoryRawSample(at: at, value: value)
        } else {
            raw.append(HistoryRawSample(at: at, value: value))
        }
    }

    private mutating func close(machine i: Int, place: Int) {
        guard let o = open[i][place] else { return }
        closed.append(HistoryMinute(machine: machineIDs[i], name: o.name, minute: o.minute, aggregate: o.aggregate, raw: o.raw))
        open[i][place] = nil
    }

    /// Closes every open minute of machine `i` (its values start afresh: a reset).
    public mutating func closeAll(machine i: Int) {
        for k in open[i].indices { close(machine: i, place: k) }
        open[i] = []
    }

    /// The minutes to store: those closed since the last drain, and open ones whose minute
    /// ended by `now` with no sample since the last drain (a silent feed's last minute). With
    /// `now` nil (the daemon is stopping) every open minute goes, as a part the store merges
    /// with the rest of its minute if the feed goes on in it after a restart.
    public mutating func drain(now: Timestamp?) -> [HistoryMinute] {
        let current = now.map(Nanos.minute)
        for i in open.indices {
            for k in open[i].indices {
                guard let o = open[i][k] else { continue }
                if let current, o.fed || o.minute >= current {
                    open[i][k]!.fed = false
                    continue
                }
                close(machine: i, place: k)
            }
        }
        defer { closed.removeAll(keepingCapacity: true) }
        return closed
    }

    /// Machine `id`'s minutes of value `name` not handed over yet: closed ones, then the open one.
    public func pending(machine id: String, name: String) -> [HistoryMinute] {
        var out = closed.filter { $0.machine == id && $0.name == name }
        if let i = machineIDs.firstIndex(of: id) {
            for o in open[i] {
                guard let o, o.name == name else { continue }
                out.append(HistoryMinute(machine: id, name: name, minute: o.minute, aggregate: o.aggregate, raw: o.raw))
            }
        }
        return out
    }
}
