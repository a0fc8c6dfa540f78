import Foundation
import GembaCore

/// Lines the person types: comments, durations, filters, lot ids (typed or scanned), quantities.
extension ConsoleApp {
    /// Keys while a line of text is typed: Enter and Esc here, the editing keys in `TextPrompt.edit`.
    mutating func handlePrompt(_ key: Key) -> [Effect] {
        guard var p = model.prompt else { return [] }
        switch key {
        case .escape:
            model.prompt = nil
            model.scansBeingChecked = []
            model.shelveReasonKept = nil
            return []
        case .backspace where p.text.isEmpty:
            // On an empty scan line, Backspace takes the last accepted scan off the list.
            guard case .startInputs(let order, let index, let machine, let scanned) = p.purpose, let last = scanned.last else { return [] }
            let left = Array(scanned.dropLast())
            p.purpose = .startInputs(order: order, index: index, machine: machine, scanned: left)
            p.label = Self.scanLabel(order: order, index: index, scanned: left)
            model.prompt = p
            model.notice = "\(last) taken off the list"
            return []
        case .enter:
            model.prompt = nil
            let text = p.text.trimmingCharactersInSpaces()
            switch p.purpose {
            case .acknowledge(let alarm):
                return [.request(.ack(.init(alarm: alarm, comment: text.isEmpty ? nil : text)))]
            case .shelveDuration(let alarm):
                if !text.isEmpty {
                    do throws(DurationInputError) {
                        _ = try DurationText.personSeconds(text)
                    } catch {
                        // The prompt stays open with the text, the reason under it.
                        model.notice = error.description
                        model.prompt = p
                        return []
                    }
                }
                model.prompt = TextPrompt(
                    .shelveReason(alarm: alarm, duration: text), label: "Reason for shelving \(alarm) (required):", text: model.shelveReasonKept ?? ""
                )
                model.shelveReasonKept = nil
            case .shelveReason(let alarm, let duration):
                guard !text.isEmpty else {
                    model.notice = "shelving needs a reason"
                    model.prompt = p
                    return []
                }
                return [.request(.shelve(.init(alarm: alarm, comment: text, duration: duration.isEmpty ? nil : duration)))]
            case .alarmFilter:
                // The selected alarm stays selected when the filter lets it through.
                model.alarmsScreen.filter = text
            case .auditFilter:
                model.auditScreen.filter = text
            case .measure(let id):
                do throws(MeasuredValues.Refusal) {
                    let values = try MeasuredValues.parse(text)
                    // Checked here too: "10,02" is two readings, and a decimal comma is an easy slip.
                    if let n = model.plant?.characteristics?.first(where: { $0.id == id })?.subgroup, values.count != n {
                        model.notice =
                            "\(id) takes subgroups of \(n) readings; these are \(values.count)"
                            + (text.contains(",") ? " (a decimal point, not a comma: 10.02)" : "")
                        model.prompt = p
                        return []
                    }
                    return [.request(.measure(.init(characteristic: id, values: values)))]
                } catch {
                    model.notice = error.description
                    model.prompt = p
                    return []
                }
            case .handoverNote(let lines): return noteLine(text, lines: lines)
            case .maintenanceDone(let machine, let plan):
                return [.request(.maintenanceDone(.init(machine: machine, plan: plan, comment: text.isEmpty ? nil : text)))]
            case .traceLot:
                guard !text.isEmpty else { return [] }
                if let refused = Self.refusedLot(text) {
                    model.notice = refused
                    model.prompt = p
                    return []
                }
                return [.requestTrace(lot: text, forward: model.traceScreen.forward)]
            case .newHold(let contain):
                let f = text.split(separator: " ", maxSplits: 1).map(String.init)
                guard f.count == 2 else {
                    model.notice = "write the lot and the reason, such as C-17 coil cracked"
                    // The lot alone: a space after it, so what is typed next is the reason.
                    if f.count == 1 && !p.text.hasSuffix(" ") {
                        p.text += " "
                        p.cursor = p.text.count
                    }
                    model.prompt = p
                    return []
                }
                if let refused = Self.refusedLot(f[0]) {
                    model.notice = refused
                    model.prompt = p
                    return []
                }
                return [.request(.holdPlace(.init(scope: "lot", target: f[0], reason: f[1], contain: contain)))]
            case .otherReason(let machine, let start):
                guard !text.isEmpty else {
                    model.notice = "say what stopped \(machine), or Esc"
                    model.prompt = p
                    return []
                }
                return [.request(.classify(.init(machine: machine, start: String(start), reason: ReasonPicker.other.code, comment: text)))]
            case .releaseHold(let id):
                let f = text.split(separator: " ", maxSplits: 1).map(String.init)
                guard f.count == 2, Disposition(rawValue: f[0]) != nil else {
                    model.notice = "write a disposition (use_as_is, rework, scrap, return_to_vendor) and a comment"
                    model.prompt = p
                    return []
                }
                return [.request(.holdRelease(.init(hold: id, disposition: f[0], comment: f[1])))]
            case .newOrder:
                let f = text.split(separator: " ").map(String.init)
                guard f.count == 4 || f.count == 5, let qty = Int(f[2]), qty > 0, f.count == 4 || Int(f[4]) != nil else {
                    model.notice = "write: id product quantity due [priority], such as WO-9 bracket 100 2026-11-30 2"
                    model.prompt = p
                    return []
                }
                do throws(DateInputError) {
                    try DateInput.check(f[3])
                } catch {
                    model.notice = "due \(error)"
                    model.prompt = p
                    return []
                }
                model.pendingChange = "order \(f[0]) added"
                return [.request(.orderAdd(.init(order: f[0], product: f[1], quantity: qty, due: f[3], priority: f.count == 5 ? Int(f[4]) : nil)))]
            case .orderPriority(let order):
                guard let v = Int(text), (1...1000).contains(v) else {
                    model.notice = "a priority is a whole number from 1 to 1000"
                    model.prompt = p
                    return []
                }
                model.pendingChange = "\(order): priority \(v)"
                return [.request(.orderPriority(.init(order: order, priority: v)))]
            case .orderCancel(let order):
                guard !text.isEmpty else {
                    model.notice = "cancelling an order needs a reason"
                    model.prompt = p
                    return []
                }
                model.pendingChange = "\(order) cancelled"
                return [.request(.orderCancel(.init(order: order, comment: text)))]
            case .finish(let order, let index, let quantity):
                let words = text.split(separator: " ")
                let parts = words.compactMap { Int($0) }
                guard parts.count == words.count, parts.count == 2 || parts.count == 1, parts.allSatisfy({ $0 >= 0 }) else {
                    model.notice = "write the good quantity and the scrap as whole numbers (0 or more), such as 98 2"
                    model.prompt = p
                    return []
                }
                let good = parts[0]
                let scrap = parts.count == 2 ? parts[1] : 0
                if let quantity, scrap > quantity * 2 {
                    model.notice = "\(scrap) scrap for an order of \(quantity)? write good and scrap again, such as 98 2"
                    model.prompt = p
                    return []
                }
                if let quantity, good < quantity {
                    model.prompt = TextPrompt(
                        .finishPartial(order: order, index: index, good: good, scrap: scrap, quantity: quantity),
                        label: "y: finish \(order)/\(index + 1) short, \(good) good + \(scrap) scrap of \(quantity) (Esc: no)")
                    return []
                }
                model.prompt = TextPrompt(
                    .finishOutput(order: order, index: index, good: good, scrap: scrap, partial: false),
                    label: "Output lot of \(order)/\(index + 1) (scan; Enter alone: none):")
                return []
            case .finishPartial(let order, let index, let good, let scrap, _):
                guard text.lowercased() == "y" || text.lowercased() == "yes" else {
                    model.notice = "type y to finish \(order)/\(index + 1) as partial, or Esc to go back"
                    p.text = ""
                    p.cursor = 0
                    model.prompt = p
                    return []
                }
                model.prompt = TextPrompt(
                    .finishOutput(order: order, index: index, good: good, scrap: scrap, partial: true),
                    label: "Output lot of \(order)/\(index + 1) (scan; Enter alone: none):")
                return []
            case .startInputs(let order, let index, let machine, let scanned):
                if !text.isEmpty {
                    // One scan (text then Enter): the prompt stays open for the next; the lot is
                    // checked with the daemon now and refused at this scan if it cannot be used.
                    p.text = ""
                    p.cursor = 0
                    model.prompt = p
                    if let refused = Self.refusedLot(text) {
                        model.notice = refused
                        return []
                    }
                    if scanned.contains(text) || model.scansBeingChecked.contains(text) {
                        model.notice = "\(text) is scanned already"
                        return []
                    }
                    model.scansBeingChecked.append(text)
                    return [.request(.lot(.init(lot: text)))]
                }
                if let waiting = model.scansBeingChecked.first {
                    model.notice = "\(waiting) is still being checked; Enter again to start"
                    model.prompt = p
                    return []
                }
                model.pendingChange =
                    "\(order)/\(index + 1) started on \(machine)" + (scanned.isEmpty ? "" : " with \(scanned.joined(separator: ", "))")
                return [
                    .request(
                        .opStart(
                            .init(
                                order: order, index: index, machine: machine,
                                lots: scanned.isEmpty ? nil : scanned.map { LotQuantity(lot: $0, quantity: nil) })))
                ]
            case .finishOutput(let order, let index, let good, let scrap, let partial):
                if !text.isEmpty, let refused = Self.refusedLot(text) {
                    model.notice = refused
                    p.text = ""
                    p.cursor = 0
                    model.prompt = p
                    return []
                }
                model.pendingChange =
                    "\(order)/\(index + 1) finished\(partial ? " (partial)" : ""): \(good) good, \(scrap) scrap"
                    + (text.isEmpty ? "" : ", lot \(text)")
                return [
                    .request(
                        .opFinish(
                            .init(order: order, index: index, good: good, scrap: scrap, lot: text.isEmpty ? nil : text, partial: partial ? true : nil)
                        ))
                ]
            }
            return []
        default:
            // Editing keys change the line; any other key (a screen key, an arrow up) does
            // nothing while the prompt is open.
            guard p.edit(key) else { return [] }
        }
        model.prompt = p
        // The filters apply as they are typed.
        if p.purpose == .alarmFilter { model.alarmsScreen.filter = p.text }
        if p.purpose == .auditFilter { model.auditScreen.filter = p.text }
        return []
    }

    /// Why a typed or scanned lot id breaks the rule of `LotID`, or nil when it keeps it.
    static func refusedLot(_ id: String) -> String? {
        do throws(LotIDError) {
            try LotID.validate(id)
            return nil
        } catch {
            return error.description
        }
    }
}
