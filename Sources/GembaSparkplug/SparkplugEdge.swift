import GembaCore
import SwiftProtobuf

/// Gemba as an edge node of its plant (`mqtt.publish`): one device per machine (the device id
/// is the machine id) whose metrics are the machine's state, reason, since when, shift counts
/// and shift OEE, and the alarms of the machine; the plant's own alarms are node metrics.
/// Births carry every metric with its alias and type; data messages carry only what changed
/// (report by exception), by alias. A historian, Grafana, Ignition or a cloud service reads it
/// with no knowledge of Gemba.
///
/// Pure: the caller hands it the floor as consoles see it and publishes what it returns.
package struct SparkplugEdge: Sendable {
    /// One message to publish.
    package struct Message: Sendable, Equatable {
        package var topic: String
        package var payload: [UInt8]
        /// For a data message: what it carries, to keep for later if the broker cannot take it now.
        package var held: Held?
    }

    /// One data message's changes, kept while the broker is away (store and forward).
    package struct Held: Sendable, Equatable {
        /// The machine's device; nil for the node.
        package var device: String?
        /// When they changed (ms since the epoch): the time they go out with.
        package var ms: UInt64
        package var values: [NamedValue]
    }

    /// A line-protocol field's value as the metric that carries it.
    package static func value(_ field: FieldValue) -> Value {
        switch field {
        case .string(let s): .text(s)
        case .int(let v): .long(v)
        case .uint(let v): .unsigned(v)
        case .float(let v): .real(v)
        case .bool(let v): .flag(v)
        }
    }

    /// A metric's name and value, and its own time when it has one (a state's start).
    package struct NamedValue: Sendable, Equatable {
        package var name: String
        package var value: Value
        package var ms: UInt64?
    }

    /// The metrics whose time is when the machine's state changed, not when it was published.
    static let stateMetrics: Set<String> = ["State", "Reason", "State/Since"]

    /// A metric's value as published.
    package enum Value: Sendable, Equatable {
        case text(String)
        case long(Int64)
        case unsigned(UInt64)
        case real(Double)
        case flag(Bool)
        case dateTime(Int64)
        case null(SparkplugValue.DataType)
    }

    /// The metrics of each machine's device, in alias order (aliases from 1).
    package static let machineMetrics = [
        "State", "Reason", "State/Since", "Shift/Good", "Shift/Reject", "OEE/OEE", "OEE/Availability", "OEE/Performance",
        "OEE/Quality",
    ]

    package let node: SparkplugNode
    /// The bdSeq of the current connection's births and of its will (NDEATH): one more for each
    /// new connection (`nextConnection()`, before it is made), so a host pairs each death with
    /// its births. A restarted daemon starts from another (the clock's seconds).
    package private(set) var bdSeq: UInt64
    private var seq: UInt64 = 0
    /// What each device (nil: the node) last published, by metric name.
    private var published: [String?: [String: Value]] = [:]
    /// Aliases per device, fixed at birth.
    private var aliases: [String?: [String: UInt64]] = [:]
    /// Data messages that could not go out while the broker was away, oldest first; they go out
    /// after the next births, flagged historical, at the time they changed.
    private var held: [Held] = []
    /// The most data messages held; beyond it the oldest are dropped (and counted).
    package let holdLimit: Int
    /// Data messages dropped from a full store-and-forward queue since the daemon started.
    package private(set) var dropped: Int64 = 0
    /// Data messages waiting for the broker.
    package var queued: Int { held.count }

    package init(node: SparkplugNode, bdSeq: UInt64, holdLimit: Int = 10_000) {
        self.node = node
        self.bdSeq = bdSeq % 256
        self.holdLimit = max(0, holdLimit)
    }

    /// A new connection is about to be made: its births and its will take the next bdSeq.
    package mutating func nextConnection() {
        bdSeq = (bdSeq + 1) % 256
    }

    /// The NDEATH for the will of the next connection (its bdSeq is the next birth's).
    package func will() -> Message {
        Message(topic: SparkplugTopic(kind: .ndeath, node: node).text, payload: Self.encode(timestamp: nil, seq: nil, [bdSeqMetric()]))
    }

    /// Births after a (re)connection or a rebirth request: NBIRTH then one DBIRTH per machine,
    /// then what was held while the broker was away, flagged historical.
    package mutating func births(machines: [MachineStatus], alarms: [AlarmStatus], rollup: Rollup = Rollup(), at now: Timestamp) -> [Message] {
        seq = 0
        published.removeAll()
        aliases.removeAll()
        let ms = UInt64(max(0, now / Nanos.perMillisecond))
        var out: [Message] = []
        let nodeValues = Self.alarmValues(alarms.filter { $0.machine == nil }).merging(rollup.values) { a, _ in a }
        // Aliases are unique across the whole edge node (Sparkplug 3.0), the node's own first.
        var nodeMetrics = [
            Self.metric("bdSeq", alias: 1, .long(Int64(bdSeq)), at: ms), Self.metric("Node Control/Rebirth", alias: 2, .flag(false), at: ms),
        ]
        var next: UInt64 = 3
        nodeMetrics += define(device: nil, nodeValues, next: &next, at: ms)
        out.append(Message(topic: SparkplugTopic(kind: .nbirth, node: node).text, payload: Self.encode(timestamp: ms, seq: nextSeq(), nodeMetrics)))
        for m in machines {
            let values = Self.values(m).merging(Self.alarmValues(alarms.filter { $0.machine == m.id })) { a, _ in a }
            let metrics = define(device: m.id, values, next: &next, at: ms)
            out.append(
                Message(
                    topic: SparkplugTopic(kind: .dbirth, node: node, device: m.id).text, payload: Self.encode(timestamp: ms, seq: nextSeq(), metrics))
            )
        }
        let waiting = held
        held.removeAll()
        for h in waiting {
            // A machine no longer in the plant (a reload removed it) has no device to carry its past.
            if let m = message(h, historical: true) { out.append(m) }
        }
        return out
    }

    /// Keeps a data message the broker did not take, to go out after the next births.
    package mutating func hold(_ m: Message) {
        guard let h = m.held else { return }
        hold(h)
    }

    private mutating func hold(_ h: Held) {
        held.append(h)
        if held.count > holdLimit {
            let over = held.count - holdLimit
            held.removeFirst(over)
            dropped += Int64(over)
        }
    }

    /// DDATA (and NDATA) with only the metrics that changed since they were last published.
    /// While `holding` (the broker is away) nothing is returned: the changes are held, to go
    /// out after the next births.
    package mutating func data(
        machines: [MachineStatus], alarms: [AlarmStatus]?, rollup: Rollup? = nil, at now: Timestamp, holding: Bool = false
    ) -> [Message] {
        let ms = UInt64(max(0, now / Nanos.perMillisecond))
        var out: [Message] = []
        func emit(_ device: String?, _ changes: [NamedValue]) {
            guard !changes.isEmpty else { return }
            let h = Held(device: device, ms: ms, values: changes)
            if holding {
                hold(h)
            } else if let m = message(h, historical: false) {
                out.append(m)
            }
        }
        if alarms != nil || rollup != nil {
            var node = rollup?.values ?? [:]
            if let alarms { node.merge(Self.alarmValues(alarms.filter { $0.machine == nil })) { a, _ in a } }
            emit(nil, changed(device: nil, node))
        }
        var devices: [String: [String: Value]] = [:]
        for m in machines { devices[m.id] = Self.values(m) }
        if let alarms {
            for a in alarms { if let id = a.machine, aliases[id] != nil { devices[id, default: [:]].merge(Self.alarmValues([a])) { a, _ in a } } }
        }
        let since = Dictionary(machines.map { ($0.id, UInt64(max(0, $0.sinceNanos / Nanos.perMillisecond))) }) { a, _ in a }
        for id in devices.keys.sorted() where aliases[id] != nil {
            // A machine that is not in `machines` only brings its alarm metrics.
            guard let values = devices[id] else { continue }
            var changes = changed(device: id, values)
            for i in changes.indices where Self.stateMetrics.contains(changes[i].name) { changes[i].ms = since[id] }
            emit(id, changes)
        }
        return out
    }

    /// A data message of `h`'s changes by the aliases of the last births; nil when none of them was born.
    private mutating func message(_ h: Held, historical: Bool) -> Message? {
        guard let table = aliases[h.device] else { return nil }
        var metrics: [SparkplugB_Payload.Metric] = []
        for v in h.values {
            // Metrics not born (an alarm defined after the birth) wait for the next birth.
            guard let alias = table[v.name] else { continue }
            var m = Self.metric(nil, alias: alias, v.value, at: v.ms ?? h.ms)
            m.clearDatatype()
            if historical { m.isHistorical = true }
            metrics.append(m)
        }
        guard !metrics.isEmpty else { return nil }
        let topic = h.device.map { SparkplugTopic(kind: .ddata, node: node, device: $0) } ?? SparkplugTopic(kind: .ndata, node: node)
        return Message(topic: topic.text, payload: Self.encode(timestamp: h.ms, seq: nextSeq(), metrics), held: h)
    }

    private mutating func nextSeq() -> UInt64 {
        defer { seq = (seq + 1) % 256 }
        return seq
    }

    private func bdSeqMetric() -> SparkplugB_Payload.Metric {
        Self.metric("bdSeq", alias: nil, .long(Int64(bdSeq)), at: nil)
    }

    /// Gives `values` aliases from `next` on (and moves `next` past them).
    private mutating func define(device: String?, _ values: [String: Value], next: inout UInt64, at ms: UInt64) -> [SparkplugB_Payload.Metric] {
        var table: [String: UInt64] = [:]
        var metrics: [SparkplugB_Payload.Metric] = []
        let order = Self.machineMetrics.filter { values[$0] != nil } + values.keys.filter { !Self.machineMetrics.contains($0) }.sorted()
        for name in order {
            guard let v = values[name] else { continue }
            let alias = next
            next += 1
            table[name] = alias
            metrics.append(Self.metric(name, alias: alias, v, at: ms))
        }
        aliases[device] = table
        published[device] = values
        return metrics
    }

    /// The values that differ from what was last published of `device`, now taken as published.
    private mutating func changed(device: String?, _ values: [String: Value]) -> [NamedValue] {
        guard aliases[device] != nil else { return [] }
        var last = published[device] ?? [:]
        var out: [NamedValue] = []
        for name in values.keys.sorted() {
            guard let v = values[name], last[name] != v else { continue }
            last[name] = v
            out.append(NamedValue(name: name, value: v, ms: nil))
        }
        published[device] = last
        return out
    }

    static func values(_ m: MachineStatus) -> [String: Value] {
        [
            "State": .text(m.state.rawValue), "Reason": .text(m.reason ?? ""), "State/Since": .dateTime(m.sinceNanos / Nanos.perMillisecond),
            "Shift/Good": .long(m.shiftTotal - m.shiftReject), "Shift/Reject": .long(m.shiftReject),
            "Properties/Name": .text(m.name), "Properties/Line": .text(m.line),
        ].merging(oeeValues(m.oee, prefix: "")) { a, _ in a }
    }

    /// The node's OEE metrics: the current shift's OEE of each line and of the plant, keyed by
    /// the metric's prefix (`Lines/<line id>`, `Plant`).
    /// With each figure, the sums it comes from (`<prefix>/OEE/Sums/…`: every time of the ISO
    /// 22400 ledger in seconds, units total and good), so that whoever adds plants up adds
    /// sums; and each line's and the plant's name (`<prefix>/Name`).
    package struct Rollup: Sendable, Equatable {
        package var figures: [String: OEEFigures?] = [:]
        package var sums: [String: OEESums] = [:]
        package var names: [String: String] = [:]

        package init(figures: [String: OEEFigures?] = [:]) { self.figures = figures }

        var values: [String: Value] {
            var out: [String: Value] = [:]
            for (prefix, f) in figures { out.merge(SparkplugEdge.oeeValues(f, prefix: prefix + "/")) { a, _ in a } }
            for (prefix, s) in sums { out.merge(SparkplugEdge.sumValues(s, prefix: prefix + "/")) { a, _ in a } }
            for (prefix, name) in names { out[prefix + "/Name"] = .text(name) }
            return out
        }
    }

    static func sumValues(_ s: OEESums, prefix: String) -> [String: Value] {
        let p = prefix + "OEE/Sums/"
        var out: [String: Value] = [p + "Total": .long(s.total), p + "Good": .long(s.good)]
        for name in OEESums.timeNames { if let key = OEESums.timeKey(name) { out[p + name] = .real(s.time[keyPath: key]) } }
        return out
    }

    static func oeeValues(_ f: OEEFigures?, prefix: String) -> [String: Value] {
        func ratio(_ r: Double?) -> Value { r.map { .real($0) } ?? .null(.double) }
        return [
            prefix + "OEE/OEE": ratio(f?.oee), prefix + "OEE/Availability": ratio(f?.availability),
            prefix + "OEE/Performance": ratio(f?.performance), prefix + "OEE/Quality": ratio(f?.quality),
        ]
    }

    static func alarmValues(_ alarms: [AlarmStatus]) -> [String: Value] {
        var out: [String: Value] = [:]
        for a in alarms {
            out["Alarms/\(a.definition)/Active"] = .flag(a.active)
            out["Alarms/\(a.definition)/Acknowledged"] = .flag(a.acknowledged)
            out["Alarms/\(a.definition)/Priority"] = .text(a.priority.rawValue)
            out["Alarms/\(a.definition)/State"] = .text(a.state.rawValue)
        }
        return out
    }

    /// A metric as Sparkplug carries it: its name or alias, data type, value and time.
    package static func metric(_ name: String?, alias: UInt64?, _ value: Value, at ms: UInt64?) -> SparkplugB_Payload.Metric {
        var m = SparkplugB_Payload.Metric()
        if let name { m.name = name }
        if let alias { m.alias = alias }
        if let ms { m.timestamp = ms }
        switch value {
        case .text(let s):
            m.datatype = SparkplugValue.DataType.string.rawValue
            m.stringValue = s
        case .long(let v):
            m.datatype = SparkplugValue.DataType.int64.rawValue
            m.longValue = UInt64(bitPattern: v)
        case .unsigned(let v):
            m.datatype = SparkplugValue.DataType.uInt64.rawValue
            m.longValue = v
        case .real(let v):
            m.datatype = SparkplugValue.DataType.double.rawValue
            m.doubleValue = v
        case .flag(let v):
            m.datatype = SparkplugValue.DataType.boolean.rawValue
            m.booleanValue = v
        case .dateTime(let v):
            m.datatype = SparkplugValue.DataType.dateTime.rawValue
            m.longValue = UInt64(max(0, v))
        case .null(let type):
            m.datatype = type.rawValue
            m.isNull = true
        }
        return m
    }

    static func encode(timestamp: UInt64?, seq: UInt64?, _ metrics: [SparkplugB_Payload.Metric]) -> [UInt8] {
        var p = SparkplugB_Payload()
        if let timestamp { p.timestamp = timestamp }
        if let seq { p.seq = seq }
        p.metrics = metrics
        // Serializing a message built here cannot fail (no required fields, no unknown extensions).
        return (try? p.serializedBytes()) ?? []
    }
}
