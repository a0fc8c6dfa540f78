import Foundation
import GembaCore

/// Booking a downtime reason from the detail view, correcting one, and stepping through
/// machines there.
extension ConsoleApp {
    /// Keys while the reason picker is open: typed text filters (a scanned code and Enter
    /// goes straight to the confirmation), ↑↓ choose, Enter, then y confirms;
    /// `other` asks for the words.
    mutating func handlePicker(_ key: Key) -> [Effect] {
        guard var p = model.picker else { return [] }
        let visible = p.visible
        if p.confirming {
            switch key {
            case .enter:
                // Only y books: a scan's Enter followed by a gloved second Enter must not.
                if let r = visible[safe: p.selected] { model.notice = "press y to book \"\(r.code)\", or n to choose again" }
            case .char("y"), .char("Y"):
                model.picker = nil
                guard let reason = visible[safe: p.selected] else { return [] }
                if reason.code == ReasonPicker.other.code {
                    model.prompt = TextPrompt(
                        .otherReason(machine: p.machine, start: p.start), label: "What stopped \(p.machine)? (required)")
                    return []
                }
                return [.request(.classify(.init(machine: p.machine, start: String(p.start), reason: reason.code)))]
            case .escape, .char("n"), .char("N"), .backspace:
                p.confirming = false
            default: break
            }
            model.picker = p
            return []
        }
        switch key {
        case .up: p.selected = max(0, p.selected - 1)
        case .down: p.selected = min(visible.count - 1, p.selected + 1)
        case .enter:
            // A scanned (or typed) code that is exactly a reason selects it.
            let typed = p.filter.trimmingCharactersInSpaces().lowercased()
            if let exact = visible.firstIndex(where: { $0.code.lowercased() == typed }) { p.selected = exact }
            p.confirming = true
        case .escape:
            if p.filter.isEmpty {
                model.picker = nil
                return []
            }
            p.filter = ""
            p.selected = 0
        case .backspace:
            if !p.filter.isEmpty { p.filter.removeLast() }
            p.selected = 0
        case .ctrl("u"):
            p.filter = ""
            p.selected = 0
        case .char(let c):
            if p.filter.count < 40 { p.filter.append(c) }
            p.selected = 0
        default: break
        }
        model.picker = p
        return []
    }

    /// The stop selected on the detail: a `down` one gets a reason; one with a reason
    /// already is corrected (the daemon keeps the old and the new, and audits both).
    mutating func startClassifying() {
        guard case .detail(let id) = model.screen else { return }
        if let site = model.machines[id]?.site {
            // Another plant's machine on an enterprise floor: its stops are booked where it runs.
            model.notice = "\(model.machines[id]?.name ?? id) runs at site \(site): book its stop reasons on that plant's console"
            return
        }
        let options = model.plant?.downtimeReasons ?? []
        guard !options.isEmpty else {
            model.notice = "the plant file lists no downtime reasons to book"
            return
        }
        let stops = Stop.of(model, machine: id)
        guard let stop = stops[safe: model.detailStop] else {
            model.notice = "no stop of \(model.machines[id]?.name ?? id) this shift"
            return
        }
        guard stop.state == .down else {
            let state = stop.state.rawValue.replacing("_", with: " ")
            model.notice = "only down stops take a reason, this one is \(state): choose a down one (↑↓)"
            return
        }
        model.picker = ReasonPicker(machine: id, start: stop.start, end: stop.end, options: options, current: stop.reason)
    }

    /// In the detail view, left and right step through machines.
    mutating func followSelection() -> [Effect] {
        guard case .detail = model.screen, let id = model.selectedID else { return [] }
        return showDetail(id, fromOEE: model.cameFromOEE)
    }
}
