import GembaCore

/// The Trace screen's tree: the traced lot at the root, each lot's links below it
/// (forward: what was made from it; backward: what it was made from), folded lots not
/// opened, and a lot reached a second time shown once more but not opened again.
public enum TraceTree {
    /// One line of the tree.
    public struct Row: Sendable, Equatable {
        public var lot: String
        public var level: Int
        /// The link that led here (nil at the root).
        public var link: LotLink?
        /// Reached already above: not opened again.
        public var repeated: Bool
        public var hasChildren: Bool
    }

    public static func rows(_ model: ConsoleModel) -> [Row] {
        guard let t = model.traceScreen.trace, let root = t.start.first else { return [] }
        var children: [String: [LotLink]] = [:]
        for l in t.links {
            if t.direction == "forward" { children[l.from, default: []].append(l) } else { children[l.to, default: []].append(l) }
        }
        var out: [Row] = []
        var seen: Set<String> = []
        func visit(_ lot: String, level: Int, link: LotLink?) {
            let repeated = seen.contains(lot)
            let kids = children[lot] ?? []
            out.append(Row(lot: lot, level: level, link: link, repeated: repeated, hasChildren: !kids.isEmpty))
            guard !repeated, out.count < 20_000 else { return }
            seen.insert(lot)
            guard !model.traceScreen.collapsed.contains(lot) else { return }
            for l in kids { visit(t.direction == "forward" ? l.to : l.from, level: level + 1, link: l) }
        }
        visit(root, level: 0, link: nil)
        return out
    }
}
