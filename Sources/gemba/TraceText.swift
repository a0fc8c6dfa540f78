import GembaCore

/// `gemba trace` as text: the genealogy as a tree (`Trace.tree()`), two spaces of indent a
/// level, each lot with its material, quantity and status (and supplier lot), a lot reached
/// again marked `(above)`; then what shipped.
enum TraceText {
    static func lines(_ t: Trace) -> [String] {
        let lots = Dictionary(t.lots.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        var out: [String] = []
        for row in t.tree() {
            var line = String(repeating: "  ", count: row.level) + row.lot
            if let l = lots[row.lot] {
                line += "  \(l.material) \(DurationText.number(l.quantity)) \(l.status)"
                line += l.supplierLot.map { "  supplier lot \($0)" + (l.supplier.map { " (\($0))" } ?? "") } ?? ""
            }
            out.append(line + (row.repeated ? "  (above)" : ""))
        }
        for s in t.shipments { out.append("shipped: \(s.lot) → \(s.customerOrder) (\(DurationText.number(s.quantity)))") }
        return out
    }
}
