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
    /// the other scans; a refused start or finish opens its prompt again with what was entered.
    public mutating func refused(_ error: ProtocolError, request: ConsoleRequest?) {
        model.notice = error.message
        model.pendingChange = nil
        switch request {
        case .lot(let q):
            model.scansBeingChecked.removeAll { $0 == q.lot }
        case .opStart(let r) where model.prompt == nil:
            let scanned = r.lots?.map(\.lot) ?? []
            model.prompt = TextPrompt(
                .startInputs(order: r.order, index: r.index, machine: r.machine ?? model.queueMachineID ?? "", scanned: scanned),
                label: Self.scanLabel(order: r.order, index: r.index, scanned: scanned))
        case .opFinish(let r) where model.prompt == nil:
            model.prompt = TextPrompt(
                .finishOutput(order: r.order, index: r.index, good: r.good, scrap: r.scrap, partial: r.partial == true),
                label: "Output lot of \(r.order)/\(r.index + 1) (scan; Enter alone: none):", text: r.lot ?? "")
        default: break
        }
    }
}
