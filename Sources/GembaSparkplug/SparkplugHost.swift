import GembaCore

/// Gemba as a Sparkplug B host application: it follows the session of each edge node the
/// plant file names (birth, sequence numbers, death) and turns the metrics of the node and
/// its devices into telemetry samples of the machines bound to them.
///
/// Pure: the MQTT side hands it each message with the daemon's clock, and carries out what
/// it answers (samples for the engine, machines to take offline at once, a rebirth to ask
/// for). Nothing a node sends can make it trap, grow without bound or stop hearing others:
/// aliases are kept per node and per device only as the births define them, and payloads
/// over `maximumPayload` are refused unread.
package struct SparkplugHost: Sendable {
    /// Counters for `gemba status --json` (`mqtt`): messages of bound nodes, by what became of them.
    package struct Stats: Sendable, Equatable {
        package var received: Int64 = 0
        package var accepted: Int64 = 0
        package var rejected: Int64 = 0
        package var rebirthsRequested: Int64 = 0
        package var seqGaps: Int64 = 0
        package init() {}
    }

    /// A metric or message refused, with the reason; `metric` is 1-based in the payload (0: the whole message).
    package struct Refusal: Sendable, Equatable {
        package var metric: Int
        package var reason: String
    }

    /// What one message asks of the daemon.
    package struct Outcome: Sendable {
        /// In time order per machine; `sampleMetrics` holds the 1-based index of the first metric of each.
        package var samples: [TelemetrySample] = []
        package var sampleMetrics: [Int] = []
        package var refusals: [Refusal] = []
        /// Machines whose node or device died: offline at once.
        package var offline: [Int] = []
        /// Ask this node for a rebirth (`NCMD` `Node Control/Rebirth` = true).
        package var rebirth: SparkplugNode?
        /// Metrics that carry nothing Gemba keeps (text process values, control metrics).
        package var ignored = 0
    }

    /// A metric as a birth defined it, with what it is to the machine worked out once.
    struct Born: Sendable {
        var name: String
        var datatype: UInt32?
        var role: Role
    }

    /// A birth's aliases: by place for the small numbers edge nodes give (no hashing on the
    /// path every data message takes), by dictionary for the rest. The places are bounded by
    /// the birth's size, so a birth with alias 2^60 costs no more than any other.
    struct Aliases: Sendable {
        private var dense: [Born?] = []
        private var sparse: [UInt64: Born] = [:]

        init(_ pairs: [(alias: UInt64, born: Born)]) {
            let limit = UInt64(4 * pairs.count + 64)
            let top = pairs.lazy.map(\.alias).filter { $0 < limit }.max()
            dense = Array(repeating: nil, count: top.map { Int($0) + 1 } ?? 0)
            for (alias, born) in pairs {
                if alias < UInt64(dense.count) { dense[Int(alias)] = born } else { sparse[alias] = born }
            }
        }

        @inline(__always)
        subscript(_ alias: UInt64) -> Born? { alias < UInt64(dense.count) ? dense[Int(alias)] : sparse[alias] }
    }

    /// What a metric is to the machine bound to its node or device.
    enum Role: Sendable {
        /// About the session (bdSeq, controls, properties): not the machine's.
        case control
        case state, reason, countTotal, countReject
        /// Any other metric: a process value if it is a number.
        case value

        init(_ name: String, _ b: SparkplugBinding?) {
            if SparkplugHost.isControl(name) {
                self = .control
            } else if let b {
                switch name {
                case b.stateMetric: self = .state
                case b.reasonMetric: self = .reason
                case b.countTotalMetric: self = .countTotal
                case b.countRejectMetric: self = .countReject
                default: self = .value
                }
            } else {
                self = .value
            }
        }
    }

    /// What the host knows of one edge node's session.
    struct Session: Sendable {
        var born = false
        var bdSeq: Int64?
        var seq: UInt64 = 0
        /// Per device (nil: the node): metrics by alias, and data types by name.
        var aliases: [String?: Aliases] = [:]
        var datatypes: [String?: [String: UInt32]] = [:]
        /// Per device (nil: the node): every metric its birth named; data may name no other.
        var names: [String?: Set<String>] = [:]
        var liveDevices: Set<String> = []
        var rebirthAskedAt: Timestamp?
    }

    package static let maximumPayload = 1 << 20
    /// A node is asked for a rebirth at most this often (it may be busy sending the last one).
    package static let rebirthInterval: Timestamp = 5 * Nanos.perSecond

    /// Machines by node, then by device (nil: the node itself).
    let machines: [SparkplugNode: [String?: Int]]
    let bindings: [Int: SparkplugBinding]
    let machineIDs: [String]
    /// How far ahead of the daemon's clock a metric may be stamped (`max_clock_skew`).
    let maxClockSkew: Seconds
    var sessions: [SparkplugNode: Session] = [:]
    package private(set) var stats = Stats()

    package init(plant: PlantConfig) {
        var machines: [SparkplugNode: [String?: Int]] = [:]
        var bindings: [Int: SparkplugBinding] = [:]
        for (i, m) in plant.machines.enumerated() {
            guard let b = m.sparkplug else { continue }
            machines[b.node, default: [:]][b.device] = i
            bindings[i] = b
        }
        self.machines = machines
        self.bindings = bindings
        self.machineIDs = plant.machines.map(\.id)
        self.maxClockSkew = plant.maxClockSkew
    }

    /// The edge nodes to subscribe to.
    package var nodes: [SparkplugNode] { machines.keys.sorted { ($0.group, $0.edgeNode) < ($1.group, $1.edgeNode) } }

    /// Machines whose node (and device) is alive now: no data under report by exception is not silence.
    package var liveMachines: [Int] {
        var out: [Int] = []
        for (node, devices) in machines {
            guard let s = sessions[node], s.born else { continue }
            for (device, i) in devices where device.map(s.liveDevices.contains) ?? true { out.append(i) }
        }
        return out.sorted()
    }

    /// The broker went away: every session is unknown until the nodes are born again
    /// (their deaths may have passed while Gemba was not listening).
    package mutating func brokerLost() {
        sessions.removeAll()
    }

    /// One message from the broker, at the daemon's clock `now`.
    package mutating func receive(topic: String, payload: [UInt8], at now: Timestamp) -> Outcome {
        var out = Outcome()
        guard let t = SparkplugTopic(topic), let devices = machines[t.node] else { return out }
        // Commands are for the nodes (Gemba's own rebirth requests among them), not data.
        guard t.kind != .ncmd && t.kind != .dcmd else { return out }
        stats.received += 1
        guard payload.count <= Self.maximumPayload else {
            return refuse(&out, "payload of \(payload.count) bytes is larger than \(Self.maximumPayload) bytes; not read")
        }
        let p: SparkplugReading
        do {
            p = try SparkplugReading.read(payload)
        } catch {
            return refuse(&out, "payload is not a Sparkplug B payload: \(Self.describe(error)); not read")
        }
        var s = sessions[t.node] ?? Session()
        defer { sessions[t.node] = s }
        switch t.kind {
        case .nbirth:
            guard let bdSeq = p.bdSeq else {
                return refuse(&out, "NBIRTH without a bdSeq metric (a Sparkplug 3.0 birth carries one, for its death); not taken")
            }
            guard p.seq == 0 else {
                return refuse(&out, "NBIRTH with " + (p.seq.map { "seq \($0)" } ?? "no seq") + " (a node's birth starts its seq at 0); not taken")
            }
            s = Session(born: true, bdSeq: bdSeq, seq: 0)
            out.refusals += define(&s, device: nil, p, binding: devices[nil].flatMap { bindings[$0] })
            if let i = devices[nil] { take(p, machine: i, device: nil, session: s, birth: true, now: now, into: &out) }
        case .ndeath:
            let bd = p.bdSeq
            if let born = s.bdSeq, bd != born {
                let which = bd.map { "with bdSeq \($0)" } ?? "without a bdSeq (or one that is not a whole number)"
                return refuse(
                    &out, "NDEATH \(which) is not the death of the session born with bdSeq \(born) (an older session's, or not the node's); ignored")
            }
            s.born = false
            s.liveDevices.removeAll()
            out.offline = devices.values.sorted()
        case .dbirth, .ddata, .ddeath, .ndata:
            guard s.born else {
                out.refusals.append(Refusal(metric: 0, reason: "\(t.kind.rawValue) before the node's NBIRTH; \(Self.rebirthMark)"))
                return finish(&out, &s, t.node, now: now)
            }
            guard let seq = p.seq else {
                return refuse(&out, "\(t.kind.rawValue) without a seq (Sparkplug 3.0 numbers every message but NDEATH); not taken")
            }
            let expected = (s.seq + 1) % 256
            if seq != expected {
                stats.seqGaps += 1
                let what =
                    seq > 255
                    ? "seq \(seq) is beyond 0 to 255"
                    : seq == s.seq
                        ? "seq \(seq) again (a message repeated, or two nodes publish as this one)"
                        : "seq \(seq) where \(expected) was next: messages were lost"
                out.refusals.append(Refusal(metric: 0, reason: "\(what); \(Self.rebirthMark)"))
            }
            s.seq = seq % 256
            switch t.kind {
            case .dbirth:
                if let d = t.device { s.liveDevices.insert(d) }
                out.refusals += define(&s, device: t.device, p, binding: devices[t.device].flatMap { bindings[$0] })
            case .ddeath:
                if let d = t.device { s.liveDevices.remove(d) }
                if let i = devices[t.device] { out.offline = [i] }
                return finish(&out, &s, t.node, now: now)
            case .ddata:
                // A device that died (or was never born since Gemba listens) has no metrics to speak of.
                if let d = t.device, devices[d] != nil, !s.liveDevices.contains(d) {
                    out.refusals.append(
                        Refusal(metric: 0, reason: "DDATA of \(d), which is not born (a DDEATH since its DBIRTH); not taken; \(Self.rebirthMark)"))
                    return finish(&out, &s, t.node, now: now)
                }
            default:
                break
            }
            if let i = devices[t.device] { take(p, machine: i, device: t.device, session: s, birth: t.kind == .dbirth, now: now, into: &out) }
        case .ncmd, .dcmd:
            break
        }
        return finish(&out, &s, t.node, now: now)
    }

    /// Refusals that want a rebirth ask for one (at most every `rebirthInterval`) and say
    /// whether they did; many refusals are cut to the first few and a count; then counted.
    private mutating func finish(_ out: inout Outcome, _ s: inout Session, _ node: SparkplugNode, now: Timestamp) -> Outcome {
        if out.refusals.contains(where: { $0.reason.hasSuffix(Self.rebirthMark) }) {
            let asked = askRebirth(&s, node, now: now, into: &out)
            let said = asked ? "rebirth requested" : "rebirth already requested (at most every \(Self.rebirthInterval / Nanos.perSecond) s)"
            for k in out.refusals.indices where out.refusals[k].reason.hasSuffix(Self.rebirthMark) {
                out.refusals[k].reason = String(out.refusals[k].reason.dropLast(Self.rebirthMark.count)) + said
            }
        }
        if out.refusals.count > Self.refusalsKept {
            let more = out.refusals.count - Self.refusalsKept + 1
            out.refusals.removeLast(more)
            out.refusals.append(Refusal(metric: 0, reason: "and \(more) more metrics of this message refused"))
        }
        if out.refusals.isEmpty { stats.accepted += 1 } else { stats.rejected += 1 }
        return out
    }

    /// Where a refusal wants a rebirth; `finish` says whether one was asked for.
    static let rebirthMark = "\u{1}rebirth"
    static let neverBorn = "was never born; \(rebirthMark)"
    /// A message's refusals beyond this are counted, not listed (the status keeps 20).
    static let refusalsKept = 10

    private mutating func refuse(_ out: inout Outcome, _ reason: String) -> Outcome {
        out.refusals.append(Refusal(metric: 0, reason: reason))
        stats.rejected += 1
        return out
    }

    /// True when a rebirth was asked for now (not within `rebirthInterval` of the last).
    private mutating func askRebirth(_ s: inout Session, _ node: SparkplugNode, now: Timestamp, into out: inout Outcome) -> Bool {
        if let asked = s.rebirthAskedAt, now.clampedSubtracting(asked) < Self.rebirthInterval, now >= asked { return false }
        s.rebirthAskedAt = now
        stats.rebirthsRequested += 1
        out.rebirth = node
        return true
    }

    /// swift-protobuf's refusal in words.
    static func describe(_ error: any Error) -> String {
        switch "\(error)" {
        case "truncated": return "the bytes end inside a field (cut short)"
        case "invalidUTF8": return "a text field is not UTF-8"
        case "malformedProtobuf": return "not protobuf (a field's key, wire type or length is wrong)"
        case let other: return other
        }
    }

    /// A birth's metrics: names, aliases, data types and roles for the data messages that
    /// follow. A metric with an alias but no name, or an alias born twice, is refused.
    private func define(_ s: inout Session, device: String?, _ p: SparkplugReading, binding: SparkplugBinding?) -> [Refusal] {
        var aliases: [(alias: UInt64, born: Born)] = []
        var named: [UInt64: String] = [:]
        var types: [String: UInt32] = [:]
        var names: Set<String> = []
        var refusals: [Refusal] = []
        for (k, m) in p.metrics.enumerated() {
            guard let name = p.name(m) else {
                if let alias = m.alias {
                    refusals.append(Refusal(metric: k + 1, reason: "alias \(alias) has no name: a birth names every metric; not taken"))
                }
                continue
            }
            if let alias = m.alias {
                if let first = named[alias] {
                    refusals.append(
                        Refusal(metric: k + 1, reason: "alias \(alias) is born twice (\(first), \(name)): data by it is read as \(first)"))
                } else {
                    named[alias] = name
                    aliases.append((alias, Born(name: name, datatype: m.datatype, role: Role(name, binding))))
                }
            }
            if let type = m.datatype { types[name] = type }
            names.insert(name)
        }
        s.aliases[device] = Aliases(aliases)
        s.datatypes[device] = types
        s.names[device] = names
        return refusals
    }

    /// Metrics that speak about the session, not the machine.
    static func isControl(_ name: String) -> Bool {
        name == "bdSeq" || name.hasPrefix("Node Control/") || name.hasPrefix("Device Control/") || name.hasPrefix("Properties/")
            || name.hasPrefix("Node Info/")
    }
}
