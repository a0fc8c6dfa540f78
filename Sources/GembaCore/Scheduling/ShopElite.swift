/// The best distinct solutions a search has met (its elite), and the way between two of
/// them: after Nowicki and Smutnicki's i-TSAB (2005), a stalled search starts again part
/// of the way from one elite solution to another, so that it keeps what the two share
/// and mixes what they do not, instead of starting from scratch or from one solution
/// with a random kick.
struct ShopElite {
    let capacity: Int
    /// Best first.
    private(set) var members: [ShopState.Snapshot] = []

    init(capacity: Int = 8) { self.capacity = capacity }

    var count: Int { members.count }

    /// Keeps s if it is new and better than the worst kept (or there is room).
    mutating func offer(_ s: ShopState.Snapshot) {
        if members.count >= capacity, let worst = members.last, s.makespan >= worst.makespan { return }
        if members.contains(where: { $0.makespan == s.makespan && $0.sequence == s.sequence && $0.machineOf == s.machineOf }) { return }
        let at = members.firstIndex { $0.makespan > s.makespan } ?? members.count
        members.insert(s, at: at)
        if members.count > capacity { members.removeLast() }
    }

    /// How many places of the machine sequences differ between two solutions on the same machines.
    static func distance(_ a: [[Int]], _ b: [[Int]]) -> Int {
        var d = 0
        for m in a.indices {
            let (x, y) = (a[m], b[m])
            if x.count != y.count {
                d += max(x.count, y.count)
                continue
            }
            for k in x.indices where x[k] != y[k] { d += 1 }
        }
        return d
    }
}

extension ShopState {
    /// From the current solution towards `target` (same machines for every operation): on a
    /// machine where the two differ, the operation the target has at the first differing place
    /// is moved there, until the distance is down to `keep` of what it was or no such move is
    /// left that keeps the graph acyclic.
    mutating func relink(toward target: ShopState.Snapshot, keep: Double, rng: inout SplitMix64) {
        let start = ShopElite.distance(sequence, target.sequence)
        guard start > 0 else { return }
        let goal = Int(Double(start) * keep)
        var blocked = Array(repeating: false, count: machines)
        var distance = start
        while distance > goal {
            var candidates: [Int] = []
            for m in 0..<machines where !blocked[m] && sequence[m] != target.sequence[m] { candidates.append(m) }
            guard !candidates.isEmpty else { break }
            let m = candidates[rng.next(below: candidates.count)]
            guard let k = sequence[m].indices.first(where: { sequence[m][$0] != target.sequence[m][$0] }) else {
                blocked[m] = true
                continue
            }
            let i = seqIndex[target.sequence[m][k]]
            if shift(machine: m, from: i, to: k) {
                distance = ShopElite.distance(sequence, target.sequence)
            } else {
                blocked[m] = true
            }
        }
    }
}
