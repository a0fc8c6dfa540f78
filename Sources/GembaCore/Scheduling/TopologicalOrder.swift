/// Orders the operations of a job shop so that every operation comes after its job and
/// machine predecessors (Kahn's algorithm over the two arcs each operation has at most):
/// the pass both schedulers make before they compute start times.
enum TopologicalOrder {
    /// Fills `order` (and uses `indegree` as scratch, both of size n); false on a cycle.
    static func fill(
        _ order: inout [Int], _ indegree: inout [Int], jobPred: [Int], jobSucc: [Int], machPred: [Int], machSucc: [Int]
    ) -> Bool {
        let n = order.count
        for o in 0..<n { indegree[o] = (jobPred[o] >= 0 ? 1 : 0) + (machPred[o] >= 0 ? 1 : 0) }
        var count = 0
        for o in 0..<n where indegree[o] == 0 {
            order[count] = o
            count += 1
        }
        var at = 0
        while at < count {
            let o = order[at]
            at += 1
            let js = jobSucc[o]
            let ms = machSucc[o]
            if js >= 0 {
                indegree[js] -= 1
                if indegree[js] == 0 {
                    order[count] = js
                    count += 1
                }
            }
            if ms >= 0 {
                indegree[ms] -= 1
                if indegree[ms] == 0 {
                    order[count] = ms
                    count += 1
                }
            }
        }
        return count == n
    }
}
