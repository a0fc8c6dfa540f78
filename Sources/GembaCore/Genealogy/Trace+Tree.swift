extension Trace {
    /// One line of a trace drawn as a tree.
    package struct TreeRow: Sendable, Equatable {
        package var lot: String
        /// 0 for a lot the trace started from, one more for each link followed.
        package var level: Int
        /// Reached already above: shown again but not opened again.
        package var repeated: Bool
    }

    /// The trace as a tree, depth first: each lot it started from at level 0 and, under each
    /// lot, the lots its links lead to (forward: what was made from it; backward: what it was
    /// made from) in the order the links were made. A lot reached a second time (a merge, or
    /// two inputs from one lot) is shown again, marked `repeated`, and not opened again.
    package func tree() -> [TreeRow] {
        let forward = direction == "forward"
        var children: [String: [LotLink]] = [:]
        for l in links { children[forward ? l.from : l.to, default: []].append(l) }
        var rows: [TreeRow] = []
        var seen: Set<String> = []
        // A stack rather than recursion: a genealogy may be deeper than the call stack.
        var stack: [(lot: String, level: Int)] = start.reversed().map { ($0, 0) }
        while let (lot, level) = stack.popLast() {
            let repeated = !seen.insert(lot).inserted
            rows.append(TreeRow(lot: lot, level: level, repeated: repeated))
            guard !repeated else { continue }
            for l in (children[lot] ?? []).reversed() { stack.append((forward ? l.to : l.from, level + 1)) }
        }
        return rows
    }
}
