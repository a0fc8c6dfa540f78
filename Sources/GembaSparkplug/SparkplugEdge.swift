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
    }

    /// A metric's value as published.
    package enum Value: Sendable, Equatable {
        case text(String)
        case long(Int64)
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
    /// The bdSeq of every birth and of the will. The will is set once, before the first
    /// connection, and libmosquitto reconnects with it: so one bdSeq serves the daemon's run,
    /// and a birth and its death always match. A restarted daemon starts from another.
    package let bdSeq: UInt64
    private var seq: UInt64 = 0
    /// What each device (nil: the node) last published, by metric name.
    private var published: [String?: [String: Value]] = [:]
    /// Aliases per device, fixed at birth.
    private var aliases: [String?: [String: UInt64]] = [:]

    package init(node: SparkplugNode, bdSeq: UInt64) {
        self.node = node
        self.bdSeq = bdSeq % 256
    }

    /// The NDEATH for the will of the next connection (its bdSeq is the next birth's).
    package func will() -> Message {
        Message(topic: SparkplugTopic(kind: .ndeath, node: node).text, payload: Self.encode(timestamp: nil, seq: nil, [bdSeqMetric()]))
    }

    /// Births after a (re)connection or a rebirth request: NBIRTH then one DBIRTH per machine.
    package mutating func births(machines: [MachineStatus], alarms: [AlarmStatus], at now: Timestamp) -> [Message] {
        seq = 0
        published.removeAll()
        aliases.removeAll()
        let ms = UInt64(max(0, now / Nanos.perMillisecond))
        var out: [Message] = []
        let nodeValues = Self.alarmValues(alarms.filter { $0.machine == nil })
        var nodeMetrics = [bdSeqMetric(), Self.metric("Node Control/Rebirth", alias: nil, .flag(false), at: ms)]
        nodeMetrics += define(device: nil, nodeValues, startAlias: 1000, at: ms)
        out.append(Message(topic: SparkplugTopic(kind: .nbirth, node: node).text, payload: Self.encode(timestamp: ms, seq: nextSeq(), nodeMetrics)))
        for m in machines {
            let values = Self.values(m).merging(Self.alarmValues(alarms.filter { $0.machine == m.id })) { a, _ in a }
            let metrics = define(device: m.id, values, startAlias: 1, at: ms)
            out.append(
                Message(
                    topic: SparkplugTopic(kind: .dbirth, node: node, device: m.id).text, payload: Self.encode(timestamp: ms, seq: nextSeq(), metrics))
            )
        }
        return out
    }

    /// DDATA (and NDATA) with only the metrics that changed since they were last published.
    package mutating func data(machines: [MachineStatus], alarms: [AlarmStatus]?, at now: Timestamp) -> [Message] {
        let ms = UInt64(max(0, now / Nanos.perMillisecond))
        var out: [Message] = []
        if let alarms {
            let changes = changed(device: nil, Self.alarmValues(alarms.filter { $0.machine == nil }), at: ms)
            if !changes.isEmpty {
                out.append(
                    Message(topic: SparkplugTopic(kind: .ndata, node: node).text, payload: Self.encode(timestamp: ms, seq: nextSeq(), changes)))
            }
        }
        var devices: [String: [String: Value]] = [:]
        for m in machines { devices[m.id] = Self.values(m) }
        if let alarms {
            for a in alarms { if let id = a.machine, aliases[id] != nil { devices[id, default: [:]].merge(Self.alarmValues([a])) { a, _ in a } } }
        }
        for id in devices.keys.sorted() where aliases[id] != nil {
            guard let values = devices[id] else { continue }
            // A machine that is not in `machines` only brings its alarm metrics.
            let changes = changed(device: id, values, at: ms)
            guard !changes.isEmpty else { continue }
            out.append(
                Message(
                    topic: SparkplugTopic(kind: .ddata, node: node, device: id).text, payload: Self.encode(timestamp: ms, seq: nextSeq(), changes)))
        }
        return out
    }

    private mutating func nextSeq() -> UInt64 {
        defer { seq = (seq + 1) % 256 }
        return seq
    }

    private func bdSeqMetric() -> SparkplugB_Payload.Metric {
        Self.metric("bdSeq", alias: nil, .long(Int64(bdSeq)), at: nil)
    }

    private mutating func define(device: String?, _ values: [String: Value], startAlias: UInt64, at ms: UInt64) -> [SparkplugB_Payload.Metric] {
        var table: [String: UInt64] = [:]
        var metrics: [SparkplugB_Payload.Metric] = []
        let order = Self.machineMetrics.filter { values[$0] != nil } + values.keys.filter { !Self.machineMetrics.contains($0) }.sorted()
        for (k, name) in order.enumerated() {
            guard let v = values[name] else { continue }
            let alias = startAlias + UInt64(k)
            table[name] = alias
            metrics.append(Self.metric(name, alias: alias, v, at: ms))
        }
        aliases[device] = table
        published[device] = values
        return metrics
    }

    private mutating func changed(device: String?, _ values: [String: Value], at ms: UInt64) -> [SparkplugB_Payload.Metric] {
        guard let table = aliases[device] else { return [] }
        var last = published[device] ?? [:]
        var metrics: [SparkplugB_Payload.Metric] = []
        for name in values.keys.sorted() {
            // Metrics not born (an alarm defined after the birth) wait for the next birth.
            guard let v = values[name], let alias = table[name], last[name] != v else { continue }
            last[name] = v
            var m = Self.metric(nil, alias: alias, v, at: ms)
            m.clearDatatype()
            metrics.append(m)
        }
        published[device] = last
        return metrics
    }

    static func values(_ m: MachineStatus) -> [String: Value] {
        func ratio(_ r: Double?) -> Value { r.map { .real($0) } ?? .null(.double) }
        return [
            "State": .text(m.state.rawValue), "Reason": .text(m.reason ?? ""), "State/Since": .dateTime(m.sinceNanos / Nanos.perMillisecond),
            "Shift/Good": .long(m.shiftTotal - m.shiftReject), "Shift/Reject": .long(m.shiftReject), "OEE/OEE": ratio(m.oee?.oee),
            "OEE/Availability": ratio(m.oee?.availability), "OEE/Performance": ratio(m.oee?.performance), "OEE/Quality": ratio(m.oee?.quality),
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

    static func metric(_ name: String?, alias: UInt64?, _ value: Value, at ms: UInt64?) -> SparkplugB_Payload.Metric {
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
