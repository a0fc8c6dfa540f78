import Foundation
import GembaCore
import Yams

/// Reads a plant configuration from YAML text and validates all of it.
///
/// It takes text, not a path, so it does no I/O; the file name is only for the
/// messages. Every problem is reported with its line and column (unknown key,
/// wrong type, duplicate id, overlapping shifts, bad duration, unknown time
/// zone), and a file with any problem yields no configuration at all: the
/// daemon never starts half-configured.
public struct PlantConfigLoader {
    public let file: String
    var errors: [ConfigError] = []
    /// Each Sparkplug machine's `sparkplug:` node, for errors found once every machine is read.
    var sparkplugNodes: [String: Node] = [:]
    /// Value alarms that said `predict: false`.
    var unpredicted: Set<String> = []

    public init(file: String) { self.file = file }

    /// Keys later capabilities read from the same file; accepted here so that one
    /// file serves the whole plant.
    public static let reservedTopLevelKeys: Set<String> = [
        "work_orders", "quality",
    ]

    public static func load(yaml: String, file: String) throws(ConfigErrors) -> PlantConfig {
        var loader = PlantConfigLoader(file: file)
        let config = loader.parse(yaml)
        if !loader.errors.isEmpty || config == nil {
            throw ConfigErrors(loader.errors.isEmpty ? [ConfigError(file: file, line: 1, column: 1, message: "empty configuration")] : loader.errors)
        }
        // Unreachable nil: guarded above.
        guard let config else { throw ConfigErrors(loader.errors) }
        return config
    }

    // MARK: Reporting

    mutating func fail(_ node: Node?, _ message: String) {
        let mark = node?.mark
        errors.append(ConfigError(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message))
    }

    private mutating func parse(_ yaml: String) -> PlantConfig? {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            errors.append(Self.convert(error, file: file))
            return nil
        } catch {
            errors.append(ConfigError(file: file, line: 1, column: 1, message: "\(error)"))
            return nil
        }
        guard let root else { return nil }
        guard let top = root.mapping else {
            fail(root, "the configuration must be a mapping of keys (plant, timezone, lines, shifts, ...)")
            return nil
        }
        let known: Set<String> = [
            "plant", "timezone", "comm_loss_timeout", "lines", "shifts", "listeners", "downtime_reasons", "reasons",
            "micro_stop_threshold", "console_group", "roles", "alarms", "max_shelve", "products", "scheduling", "materials",
            "max_clock_skew", "max_counter_rate", "max_query_window", "max_process_values", "audit_key", "stop_grace", "mqtt", "modbus", "enterprise",
            "history", "spc", "prediction", "metrics", "reports", "erp",
        ]
        checkKeys(top, allowed: known.union(Self.reservedTopLevelKeys), context: "the top level")

        let plant = requiredString(top, "plant", context: "the top level") ?? ""
        var timezone = "UTC"
        if let tzNode = top["timezone"] {
            if let tz = scalarString(tzNode, "timezone") {
                if TimeZone(identifier: tz) == nil {
                    fail(tzNode, "unknown time zone \"\(tz)\" (use an IANA name such as UTC or Europe/Berlin)")
                } else {
                    timezone = tz
                }
            }
        }
        var commLoss: Seconds = 30
        if let node = top["comm_loss_timeout"], let d = duration(node, "comm_loss_timeout") {
            if d <= 0 { fail(node, "comm_loss_timeout must be longer than zero") } else { commLoss = d }
        }
        // An enterprise daemon shows other plants' lines; it may have none of its own.
        let lines = top["lines"] == nil && top["enterprise"] != nil ? [] : parseLines(top["lines"], top: top)
        let shifts = parseShifts(top["shifts"])
        let listeners = parseListeners(top["listeners"])
        if let both = top["reasons"], top["downtime_reasons"] != nil {
            fail(both, "write the downtime reasons once, under \"reasons\" (\"downtime_reasons\" is its older name)")
        }
        let reasons = top["reasons"].map { parseReasons($0, key: "reasons") } ?? parseReasons(top["downtime_reasons"], key: "downtime_reasons")
        var config = PlantConfig(
            plant: plant, timezone: timezone, commLossTimeout: commLoss, lines: lines, shifts: shifts,
            listeners: listeners, downtimeReasons: reasons)
        if let node = top["micro_stop_threshold"], let d = duration(node, "micro_stop_threshold") {
            if d <= 0 { fail(node, "micro_stop_threshold must be longer than zero") } else { config.microStopThreshold = d }
        }
        config.access = parseAccess(roles: top["roles"], consoleGroup: top["console_group"])
        if let node = top["stop_grace"], let d = duration(node, "stop_grace") {
            if d < 0 || d > 3600 { fail(node, "stop_grace must be from 0s to 1h") } else { config.stopGrace = d }
        }
        if let node = top["audit_key"], let path = scalarString(node, "audit_key") {
            if path.hasPrefix("/") {
                config.auditKeyPath = path
            } else {
                fail(node, "audit_key must be an absolute path, such as /etc/gemba/audit.key")
            }
        }
        config.alarms = parseAlarms(top["alarms"], machines: Set(lines.flatMap { $0.machines.map(\.id) }))
        config.products = parseProducts(top["products"], machines: Set(lines.flatMap { $0.machines.map(\.id) }))
        config.scheduling = parseScheduling(top["scheduling"])
        config.materials = parseMaterials(top["materials"])
        config.mqtt = parseMQTT(top["mqtt"], plant: plant)
        config.enterprise = parseEnterprise(top["enterprise"], mqtt: config.mqtt)
        checkEnterpriseBindings(config.enterprise, lines: lines, top: top)
        checkSparkplugBindings(lines, mqtt: config.mqtt, top: top)
        config.modbus = parseModbus(top["modbus"], machines: Dictionary(config.machines.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
        if let node = top["max_shelve"], let d = duration(node, "max_shelve") {
            if d <= 0 { fail(node, "max_shelve must be longer than zero") } else { config.maximumShelve = d }
        }
        if let node = top["max_clock_skew"], let d = duration(node, "max_clock_skew") {
            if d <= 0 { fail(node, "max_clock_skew must be longer than zero") } else { config.maxClockSkew = d }
        }
        if let node = top["max_counter_rate"] { config.maxCounterRate = rate(node, "max_counter_rate") }
        if let node = top["max_query_window"], let d = duration(node, "max_query_window") {
            if d <= 0 { fail(node, "max_query_window must be longer than zero") } else { config.maxQueryWindow = d }
        }
        if let node = top["max_process_values"] {
            if let text = node.scalar?.string, let n = Int(text), (1...100_000).contains(n) {
                config.maxProcessValues = n
            } else {
                fail(node, "max_process_values must be a whole number from 1 to 100000, not \"\(node.scalar?.string ?? "")\"")
            }
        }
        if let node = top["history"] { config.history = parseHistory(node) }
        config.spc = parseSPC(top["spc"], machines: Set(lines.flatMap { $0.machines.map(\.id) }), alarmIDs: Set(config.alarms.map(\.id)))
        // Each characteristic's violations raise its own alarm, with everything alarms have.
        config.alarms += config.spc.map(\.alarm)
        // Each maintenance plan raises its own alarms when due and overdue; two plans whose
        // ids would give the same alarm id would act on each other's alarm.
        var planAlarms: [String: MaintenancePlan] = [:]
        for p in config.maintenance {
            if let other = planAlarms[p.dueAlarmID] {
                fail(
                    top["lines"],
                    "maintenance plan \"\(p.id)\" of \"\(p.machine)\" and plan \"\(other.id)\" of \"\(other.machine)\" would both raise alarm \"\(p.dueAlarmID)\"; rename one"
                )
            }
            planAlarms[p.dueAlarmID] = p
        }
        for a in config.maintenance.flatMap(\.alarms) where config.alarms.contains(where: { $0.id == a.id }) {
            fail(top["alarms"], "alarm id \"\(a.id)\" is a maintenance plan's own; rename the alarm")
        }
        config.alarms += config.maintenance.flatMap(\.alarms)
        if let node = top["prediction"] { config.prediction = parsePrediction(node) }
        if let node = top["metrics"] { config.metrics = parseMetrics(node) }
        if let node = top["reports"] { config.reports = parseReports(node) }
        if let node = top["erp"] { config.erp = parseERP(node) }
        let predicted = config.prediction.definitions(for: config.alarms, except: unpredicted)
        for p in predicted where config.alarms.contains(where: { $0.id == p.id }) {
            fail(top["alarms"], "alarm id \"\(p.id)\" is the prediction of another alarm; rename it (or say predict: false on that one)")
        }
        config.alarms += predicted
        return config
    }

    // MARK: Sections

    /// `history: { raw: 24h, minute: 30d, hour: 2y }`: each tier at least as long as the one
    /// before it (a tier shorter than a finer one would answer less than the finer one has).
    private mutating func parseHistory(_ node: Node) -> HistoryRetention {
        var out = HistoryRetention.standard
        if let text = node.scalar?.string, ["off", "false", "no"].contains(text) {
            out.enabled = false
            return out
        }
        guard let m = node.mapping else {
            fail(node, "history must be off or a mapping such as { raw: 24h, minute: 30d, hour: 2y }")
            return out
        }
        checkKeys(m, allowed: ["raw", "minute", "hour"], context: "history")
        for (key, path) in [("raw", \HistoryRetention.raw), ("minute", \.minute), ("hour", \.hour)]
            as [(String, WritableKeyPath<HistoryRetention, Seconds>)]
        {
            guard let v = m[key], let d = duration(v, "history." + key) else { continue }
            if d < 60 { fail(v, "history.\(key) must be at least a minute (0 is not a way to turn it off)") } else { out[keyPath: path] = d }
        }
        if out.minute < out.raw {
            fail(
                m["minute"] ?? node,
                "history.minute (\(DurationText.formatDays(out.minute))) is shorter than history.raw (\(DurationText.formatDays(out.raw)))")
        }
        if out.hour < out.minute {
            fail(
                m["hour"] ?? node,
                "history.hour (\(DurationText.formatDays(out.hour))) is shorter than history.minute (\(DurationText.formatDays(out.minute)))")
        }
        return out
    }

    private mutating func parseLines(_ node: Node?, top: Node.Mapping) -> [LineConfig] {
        guard let node else {
            fail(nil, "missing key \"lines\": a plant needs at least one line with machines")
            return []
        }
        guard let seq = node.sequence, !seq.isEmpty else {
            fail(node, "\"lines\" must be a list of lines, each with an id, a name and machines")
            return []
        }
        var lines: [LineConfig] = []
        var lineIDs: [String: Int] = [:]
        var machineIDs: [String: Int] = [:]
        for item in seq {
            guard let m = item.mapping else {
                fail(item, "a line must be a mapping with id, name and machines")
                continue
            }
            checkKeys(m, allowed: ["id", "name", "machines"], context: "a line")
            guard let id = requiredString(m, "id", context: "a line", at: item) else { continue }
            if let first = lineIDs[id] {
                fail(m["id"], "duplicate line id \"\(id)\" (first at line \(first))")
            }
            lineIDs[id] = item.mark?.line ?? 0
            let name = optionalString(m, "name") ?? id
            var machines: [MachineConfig] = []
            if let ms = m["machines"] {
                if let mseq = ms.sequence {
                    for mnode in mseq {
                        guard let mm = mnode.mapping else {
                            fail(mnode, "a machine must be a mapping with id, name and ideal_cycle_time")
                            continue
                        }
                        checkKeys(
                            mm, allowed: ["id", "name", "ideal_cycle_time", "max_counter_rate", "sparkplug", "metrics", "state_map", "maintenance"],
                            context: "a machine")
                        guard let mid = requiredString(mm, "id", context: "a machine", at: mnode) else { continue }
                        if !Self.isValidID(mid) {
                            fail(mm["id"], "machine id \"\(mid)\" may hold only letters, digits, '-', '_' and '.'")
                        }
                        if let first = machineIDs[mid] {
                            fail(mm["id"], "duplicate machine id \"\(mid)\" (first at line \(first))")
                        }
                        machineIDs[mid] = mm["id"]?.mark?.line ?? 0
                        let mname = optionalString(mm, "name") ?? mid
                        var cycle: Seconds = 1
                        if let cnode = mm["ideal_cycle_time"] {
                            if let c = duration(cnode, "ideal_cycle_time") {
                                if c <= 0 { fail(cnode, "ideal_cycle_time must be longer than zero") } else { cycle = c }
                            }
                        } else {
                            fail(mnode, "machine \"\(mid)\" has no ideal_cycle_time (seconds per unit at rated speed)")
                        }
                        var machine = MachineConfig(id: mid, name: mname, lineID: id, idealCycleTime: cycle)
                        if let rnode = mm["max_counter_rate"] { machine.maxCounterRate = rate(rnode, "max_counter_rate") }
                        machine.sparkplug = parseSparkplugBinding(mm, machine: mid, at: mnode)
                        if let plans = mm["maintenance"] { machine.maintenance = parseMaintenance(plans, machine: mid) }
                        machines.append(machine)
                    }
                } else {
                    fail(ms, "\"machines\" must be a list")
                }
            } else {
                fail(item, "line \"\(id)\" has no machines")
            }
            lines.append(LineConfig(id: id, name: name, machines: machines))
        }
        return lines
    }

    private mutating func parseShifts(_ node: Node?) -> [ShiftConfig] {
        guard let node else { return [] }
        guard let seq = node.sequence else {
            fail(node, "\"shifts\" must be a list of shifts with name, start and end")
            return []
        }
        var shifts: [(ShiftConfig, Node)] = []
        var names: Set<String> = []
        for item in seq {
            guard let m = item.mapping else {
                fail(item, "a shift must be a mapping with name, start and end")
                continue
            }
            checkKeys(m, allowed: ["name", "start", "end", "breaks"], context: "a shift")
            guard let name = requiredString(m, "name", context: "a shift", at: item) else { continue }
            if !names.insert(name).inserted { fail(m["name"], "duplicate shift name \"\(name)\"") }
            guard let start = timeOfDay(m, "start", at: item), let end = timeOfDay(m, "end", at: item) else { continue }
            if start == end {
                fail(m["end"], "shift \"\(name)\" starts and ends at \(start): a shift must have a length")
                continue
            }
            var breaks: [BreakConfig] = []
            if let b = m["breaks"] {
                if let bseq = b.sequence {
                    for bnode in bseq {
                        guard let bm = bnode.mapping else {
                            fail(bnode, "a break must be a mapping with start and end")
                            continue
                        }
                        checkKeys(bm, allowed: ["start", "end"], context: "a break")
                        guard let bs = timeOfDay(bm, "start", at: bnode), let be = timeOfDay(bm, "end", at: bnode)
                        else { continue }
                        let shift = ShiftConfig(name: name, start: start, end: end)
                        let offStart = Self.offset(of: bs, in: shift)
                        let offEnd = Self.offset(of: be, in: shift)
                        if offStart == nil || offEnd == nil || (offEnd ?? 0) <= (offStart ?? 0) {
                            fail(bnode, "break \(bs)–\(be) does not lie inside shift \"\(name)\" (\(start)–\(end))")
                            continue
                        }
                        breaks.append(BreakConfig(start: bs, end: be))
                    }
                } else {
                    fail(b, "\"breaks\" must be a list")
                }
            }
            shifts.append((ShiftConfig(name: name, start: start, end: end, breaks: breaks), item))
        }
        // Overlap: compare the shifts' minute ranges on the 24-hour circle.
        for i in 0..<shifts.count {
            for j in (i + 1)..<max(shifts.count, i + 1) where j < shifts.count {
                if Self.overlap(shifts[i].0, shifts[j].0) {
                    let a = shifts[i].0
                    let b = shifts[j].0
                    fail(
                        shifts[j].1,
                        "shift \"\(b.name)\" (\(b.start)–\(b.end)) overlaps shift \"\(a.name)\" (\(a.start)–\(a.end))")
                }
            }
        }
        return shifts.map(\.0)
    }

    /// `reasons:` maps each code to its description, or to `{description, category}`.
    private mutating func parseReasons(_ node: Node?, key: String) -> [DowntimeReason] {
        guard let node else { return [] }
        guard let m = node.mapping else {
            fail(node, "\"\(key)\" must map reason codes to descriptions (code: description, or code: {description: ..., category: ...})")
            return []
        }
        var out: [DowntimeReason] = []
        for (k, v) in m {
            guard let code = k.scalar?.string else {
                fail(k, "a downtime reason's code must be a plain word")
                continue
            }
            if code == "other" {
                fail(k, "\"other\" is the console's own reason with free text: choose another code")
                continue
            }
            if let text = v.scalar?.string {
                out.append(DowntimeReason(code: code, description: text))
            } else if let fields = v.mapping {
                checkKeys(fields, allowed: ["description", "category"], context: "reason \"\(code)\"")
                guard let text = requiredString(fields, "description", context: "reason \"\(code)\"") else { continue }
                let category = fields["category"].flatMap { scalarString($0, "category") }
                out.append(DowntimeReason(code: code, description: text, category: category))
            } else {
                fail(v, "reason \"\(code)\" is written `code: description` or `code: {description: ..., category: ...}`")
            }
        }
        return out
    }
}
