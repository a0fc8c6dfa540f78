import GembaCore

/// What an enterprise daemon knows of the plants it shows (`enterprise:`), read from the edge
/// node each plant's own Gemba publishes (`SparkplugEdge`): the site's lines by their node
/// metrics (`Lines/<id>/Name`), its machines by their devices' births (`Properties/Name`,
/// `Properties/Line`), each machine's state, reason, shift counts and OEE, and each line's and
/// the plant's OEE sums (`…/OEE/Sums/…`), which the enterprise adds up (sums, not averages).
///
/// Sessions follow Sparkplug B: a birth defines aliases; a data message before the node's
/// birth, a sequence gap or an alias never born asks for a rebirth; a node's death (with its
/// birth's bdSeq) or a device's death puts those machines offline at once.
package struct EnterpriseBoard: Sendable {
    /// One machine of a site, as its plant publishes it.
    package struct Machine: Sendable, Equatable {
        package var id: String
        package var name: String
        package var line: String
        package var state: MachineState = .offline
        package var reason: String?
        package var since: Timestamp = 0
        package var good: Int64 = 0
        package var reject: Int64 = 0
        package var oee = OEEFigures(availability: nil, performance: nil, quality: nil, oee: nil)
        /// When the enterprise last heard of it (its birth or data), for the status.
        package var lastSeen: Timestamp = 0
    }

    /// One site: its layout and figures as last born and updated.
    package struct Site: Sendable, Equatable {
        package var config: EnterpriseSite
        /// True between the node's birth and its death (or the broker's loss).
        package var online = false
        package var plantName: String?
        /// Line ids in the order the node's birth named them, and their names.
        package var lines: [String] = []
        package var lineNames: [String: String] = [:]
        /// Machines in the order their devices were born.
        package var machines: [Machine] = []
        /// The current shift's OEE sums of each line and of the plant.
        package var lineSums: [String: OEESums] = [:]
        package var plantSums: OEESums?
        /// The enterprise id of a site's machine or line (`Plant1/press-01`).
        package func qualified(_ id: String) -> String { config.site + "/" + id }
    }

    /// What one message changed.
    package struct Outcome: Sendable, Equatable {
        /// Enterprise ids of machines whose figures changed.
        package var machines: [String] = []
        /// True when a site's lines or machines changed (a birth, a death): consoles need the layout again.
        package var layout = false
        /// Ask this node for a rebirth.
        package var rebirth: SparkplugNode?
        /// Why the message (or a metric of it) was not taken, when it was not.
        package var refusal: String?
        /// True when the message's sequence number showed messages lost before it.
        package var seqGap = false
    }

    private struct Born: Sendable {
        var device: String?
        var name: String
        var datatype: UInt32?
    }

    private struct Session: Sendable {
        var bdSeq: Int64?
        var seq: UInt64 = 0
        var aliases: [UInt64: Born] = [:]
        var rebirthAskedAt: Timestamp?
        /// Messages were lost since the birth: what the board holds may be wrong until the
        /// node is born again, so every message asks again (at most every `rebirthInterval`).
        var stale = false
    }

    package private(set) var sites: [Site]
    private var sessions: [SparkplugNode: Session] = [:]
    private let index: [SparkplugNode: Int]

    package init(sites: [EnterpriseSite]) {
        self.sites = sites.map { Site(config: $0) }
        self.index = Dictionary(sites.enumerated().map { ($1.node, $0) }) { a, _ in a }
    }

    /// The edge nodes to subscribe to.
    package var nodes: [SparkplugNode] { sites.map(\.config.node) }

    /// True for a topic of one of the sites' edge nodes.
    package func handles(_ topic: String) -> Bool {
        // Commands (Gemba's own rebirth requests among them) are for the nodes, not news of them.
        guard let t = SparkplugTopic(topic), t.kind != .ncmd, t.kind != .dcmd else { return false }
        return index[t.node] != nil
    }

    /// The most devices one site may bring: a node that births more (a fake or broken one) is
    /// refused beyond it, so the enterprise's memory stays bounded by what it configured.
    package static let maximumDevices = 4096

    /// The broker connection dropped: the sessions are unknown until the nodes are born again
    /// (their deaths may pass unheard), but the machines stay as they were until the broker
    /// has been away for the comm-loss timeout (`brokerLost(at:)`), as a silent feed would.
    package mutating func forgetSessions() {
        sessions.removeAll()
    }

    /// The broker has been away for the comm-loss timeout: every site goes offline from `now`.
    package mutating func brokerLost(at now: Timestamp) -> Outcome {
        var out = Outcome()
        sessions.removeAll()
        for i in sites.indices where sites[i].online {
            takeOffline(site: i, device: nil, at: now, into: &out)
        }
        return out
    }

    /// One message from the broker, at the daemon's clock `now`.
    package mutating func receive(topic: String, payload: [UInt8], at now: Timestamp) -> Outcome {
        var out = Outcome()
        guard let t = SparkplugTopic(topic), let i = index[t.node], t.kind != .ncmd, t.kind != .dcmd else { return out }
        guard payload.count <= SparkplugHost.maximumPayload else {
            out.refusal = "payload of \(payload.count) bytes is larger than \(SparkplugHost.maximumPayload) bytes; not read"
            return out
        }
        let p: SparkplugReading
        do {
            p = try SparkplugReading.read(payload)
        } catch {
            out.refusal = "payload is not a Sparkplug B payload (\(error))"
            return out
        }
        var s = sessions[t.node] ?? Session()
        defer { sessions[t.node] = s }
        switch t.kind {
        case .nbirth:
            s = Session(bdSeq: p.bdSeq, seq: p.seq ?? 0)
            sites[i].online = true
            sites[i].lines = []
            sites[i].lineNames = [:]
            sites[i].machines = []
            sites[i].lineSums = [:]
            sites[i].plantSums = nil
            define(&s, device: nil, p)
            take(p, site: i, device: nil, session: s, at: now, into: &out)
            out.layout = true
        case .ndeath:
            if let born = s.bdSeq, p.bdSeq != born {
                out.refusal = "NDEATH is not the death of the session born with bdSeq \(born); ignored"
                return out
            }
            s = Session()
            takeOffline(site: i, device: nil, at: now, into: &out)
        case .dbirth, .ddata, .ddeath, .ndata:
            guard s.bdSeq != nil || sites[i].online else {
                askRebirth(&s, t.node, now: now, into: &out)
                out.refusal = "\(t.kind.rawValue) before the node's NBIRTH; rebirth requested"
                return out
            }
            let expected = (s.seq + 1) % 256
            if let seq = p.seq, seq != expected {
                out.refusal = "seq \(seq) where \(expected) was next: messages were lost; rebirth requested"
                out.seqGap = true
                s.stale = true
            }
            if s.stale { askRebirth(&s, t.node, now: now, into: &out) }
            if let seq = p.seq { s.seq = seq }
            switch t.kind {
            case .dbirth:
                guard let d = t.device else { return out }
                define(&s, device: d, p)
                if !sites[i].machines.contains(where: { $0.id == d }) {
                    guard sites[i].machines.count < Self.maximumDevices else {
                        out.refusal = "DBIRTH of \(d): site \(sites[i].config.site) already has \(Self.maximumDevices) machines; not taken"
                        return out
                    }
                    sites[i].machines.append(Machine(id: d, name: d, line: ""))
                }
                take(p, site: i, device: d, session: s, at: now, into: &out)
                out.layout = true
            case .ddeath:
                if let d = t.device { takeOffline(site: i, device: d, at: now, into: &out) }
            default:
                take(p, site: i, device: t.device, session: s, at: now, into: &out)
            }
        case .ncmd, .dcmd:
            break
        }
        return out
    }

    private mutating func takeOffline(site i: Int, device: String?, at now: Timestamp, into out: inout Outcome) {
        if device == nil { sites[i].online = false }
        for k in sites[i].machines.indices where device == nil || sites[i].machines[k].id == device {
            guard sites[i].machines[k].state != .offline else { continue }
            sites[i].machines[k].state = .offline
            sites[i].machines[k].reason = nil
            sites[i].machines[k].since = now
            out.machines.append(sites[i].qualified(sites[i].machines[k].id))
        }
    }

    private mutating func askRebirth(_ s: inout Session, _ node: SparkplugNode, now: Timestamp, into out: inout Outcome) {
        if let asked = s.rebirthAskedAt, now.clampedSubtracting(asked) < SparkplugHost.rebirthInterval, now >= asked { return }
        s.rebirthAskedAt = now
        out.rebirth = node
    }

    private func define(_ s: inout Session, device: String?, _ p: SparkplugReading) {
        for m in p.metrics {
            guard let name = p.name(m), let alias = m.alias else { continue }
            s.aliases[alias] = Born(device: device, name: name, datatype: m.datatype)
        }
    }

    /// Applies a payload's metrics to a site (device nil: the node) and notes what changed.
    private mutating func take(
        _ p: SparkplugReading, site i: Int, device: String?, session s: Session, at now: Timestamp, into out: inout Outcome
    ) {
        var changed = false
        var unknownAlias = false
        let k = device.flatMap { d in sites[i].machines.firstIndex { $0.id == d } }
        for m in p.metrics {
            let name: String
            let datatype: UInt32?
            if let n = p.name(m) {
                name = n
                datatype = m.datatype
            } else if let alias = m.alias, let born = s.aliases[alias], born.device == device {
                name = born.name
                datatype = m.datatype ?? born.datatype
            } else {
                unknownAlias = true
                continue
            }
            let value = p.value(m, datatype: datatype)
            if let k {
                var refused: String?
                changed = apply(name, value, raw: m, to: &sites[i].machines[k], refusal: &refused) || changed
                if let refused { out.refusal = refused }
            } else if device == nil {
                var refused: String?
                if applyNode(name, value, site: i, refusal: &refused) { out.layout = out.layout || name.hasSuffix("/Name") }
                if let refused { out.refusal = refused }
            }
        }
        if let k {
            sites[i].machines[k].lastSeen = now
            if changed { out.machines.append(sites[i].qualified(sites[i].machines[k].id)) }
        }
        if unknownAlias {
            out.refusal = "a metric's alias was never born; rebirth requested"
            var session = s
            askRebirth(&session, sites[i].config.node, now: now, into: &out)
            sessions[sites[i].config.node] = session
        }
    }

    /// One device metric; true when the machine changed. A state Gemba does not know or a
    /// negative count is refused with the reason, and the machine kept as it was.
    private func apply(
        _ name: String, _ value: SparkplugValue, raw: SparkplugReading.Metric, to m: inout Machine, refusal: inout String?
    ) -> Bool {
        let before = m
        switch name {
        case "State":
            if case .text(let t) = value, let st = MachineState(rawValue: t) {
                m.state = st
            } else {
                refusal = "State = \(value.describe) of \(m.id) is not a machine state; kept \(m.state.rawValue)"
            }
        case "Reason":
            if case .text(let t) = value { m.reason = t.isEmpty ? nil : t }
        case "State/Since":
            // A DateTime in ms; one beyond what nanoseconds hold is held at the largest.
            if case .long(let v) = raw.value {
                m.since = Int64(clamping: min(v, UInt64(Int64.max / Nanos.perMillisecond))) * Nanos.perMillisecond
            }
        case "Shift/Good", "Shift/Reject":
            guard case .integer(let v) = value, v >= 0 else {
                refusal = "\(name) = \(value.describe) of \(m.id) is not a count of units; kept the last"
                break
            }
            if name == "Shift/Good" { m.good = v } else { m.reject = v }
        case "OEE/OEE": m.oee.oee = value.number
        case "OEE/Availability": m.oee.availability = value.number
        case "OEE/Performance": m.oee.performance = value.number
        case "OEE/Quality": m.oee.quality = value.number
        case "Properties/Name":
            if case .text(let t) = value { m.name = t }
        case "Properties/Line":
            if case .text(let t) = value { m.line = t }
        default: break
        }
        return m != before
    }

    /// One node metric: a line's or the plant's name or OEE sum; true when taken. A sum that no
    /// plant can have (negative, not a number, beyond `OEESums.largestSeconds`, more good
    /// units than made) is refused with the reason, and the last good one kept.
    private mutating func applyNode(_ name: String, _ value: SparkplugValue, site i: Int, refusal: inout String?) -> Bool {
        let parts = name.split(separator: "/").map(String.init)
        if parts == ["Plant", "Name"], case .text(let t) = value {
            sites[i].plantName = t
            return true
        }
        if parts.count == 3, parts[0] == "Lines", parts[2] == "Name", case .text(let t) = value {
            if sites[i].lineNames[parts[1]] == nil { sites[i].lines.append(parts[1]) }
            sites[i].lineNames[parts[1]] = t
            return true
        }
        // <prefix>/OEE/Sums/<sum>, the prefix `Plant` or `Lines/<id>`.
        guard parts.count >= 4, parts[parts.count - 3] == "OEE", parts[parts.count - 2] == "Sums" else { return false }
        let prefix = parts.dropLast(3)
        var sums: OEESums
        if prefix == ["Plant"] {
            sums = sites[i].plantSums ?? OEESums()
        } else if prefix.count == 2, prefix.first == "Lines" {
            sums = sites[i].lineSums[prefix.last!] ?? OEESums()
        } else {
            return false
        }
        let field = parts[parts.count - 1]
        if field == "Total" || field == "Good" {
            guard case .integer(let v) = value, v >= 0 else {
                refusal = "\(name) = \(value.describe) is not a count of units; kept the last"
                return false
            }
            if field == "Total" { sums.total = v } else { sums.good = v }
        } else if let key = OEESums.timeKey(field) {
            guard let seconds = value.number, seconds >= 0, seconds <= OEESums.largestSeconds else {
                refusal = "\(name) = \(value.describe) is not a time a plant can have (0 to \(Int(OEESums.largestSeconds)) s); kept the last"
                return false
            }
            sums.time[keyPath: key] = seconds
        } else {
            return false
        }
        if prefix == ["Plant"] { sites[i].plantSums = sums } else { sites[i].lineSums[prefix.last!] = sums }
        return true
    }
}
