/// The plant as a monitoring system scrapes it (`/metrics`): the Prometheus text exposition
/// format 0.0.4, or OpenMetrics 1.0 when the scraper asks for it. Written here directly from
/// the floor's snapshot and the OEE board at the moment of the scrape, rather than kept in
/// swift-metrics' registry: every figure already lives in the engine, a registry would be a
/// second copy to keep in step, and its exposition has no OpenMetrics form. Names and labels
/// follow Prometheus' conventions (`gemba_` prefix, base units, `_ratio`, `_seconds`,
/// `_total` for counters); docs/integration.md lists them.
public enum MetricsExposition {
    /// The two formats a scraper may ask for (its `Accept` header).
    public enum Format: Sendable {
        case prometheus
        case openMetrics

        public var contentType: String {
            switch self {
            case .prometheus: return "text/plain; version=0.0.4; charset=utf-8"
            case .openMetrics: return "application/openmetrics-text; version=1.0.0; charset=utf-8"
            }
        }

        /// OpenMetrics when the `Accept` header names it, else the Prometheus text format.
        public init(accept: String?) {
            self = (accept ?? "").contains("application/openmetrics-text") ? .openMetrics : .prometheus
        }
    }

    /// What one scrape reads.
    public struct Input: Sendable {
        public var snapshot: FloorSnapshot
        public var board: OEEBoard
        public var now: Timestamp
        public var version: String

        public init(snapshot: FloorSnapshot, board: OEEBoard, now: Timestamp, version: String) {
            self.snapshot = snapshot
            self.board = board
            self.now = now
            self.version = version
        }
    }

    public static func render(_ input: Input, format: Format) -> String {
        var out = Writer(format: format)
        let s = input.snapshot
        let lineOf = Dictionary(s.machines.map { ($0.id, $0.line) }, uniquingKeysWith: { a, _ in a })

        out.family("gemba_build", type: "info", help: "The running daemon's version; the value is always 1.")
        out.sample("gemba_build_info", ["version": input.version], 1)

        out.family(
            "gemba_machine_state", type: "gauge", help: "1 for the state the machine is in now, 0 for every other state (one series per state).")
        for m in s.machines {
            for state in MachineState.allCases {
                out.sample("gemba_machine_state", ["machine": m.id, "line": m.line, "state": state.rawValue], m.state == state ? 1 : 0)
            }
        }
        out.family("gemba_machine_state_duration_seconds", type: "gauge", help: "How long the machine has been in its current state.")
        for m in s.machines {
            let seconds = Double(max(0, input.now.clampedSubtracting(m.sinceNanos))) / Double(Nanos.perSecond)
            out.sample("gemba_machine_state_duration_seconds", ["machine": m.id, "line": m.line], seconds)
        }
        out.family("gemba_machine_shift_good_parts", type: "gauge", help: "Good parts the machine made in the running shift.")
        for m in s.machines {
            out.sample("gemba_machine_shift_good_parts", ["machine": m.id, "line": m.line], Double(max(0, m.shiftTotal - m.shiftReject)))
        }
        out.family("gemba_machine_shift_reject_parts", type: "gauge", help: "Parts the machine rejected in the running shift.")
        for m in s.machines {
            out.sample("gemba_machine_shift_reject_parts", ["machine": m.id, "line": m.line], Double(m.shiftReject))
        }

        // OEE of the running shift (ISO 22400), as `gemba oee` answers: machines, lines, the plant.
        let factors: [(String, String, KeyPath<OEEResult, Double?>)] = [
            ("oee", "Overall equipment effectiveness", \.oee),
            ("availability", "Availability", \.availability),
            ("performance", "Performance", \.performance),
            ("quality", "Quality", \.quality),
        ]
        for (kind, label) in [(OEEBoardRow.Kind.machine, "machine"), (.line, "line"), (.plant, "plant")] {
            for (factor, words, path) in factors {
                let name = "gemba_\(label)_\(factor)_ratio"
                out.family(
                    name, type: "gauge",
                    help: "\(words) of the \(label) in the running shift (ISO 22400-2, 0 to 1); absent while it has no planned time.")
                for row in input.board.rows where row.kind == kind {
                    guard let value = row.current?[keyPath: path] else { continue }
                    var labels: [String: String] = [:]
                    switch kind {
                    case .machine:
                        labels = ["machine": row.id, "line": lineOf[row.id] ?? ""]
                    case .line: labels = ["line": row.id]
                    case .plant: labels = [:]
                    }
                    out.sample(name, labels, value)
                }
            }
        }

        out.family("gemba_process_value", type: "gauge", help: "The latest reading of each process value of a machine.")
        for m in s.machines {
            for v in m.processValues {
                out.sample("gemba_process_value", ["machine": m.id, "line": m.line, "name": v.name], v.value)
            }
        }

        let alarms = s.alarms?.alarms ?? []
        out.family("gemba_alarms_active", type: "gauge", help: "Alarms whose condition is active now, by priority (ISA-18.2).")
        for p in AlarmPriority.allCases {
            out.sample("gemba_alarms_active", ["priority": p.rawValue], Double(alarms.filter { $0.priority == p && $0.active }.count))
        }
        out.family("gemba_alarms_unacknowledged", type: "gauge", help: "Alarms not yet acknowledged (active or returned to normal), by priority.")
        for p in AlarmPriority.allCases {
            out.sample(
                "gemba_alarms_unacknowledged", ["priority": p.rawValue], Double(alarms.filter { $0.priority == p && !$0.acknowledged }.count))
        }

        for (name, what, value) in [
            ("received", "Telemetry lines and metrics received", s.telemetry.received),
            ("accepted", "Telemetry lines and metrics accepted into the engine", s.telemetry.accepted),
            ("rejected", "Telemetry lines and metrics refused (see gemba status)", s.telemetry.rejected),
        ] {
            out.family("gemba_telemetry_\(name)", type: "counter", help: "\(what) since the daemon started.")
            out.sample("gemba_telemetry_\(name)_total", [:], Double(value))
        }
        if let bytes = s.daemon?.database.bytes {
            out.family("gemba_database_size_bytes", type: "gauge", help: "Size of the database file with its write-ahead log.")
            out.sample("gemba_database_size_bytes", [:], Double(bytes))
        }
        if let started = s.daemon?.startedAtNanos {
            out.family("gemba_start_time_seconds", type: "gauge", help: "When the daemon started, in seconds since the Unix epoch.")
            out.sample("gemba_start_time_seconds", [:], Double(started) / Double(Nanos.perSecond))
        }
        if format == .openMetrics { out.text += "# EOF\n" }
        return out.text
    }

    /// Appends families and samples in the chosen format.
    struct Writer {
        let format: Format
        var text = ""

        /// `name` is the family: in OpenMetrics a counter's family has no `_total` and an info's
        /// no `_info`; the Prometheus format names the sample (and knows no `info` type).
        mutating func family(_ name: String, type: String, help: String) {
            switch format {
            case .openMetrics:
                text += "# TYPE \(name) \(type)\n# HELP \(name) \(MetricsExposition.escapeHelp(help))\n"
            case .prometheus:
                let sample = type == "counter" ? name + "_total" : type == "info" ? name + "_info" : name
                text += "# HELP \(sample) \(MetricsExposition.escapeHelp(help))\n# TYPE \(sample) \(type == "info" ? "gauge" : type)\n"
            }
        }

        mutating func sample(_ name: String, _ labels: [String: String], _ value: Double) {
            text += name
            if !labels.isEmpty {
                let pairs = labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\(MetricsExposition.escapeLabel($0.value))\"" }
                text += "{" + pairs.joined(separator: ",") + "}"
            }
            text += " " + MetricsExposition.number(value) + "\n"
        }
    }

    /// A sample's value as both formats spell it: whole numbers without a fraction, `NaN`, `+Inf`.
    package static func number(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v.isInfinite { return v > 0 ? "+Inf" : "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return "\(v)"
    }

    /// A label value: backslash, double quote and newline escaped.
    package static func escapeLabel(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// HELP text: backslash and newline escaped.
    package static func escapeHelp(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
