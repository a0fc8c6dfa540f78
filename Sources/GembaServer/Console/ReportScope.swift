import GembaCore

/// What a report over the floor's history asks about: the machines of a machine, a line or
/// the plant, and a window (a shift by name and date, from and to, or the shift running now).
/// OEE and reliability read the same scope the same way, with the same refusals.
struct ReportScope {
    var machines: [MachineConfig]
    /// "machine press-01", "line L1", "plant".
    var name: String
    var from: Timestamp
    var to: Timestamp

    static func resolve(
        machine: String?, line: String?, from f: String?, to t: String?, shift: String?, date: String?, floor: LiveFloor, now: Timestamp
    ) throws(ProtocolError) -> ReportScope {
        let plant = floor.plant
        let machines: [MachineConfig]
        let name: String
        if let id = machine {
            guard let m = plant.machines.first(where: { $0.id == id }) else {
                throw ProtocolError(code: "unknown_machine", message: "no machine \"\(id)\" in this plant")
            }
            machines = [m]
            name = "machine \(id)"
        } else if let id = line {
            guard let l = plant.lines.first(where: { $0.id == id }) else {
                throw ProtocolError(code: "unknown_line", message: "no line \"\(id)\" in this plant")
            }
            machines = l.machines
            name = "line \(id)"
        } else {
            machines = plant.machines
            name = "plant"
        }
        let calendar = floor.calendar
        if let shift {
            let day = date ?? calendar.shift(at: now).map(\.date) ?? ""
            guard let s = calendar.instance(named: shift, date: day) else {
                throw ProtocolError(code: "bad_window", message: "no shift \"\(shift)\" on \"\(day)\" (dates are YYYY-MM-DD)")
            }
            return ReportScope(machines: machines, name: name, from: s.start, to: s.end)
        }
        if let f, let t {
            let a: Timestamp
            let b: Timestamp
            do throws(DateInputError) {
                a = try DateInput.parse(f, plant: plant, dateAlone: .startOfDay)
                b = try DateInput.parse(t, plant: plant, dateAlone: .endOfDay)
            } catch {
                throw ProtocolError(code: "bad_window", message: "\(error.description) (write ISO 8601 times such as 2026-11-24T06:00:00Z, or dates)")
            }
            guard a < b else { throw ProtocolError(code: "bad_window", message: "from must be before to") }
            try ConsoleService.checkWindow(a, b, plant: plant)
            return ReportScope(machines: machines, name: name, from: a, to: b)
        }
        guard let s = calendar.shift(at: now) else {
            throw ProtocolError(code: "bad_window", message: "no shift is running now: name a shift and date, or from and to")
        }
        return ReportScope(machines: machines, name: name, from: s.start, to: s.end)
    }
}
