/// The floor engine's arithmetic that needs none of its state: how many names a sample's
/// values would add, where each name sits among a machine's values, and what a counter's
/// move counts.
extension FloorEngine {
    /// The first of `values` that would make `known` hold more than `limit` distinct names, if
    /// any, and how many new names the values bring in all.
    static func nameBeyond(_ limit: Int, adding values: [ProcessValue], to known: [String: Int]) -> (field: String, adding: Int)? {
        var added: Set<String> = []
        var first: String?
        for pv in values where known[pv.name] == nil && !added.contains(pv.name) {
            added.insert(pv.name)
            if first == nil, known.count + added.count > limit { first = pv.name }
        }
        return first.map { ($0, added.count) }
    }

    /// Each name's place in `values` (the first, should a restored list hold one twice).
    static func index(of values: [ProcessValue]) -> [String: Int] {
        var out: [String: Int] = [:]
        for (k, pv) in values.enumerated() where out[pv.name] == nil { out[pv.name] = k }
        return out
    }

    /// What a counter's move from `prev` to `n` counts: the increase, or after a reset
    /// (it went down) its new value from zero. Counters are non-negative; held at 0 otherwise.
    static func increase(from prev: Int64, to n: Int64) -> Int64 {
        let d = n >= prev ? n.clampedSubtracting(prev) : n
        return max(d, 0)
    }
}
