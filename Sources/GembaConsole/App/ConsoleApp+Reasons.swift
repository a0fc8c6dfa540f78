import Foundation
import GembaCore

/// Booking a downtime reason from the detail view, and stepping through machines there.
extension ConsoleApp {
    /// Keys while the reason picker is open: choose, Enter, then confirm with y (or Enter).
    mutating func handlePicker(_ key: Key) -> [Effect] {
        guard var p = model.picker else { return [] }
        switch key {
        case .up, .char("k"): p.selected = max(0, p.selected - 1)
        case .down, .char("j"): p.selected = min(p.options.count - 1, p.selected + 1)
        case .enter, .char("y"):
            if p.confirming {
                model.picker = nil
                guard let reason = p.options[safe: p.selected] else { return [] }
                return [.request(.classify(.init(machine: p.machine, start: String(p.start), reason: reason.code)))]
            }
            if key == .enter { p.confirming = true }
        case .escape, .char("n"), .char("q"):
            model.picker = nil
            return []
        default: break
        }
        model.picker = p
        return []
    }

    /// The stop to classify: the open one if the machine is down without a reason,
    /// else the latest closed `down` interval without one.
    mutating func startClassifying() {
        guard case .detail(let id) = model.screen, let m = model.machines[id] else { return }
        let options = model.plant?.downtimeReasons ?? []
        guard !options.isEmpty else {
            model.notice = "the plant file lists no downtime_reasons to book"
            return
        }
        if m.state == .down && m.reason == nil {
            model.picker = ReasonPicker(machine: id, start: m.sinceNanos, end: nil, options: options)
        } else if let iv = model.detail?.intervals.last(where: { $0.state == .down && $0.reason == nil }) {
            model.picker = ReasonPicker(machine: id, start: iv.startNanos, end: iv.endNanos, options: options)
        } else {
            model.notice = "no unexplained stop of \(m.name) this shift"
        }
    }

    /// In the detail view, left and right step through machines.
    mutating func followSelection() -> [Effect] {
        guard case .detail = model.screen, let id = model.selectedID else { return [] }
        return showDetail(id, fromOEE: model.cameFromOEE)
    }
}
