import GembaCore

/// Lots scanned at an operation's start are checked one by one as they are scanned, with
/// the same rule the daemon applies when the operation starts (`LotRules.mustBeUsable`); a
/// refused scan leaves the accepted ones in place. A start the daemon refuses opens the
/// prompt again with its scans, so nothing scanned is lost.
extension ConsoleApp {
    /// The label of the scan prompt for an operation with these lots accepted so far.
    static func scanLabel(order: String, index: Int, scanned: [String]) -> String {
        scanned.isEmpty
            ? "Start \(order)/\(index + 1): scan input lots, Enter on an empty line starts:"
            : "Start \(order)/\(index + 1) with \(scanned.joined(separator: ", ")); more, or Enter to start:"
    }

    /// The daemon's answer to a scanned lot: added to the scans when it can be used, refused
    /// with its reason when not.
    public mutating func received(_ lot: Lot) {
        guard let k = model.scansBeingChecked.firstIndex(of: lot.id) else { return }
        model.scansBeingChecked.remove(at: k)
        guard var p = model.prompt, case .startInputs(let order, let index, let machine, let scanned) = p.purpose else { return }
        do throws(Refusal) {
            try LotRules.mustBeUsable(lot)
        } catch {
            model.notice = error.message
            return
        }
        let all = scanned + [lot.id]
        p.purpose = .startInputs(order: order, index: index, machine: machine, scanned: all)
        p.label = Self.scanLabel(order: order, index: index, scanned: all)
        model.prompt = p
        model.notice = nil
    }

    /// A refusal from the daemon: its message in the notice line; a refused scan check leaves
    /// the other scans; a refused request typed in a prompt opens that prompt again with what
    /// was typed, so nothing typed is lost to a refusal.
    public mutating func refused(_ error: ProtocolError, request: ConsoleRequest?) {
        model.notice = error.message
        model.pendingChange = nil
        guard model.prompt == nil || request.map({ if case .lot = $0 { return true } else { return false } }) == true else { return }
        switch request {
        case .lot(let q):
            model.scansBeingChecked.removeAll { $0 == q.lot }
        case .opStart(let r):
            // The lot the refusal names comes off the list; the others stay.
            var scanned = r.lots?.map(\.lot) ?? []
            if let named = scanned.first(where: { error.message.contains("lot \($0) ") }) {
                scanned.removeAll { $0 == named }
                model.notice = error.message + "; \(named) taken off the list"
            }
            model.prompt = TextPrompt(
                .startInputs(order: r.order, index: r.index, machine: r.machine ?? model.queueMachineID ?? "", scanned: scanned),
                label: Self.scanLabel(order: r.order, index: r.index, scanned: scanned))
        case .holdPlace(let r):
            model.prompt = TextPrompt(
                .newHold(contain: r.contain == true), label: r.contain == true ? "Hold and contain (LOT reason):" : "Hold (LOT reason):",
                text: [r.target ?? r.lot ?? "", r.reason ?? ""].joined(separator: " "))
        case .holdRelease(let r):
            model.prompt = TextPrompt(
                .releaseHold(id: r.hold), label: "Release #\(r.hold) (use_as_is|rework|scrap|return_to_vendor comment):",
                text: [r.disposition ?? "", r.comment ?? ""].joined(separator: " "))
        case .orderAdd(let r):
            model.prompt = TextPrompt(
                .newOrder, label: "New order (id product quantity due [priority]):",
                text: "\(r.order) \(r.product) \(r.quantity) \(r.due)" + (r.priority.map { " \($0)" } ?? ""))
        case .orderCancel(let r):
            model.prompt = TextPrompt(.orderCancel(order: r.order), label: "Reason for cancelling \(r.order) (required):", text: r.comment ?? "")
        case .ack(let r):
            model.prompt = TextPrompt(.acknowledge(alarm: r.alarm), label: "Acknowledge \(r.alarm); comment:", text: r.comment ?? "")
        case .shelve(let r):
            // Most often the duration (longer than max_shelve): ask for it again, the reason kept.
            model.prompt = TextPrompt(
                .shelveDuration(alarm: r.alarm), label: "Shelve \(r.alarm) for (30m, 2h; empty: until it clears):", text: r.duration ?? "")
            model.shelveReasonKept = r.comment
        case .opFinish(let r):
            model.prompt = TextPrompt(
                .finishOutput(order: r.order, index: r.index, good: r.good, scrap: r.scrap, partial: r.partial == true),
                label: "Output lot of \(r.order)/\(r.index + 1) (scan; Enter alone: none):", text: r.lot ?? "")
        default: break
        }
    }
}
