import GembaCore

/// Turning a payload's metrics into telemetry samples, one per timestamp: the part of
/// the host every data message goes through.
extension SparkplugHost {
    /// Up to this many timestamps in one payload are found by looking through them.
    static let slotsScan = 16

    /// A sample in the making: the 1-based index of its first metric, and whether any metric was taken into it.
    private struct Entry {
        var sample: TelemetrySample
        var metric: Int
        var used = false
    }

    /// The payload's metrics as samples of machine `i`, one per timestamp, in time order.
    func take(
        _ p: SparkplugReading, machine i: Int, device: String?, session s: Session, birth: Bool, now: Timestamp, into out: inout Outcome
    ) {
        guard let b = bindings[i] else { return }
        let born = s.aliases[device] ?? Aliases([])
        let types = s.datatypes[device]
        let bornNames = s.names[device] ?? []
        let latest = now.clampedAdding(Nanos.from(seconds: maxClockSkew))
        // One entry per timestamp; the dictionary is asked only when a metric's timestamp is
        // not the one before it (most payloads stamp every metric alike, or none).
        var entries: [Entry] = []
        // Entries by timestamp, kept only once there are many (a backfill of stamped metrics).
        var slots: [Timestamp: Int] = [:]
        func slot(_ at: Timestamp) -> Int? {
            entries.count <= Self.slotsScan ? entries.firstIndex { $0.sample.timestamp == at } : slots[at]
        }
        var current = -1
        // A payload's reason belongs to its state, even stamped a millisecond apart (an edge node
        // may stamp each metric as it reads it).
        var stateAt: Timestamp?
        var reasons: [(at: Timestamp, text: String?)] = []
        for (k, m) in p.metrics.enumerated() {
            let index = k + 1
            let definition = m.alias.flatMap { born[$0] }
            let name: String
            let role: Role
            if let n = p.name(m) {
                name = n
                if let d = definition, d.name == n { role = d.role } else { role = Role(n, b) }
            } else if let definition {
                name = definition.name
                role = definition.role
            } else {
                // A birth's metric without a name was refused as the birth was read (`define`).
                if birth && m.alias != nil { continue }
                let reason = m.alias.map { "alias \($0) \(Self.neverBorn)" } ?? "metric has neither a name nor an alias"
                out.refusals.append(Refusal(metric: index, reason: reason))
                continue
            }
            if role == .control { continue }
            // Data names only what its birth named (Sparkplug 3.0): a metric the host has no
            // birth of has no data type it could be read by.
            if !birth, definition?.name != name, !bornNames.contains(name) {
                out.refusals.append(Refusal(metric: index, reason: "\(name) \(Self.neverBorn)"))
                continue
            }
            // The birth says what a metric is; a data message that says otherwise is not read
            // by its word (an Int8 sent as Int32 would pass as any number).
            let bornType = definition?.datatype ?? types?[name]
            if !birth, let said = m.datatype, let bornType, said != bornType {
                out.refusals.append(
                    Refusal(metric: index, reason: "\(name): data type \(said) where its birth said \(bornType); \(Self.rebirthMark)"))
                continue
            }
            let datatype = bornType ?? m.datatype
            let value = p.value(m, datatype: datatype)
            if case .beyond(let why) = value {
                out.refusals.append(Refusal(metric: index, reason: "\(name): \(why)"))
                continue
            }
            guard let at = Self.timestamp(m.timestamp ?? p.timestamp, now: now), TelemetryLimits.inRange(at) else {
                let ms = m.timestamp ?? p.timestamp ?? 0
                out.refusals.append(Refusal(metric: index, reason: "\(name): timestamp \(ms) ms is beyond what Gemba reads"))
                continue
            }
            // A metric stamped ahead of the clock would hold the machine's later samples back for good.
            if at > latest {
                out.refusals.append(
                    Refusal(metric: index, reason: "\(name): " + TelemetryLimits.aheadReason(at, now: now, maxClockSkew: maxClockSkew)))
                continue
            }
            if value == .null {
                out.ignored += 1
                continue
            }
            if current < 0 || entries[current].sample.timestamp != at {
                if let k = slot(at) {
                    current = k
                } else {
                    current = entries.count
                    var sample = TelemetrySample(machine: i, timestamp: at)
                    if entries.isEmpty { sample.processValues.reserveCapacity(p.metrics.count) }
                    entries.append(Entry(sample: sample, metric: index))
                    if entries.count == Self.slotsScan + 1 {
                        for (k, e) in entries.enumerated() { slots[e.sample.timestamp] = k }
                    } else if entries.count > Self.slotsScan + 1 {
                        slots[at] = current
                    }
                }
            }
            switch role {
            case .state:
                switch value {
                case .text(let text):
                    guard let state = MachineState(reported: text) else {
                        let names = MachineState.reportable.map(\.rawValue).joined(separator: ", ")
                        out.refusals.append(Refusal(metric: index, reason: "\(name): \"\(text)\" is not a state (one of \(names))"))
                        continue
                    }
                    entries[current].sample.state = state
                    stateAt = at
                case .integer(let code):
                    guard let state = b.stateMap[code] else {
                        out.refusals.append(
                            Refusal(metric: index, reason: "\(name): code \(code) is not in state_map of \(machineIDs[i])"))
                        continue
                    }
                    entries[current].sample.state = state
                    stateAt = at
                default:
                    out.refusals.append(Refusal(metric: index, reason: "\(name): \(value.describe) is not a state (a text or a code of state_map)"))
                    continue
                }
            case .reason:
                guard case .text(let text) = value else {
                    out.refusals.append(Refusal(metric: index, reason: "\(name): \(value.describe) is not a reason (a text)"))
                    continue
                }
                entries[current].sample.reason = text.isEmpty ? nil : text
                reasons.append((at, text.isEmpty ? nil : text))
            case .countTotal, .countReject:
                guard case .integer(let n) = value, n >= 0 else {
                    out.refusals.append(Refusal(metric: index, reason: "\(name): \(value.describe) is not a count (a whole number from 0)"))
                    continue
                }
                if role == .countTotal { entries[current].sample.countTotal = n } else { entries[current].sample.countReject = n }
            case .value, .control:
                if case .text = value, datatype.map({ SparkplugValue.DataType(rawValue: $0)?.isText == true }) ?? true {
                    // A text metric is not a process value; it is not an error either.
                    out.ignored += 1
                    continue
                }
                if case .unreadable = value {
                    // Bytes, data sets, templates, DateTime: not the machine's, not an error.
                    out.ignored += 1
                    continue
                }
                if case .real(let v) = value, !v.isFinite {
                    out.refusals.append(Refusal(metric: index, reason: "\(name): \(v) is not a value Gemba keeps (a finite number)"))
                    continue
                }
                guard let number = value.number else {
                    let born = datatype.map { " (its data type is \($0))" } ?? ""
                    out.refusals.append(Refusal(metric: index, reason: "\(name): \(value.describe) is not a number\(born)"))
                    continue
                }
                entries[current].sample.processValues.append(ProcessValue(name: name, value: number, at: at))
            }
            if !entries[current].used {
                entries[current].used = true
                entries[current].metric = index
            }
        }
        if let stateAt, let reason = reasons.last, reason.at != stateAt, let k = slot(stateAt), entries[k].sample.state != nil {
            entries[k].sample.reason = reason.text
            // Taken with the state: a sample of the reason alone would be nothing more.
            if let r = slot(reason.at) {
                let alone = entries[r].sample
                if alone.state == nil, alone.countTotal == nil, alone.countReject == nil, alone.processValues.isEmpty { entries[r].used = false }
            }
        }
        if entries.count > 1 { entries.sort { $0.sample.timestamp < $1.sample.timestamp } }
        for e in entries where e.used {
            out.samples.append(e.sample)
            out.sampleMetrics.append(e.metric)
        }
    }

    /// Milliseconds since the epoch as Gemba's nanoseconds; no timestamp: the daemon's clock.
    static func timestamp(_ ms: UInt64?, now: Timestamp) -> Timestamp? {
        guard let ms else { return now }
        guard ms <= UInt64(Int64.max / Nanos.perMillisecond) else { return nil }
        return Int64(ms) * Nanos.perMillisecond
    }
}
