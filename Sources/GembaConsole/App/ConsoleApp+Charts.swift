import GembaCore

/// The chart screens' requests: a process value's history over its span, every SPC
/// characteristic's chart, and the detail's values in the order it lists them.
extension ConsoleApp {
    /// The machine detail's process values in the order it lists them.
    var detailValueNames: [String] {
        guard case .detail(let id) = model.screen, let m = model.machines[id] else { return [] }
        return m.processValues.map(\.name).sorted()
    }

    /// Asks for every characteristic's chart (the SPC screen lists their state).
    func requestSPC() -> [Effect] {
        (model.plant?.characteristics ?? []).map { .request(.spc(.init(characteristic: $0.id))) }
    }

    /// Asks for the chart's history: its span up to now, in steps that fit the screen's width.
    func requestChart() -> [Effect] {
        let c = model.chartScreen
        let columns = max(10, (size.width - 10) * (theme.unicode ? 2 : 1))
        return [.request(.history(.init(machine: c.machine, value: c.value, step: "\(c.step(columns: columns))s", last: "\(c.spanSeconds)s")))]
    }
}
