/// A plant that behaves like one: each machine runs, stops with a reason, waits
/// for material, changes over, takes planned stops and the shift calendar's breaks,
/// and counts parts at its ideal rate less some loss, writing the line protocol a
/// PLC gateway would.
///
/// Deterministic: the same seed and the same times give the same lines, so the
/// demo can be replayed and tests can rely on it. It does no I/O; a runner sends
/// what it returns.
public struct PlantSimulator: Sendable {
    struct Machine: Sendable {
        var id: String
        var line: String
        var cycle: Double
        var state: MachineState = .running
        var reason: String?
        var until: Timestamp = 0
        var total: Int64
        var reject: Int64 = 0
        var partial: Double = 0
        var silentUntil: Timestamp = 0
        var oilTemp: Double = 55
    }

    public static let downReasons = ["jam", "tool_change", "no_operator", "hydraulic_fault", "sensor_fault"]

    private var machines: [Machine]
    private var rng: UInt64
    private var lastTick: Timestamp?
    private var tickCount = 0
    private let calendar: ShiftCalendar
    /// The shift occurrence last looked up, so that a tick rarely asks the calendar.
    private var shift: ShiftInstance?
    /// When true, one machine now and then falls silent for longer than the comm-loss timeout.
    public var simulateCommLoss: Bool

    public init(plant: PlantConfig, seed: UInt64 = 42, simulateCommLoss: Bool = true) {
        self.rng = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed
        self.simulateCommLoss = simulateCommLoss
        self.calendar = ShiftCalendar(shifts: plant.shifts, timezone: plant.timezone)
        self.machines = plant.machines.enumerated().map { i, m in
            Machine(id: m.id, line: m.lineID, cycle: m.idealCycleTime, total: Int64(10_000 + i * 1_337))
        }
    }

    private mutating func random() -> Double {
        // xorshift64*: small, fast, good enough for a simulation.
        rng ^= rng >> 12
        rng ^= rng << 25
        rng ^= rng >> 27
        return Double((rng &* 2_685_821_657_736_338_717) >> 11) / Double(1 << 53)
    }

    private mutating func seconds(_ lo: Double, _ hi: Double) -> Timestamp {
        Nanos.from(seconds: lo + (hi - lo) * random())
    }

    /// Advances the plant to `now` and returns the lines its machines send at that moment.
    public mutating func tick(now: Timestamp) -> [String] {
        let dt = lastTick.map { Nanos.seconds(now - $0) } ?? 0
        lastTick = now
        tickCount += 1
        var lines: [String] = []
        lines.reserveCapacity(machines.count * 2)
        if !(shift?.contains(now) ?? false) { shift = calendar.shift(at: now) }
        let inBreak = shift?.breaks.first { $0.contains(now) }
        for i in machines.indices {
            var m = machines[i]
            if m.until == 0 {
                // Start the plant mid-shift: most machines running, some already stopped.
                m.until = now + seconds(5, 40)
                if random() < 0.35 { transition(&m, now: now) }
            }
            // Parts made since the last tick belong to the state the machine was in then: counting
            // after a transition would credit a stop's time to the new run (performance over 100%).
            if m.state == .running && dt > 0 {
                m.partial += dt / m.cycle * (0.82 + 0.18 * random())
                let made = Int64(m.partial)
                m.partial -= Double(made)
                m.total += made
                for _ in 0..<made where random() < 0.02 { m.reject += 1 }
                m.oilTemp += (68 - m.oilTemp) * 0.05 + (random() - 0.5)
            } else {
                m.oilTemp += (40 - m.oilTemp) * 0.02 + (random() - 0.5) * 0.5
            }
            if let inBreak, m.reason != "break" {
                // The whole plant stops for the calendar's breaks.
                m.state = .plannedStop
                m.reason = "break"
                m.until = inBreak.upperBound
            } else if now >= m.until {
                transition(&m, now: now)
            }
            if simulateCommLoss && i == machines.count - 1 && m.silentUntil == 0 && random() < 0.004 {
                m.silentUntil = now + seconds(40, 70)
            }
            if m.silentUntil > now {
                machines[i] = m
                continue
            }
            m.silentUntil = 0
            var fields = "state=\"\(m.state.rawValue)\""
            if let r = m.reason { fields += ",reason=\"\(r)\"" }
            fields += ",count_total=\(m.total)i,count_reject=\(m.reject)i"
            lines.append("machine,line=\(m.line),machine=\(m.id) \(fields) \(now)")
            if tickCount % 5 == i % 5 {
                let temp = (m.oilTemp * 10).rounded() / 10
                let pressure = ((180 + 20 * random()) * 10).rounded() / 10
                let vibration = ((Self.vibration(machine: i, count: machines.count, at: now) + (random() - 0.5) * 0.3) * 100).rounded() / 100
                lines.append("process,machine=\(m.id) oil_temp=\(temp),pressure=\(pressure),vibration=\(vibration) \(now)")
            }
            machines[i] = m
        }
        return lines
    }

    /// How long a bearing lasts in the simulation, from new to replaced.
    public static let bearingLife: Int64 = 10 * 3600

    /// A machine's bearing vibration (mm/s RMS) without its noise: 2 when new, wearing
    /// steadily to 7.5 over `bearingLife`, then replaced. The machines' bearings are at
    /// evenly spread ages, so that at any time some are wearing toward a limit (ISO 10816
    /// puts 7.1 mm/s at the edge of damage for a medium machine) and their trend can be seen.
    public static func vibration(machine i: Int, count: Int, at now: Timestamp) -> Double {
        let age = (now / Nanos.perSecond + Int64(i) * bearingLife / Int64(max(1, count))) % bearingLife
        return 2 + 5.5 * Double(age) / Double(bearingLife)
    }

    private mutating func transition(_ m: inout Machine, now: Timestamp) {
        m.reason = nil
        if m.state != .running {
            m.state = .running
            m.until = now + seconds(20, 75)
            return
        }
        let r = random()
        switch r {
        case ..<0.40:
            m.state = .down
            // A third of the stops come without a reason: the operator books one.
            let pick = Self.downReasons[Int(random() * Double(Self.downReasons.count)) % Self.downReasons.count]
            m.reason = random() < 0.33 ? nil : pick
            m.until = now + seconds(8, 30)
        case ..<0.55:
            m.state = .idle
            m.until = now + seconds(5, 20)
        case ..<0.68:
            m.state = .starved
            m.reason = "no_material"
            m.until = now + seconds(5, 15)
        case ..<0.78:
            m.state = .blocked
            m.reason = "downstream_full"
            m.until = now + seconds(5, 15)
        case ..<0.92:
            m.state = .setup
            m.reason = "changeover"
            m.until = now + seconds(10, 30)
        default:
            m.state = .plannedStop
            m.reason = "cleaning"
            m.until = now + seconds(15, 40)
        }
    }
}
