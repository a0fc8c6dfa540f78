import GembaCore

/// The stops of a machine's shift, newest first, as the detail screen lists them and the
/// reason picker books against them: the one going on now (if the machine is not running),
/// then every closed interval that was not running.
public struct Stop: Sendable, Equatable {
    public var start: Timestamp
    /// nil while it goes on.
    public var end: Timestamp?
    public var state: MachineState
    public var reason: String?

    /// A `down` stop without a reason: what an operator is asked to explain.
    public var unexplained: Bool { state == .down && reason == nil }

    /// The stops of machine `id` in the detail the console holds, newest first.
    public static func of(_ model: ConsoleModel, machine id: String) -> [Stop] {
        guard let m = model.machines[id] else { return [] }
        let intervals = (model.detail?.machine.id == id ? model.detail?.intervals : nil) ?? []
        var out: [Stop] = []
        if m.state != .running { out.append(Stop(start: m.sinceNanos, end: nil, state: m.state, reason: m.reason)) }
        for iv in intervals.reversed() where iv.state != .running && iv.startNanos != m.sinceNanos {
            out.append(Stop(start: iv.startNanos, end: iv.endNanos, state: iv.state, reason: iv.reason))
        }
        return out
    }
}
