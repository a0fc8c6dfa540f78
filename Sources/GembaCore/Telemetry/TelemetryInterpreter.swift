/// Turns decoded line-protocol points into engine samples: the measurements Gemba
/// understands (`machine`, `process`), with the plant's machine ids.
///
/// It reads the decoder's tokens in place, so a line costs no allocation beyond
/// the machine-id lookup. Measurements it does not know are accepted and
/// ignored (a Telegraf feed may carry `cpu` or `mem` too); a line about a machine
/// the plant does not have, or with a state Gemba does not know, is refused, and so is
/// one stamped outside `TelemetryLimits`' range or more than `max_clock_skew` ahead of
/// the daemon's clock (`receivedAt`: the interpreter reads no clock).
public struct TelemetryInterpreter: Sendable {
    public enum Outcome: Sendable, Equatable {
        case sample(TelemetrySample)
        /// A valid line about something Gemba does not track.
        case ignored
        case rejected(column: Int, reason: String)
    }

    private let machineIndex: [String: Int]
    private let maxClockSkew: Seconds
    private let skew: Timestamp

    public init(machineIDs: [String], maxClockSkew: Seconds = 300) {
        var index: [String: Int] = [:]
        for (i, id) in machineIDs.enumerated() { index[id] = i }
        self.machineIndex = index
        self.maxClockSkew = maxClockSkew
        self.skew = Nanos.from(seconds: maxClockSkew)
    }

    public init(plant: PlantConfig) { self.init(machineIDs: plant.machines.map(\.id), maxClockSkew: plant.maxClockSkew) }

    /// Interprets the point the decoder just decoded from `buf`, for a line starting at `lineStart`.
    public func interpret(
        _ d: LineProtocolDecoder, in buf: UnsafeBufferPointer<UInt8>, lineStart: Int, receivedAt: Timestamp
    ) -> Outcome {
        let isMachine = d.token(d.measurement, in: buf, equals: "machine")
        let isProcess = !isMachine && d.token(d.measurement, in: buf, equals: "process")
        guard isMachine || isProcess else { return .ignored }
        func col(_ t: LineProtocolDecoder.Token) -> Int { t.start - lineStart + 1 }

        if let t = d.timestamp {
            let column = (d.timestampOffset ?? lineStart) - lineStart + 1
            guard TelemetryLimits.inRange(t) else { return .rejected(column: column, reason: TelemetryLimits.outOfRangeReason(t)) }
            if t > receivedAt.clampedAdding(skew) {
                return .rejected(column: column, reason: TelemetryLimits.aheadReason(t, now: receivedAt, maxClockSkew: maxClockSkew))
            }
        }

        var machineTag: LineProtocolDecoder.Token?
        var sensorTag: LineProtocolDecoder.Token?
        for tag in d.tags {
            if d.token(tag.key, in: buf, equals: "machine") {
                machineTag = tag.value
            } else if isProcess && d.token(tag.key, in: buf, equals: "sensor") {
                sensorTag = tag.value
            }
        }
        guard let machineTag else {
            return .rejected(column: col(d.measurement), reason: "\(isMachine ? "machine" : "process") line without a machine tag")
        }
        let id = d.string(machineTag, in: buf)
        guard let machine = machineIndex[id] else {
            return .rejected(column: col(machineTag), reason: "unknown machine \"\(id)\"")
        }
        var sample = TelemetrySample(machine: machine, timestamp: d.timestamp ?? receivedAt)

        if isProcess {
            let prefix = sensorTag.map { d.string($0, in: buf) + "." } ?? ""
            for f in d.fields {
                guard let v = d.value(f.value, in: buf).numeric, v.isFinite else { continue }
                sample.processValues.append(
                    ProcessValue(name: prefix + d.string(f.key, in: buf), value: v, at: sample.timestamp))
            }
            return .sample(sample)
        }

        for f in d.fields {
            if d.token(f.key, in: buf, equals: "state") {
                guard case .string(let t) = f.value else {
                    return .rejected(column: col(f.key), reason: "state must be a quoted string such as state=\"running\"")
                }
                let text = d.string(t, in: buf)
                guard let state = MachineState(reported: text) else {
                    let known = MachineState.reportable.map(\.rawValue).joined(separator: ", ")
                    return .rejected(column: col(t) - 1, reason: "unknown state \"\(text)\" (known: \(known))")
                }
                sample.state = state
            } else if d.token(f.key, in: buf, equals: "reason") {
                guard case .string(let t) = f.value else {
                    return .rejected(column: col(f.key), reason: "reason must be a quoted string")
                }
                let r = d.string(t, in: buf)
                sample.reason = r.isEmpty ? nil : r
            } else if d.token(f.key, in: buf, equals: "count_total") || d.token(f.key, in: buf, equals: "count_reject") {
                let isTotal = d.token(f.key, in: buf, equals: "count_total")
                guard let n = d.value(f.value, in: buf).count, n >= 0 else {
                    return .rejected(
                        column: col(f.key), reason: "\(isTotal ? "count_total" : "count_reject") must be a non-negative integer such as 1042i")
                }
                if isTotal { sample.countTotal = n } else { sample.countReject = n }
            }
            // Other fields of a machine line are ignored (documented in docs/telemetry.md).
        }
        return .sample(sample)
    }
}
