/// Moving one operation inside its machine's sequence, with the work done only where
/// the move reaches: the operations it reorders sit between two places of the
/// topological order, so only that stretch is sorted again; heads can change only
/// from its start onwards and tails only up to its end, and each pass follows the
/// changes (an operation is recomputed only when a predecessor's head, or a
/// successor's tail, moved).
extension ShopState {
    /// Takes the operation at index `from` of machine m's sequence out and puts it back
    /// at index `to`. False, with nothing changed, when the move would close a cycle.
    mutating func shift(machine m: Int, from i: Int, to j: Int) -> Bool {
        guard i != j else { return true }
        let lo = min(i, j)
        let hi = max(i, j)
        // The stretch of the topological order the reordered operations span. Their machine
        // predecessor comes before all of them and their successor after, so nothing outside
        // the stretch needs to move.
        var first = Int.max
        var last = Int.min
        for k in lo...hi {
            let p = pos[sequence[m][k]]
            first = min(first, p)
            last = max(last, p)
        }
        let x = sequence[m].remove(at: i)
        sequence[m].insert(x, at: j)
        relinkStretch(m, lo, hi)
        guard resort(first, last) else {
            let y = sequence[m].remove(at: j)
            sequence[m].insert(y, at: i)
            relinkStretch(m, lo, hi)
            return false
        }
        repairTimes(machine: m, lo: lo, hi: hi, first: first, last: last)
        var cmax = 0
        for o in jobLast { cmax = max(cmax, head[o] + duration[o]) }
        makespan = cmax
        return true
    }

    /// Heads forward from the reordered stretch, in topological order, recomputed only
    /// where a predecessor's changed and no further than the last operation so marked;
    /// then tails backward from its end, the same way. Over raw buffers: this is most of
    /// the time of a move, and bounds checks there cost a third of it.
    private mutating func repairTimes(machine m: Int, lo: Int, hi: Int, first: Int, last: Int) {
        stamp += 2
        let dirty = stamp - 1
        let dirtyTail = stamp
        let seq = sequence[m]
        jobPred.withUnsafeBufferPointer { jobPred in
            jobSucc.withUnsafeBufferPointer { jobSucc in
                machPred.withUnsafeBufferPointer { machPred in
                    machSucc.withUnsafeBufferPointer { machSucc in
                        duration.withUnsafeBufferPointer { duration in
                            order.withUnsafeBufferPointer { order in
                                pos.withUnsafeBufferPointer { pos in
                                    mark.withUnsafeMutableBufferPointer { mark in
                                        head.withUnsafeMutableBufferPointer { head in
                                            var reach = last
                                            for k in lo...hi { mark[seq[k]] = dirty }
                                            if hi + 1 < seq.count {
                                                mark[seq[hi + 1]] = dirty
                                                reach = max(reach, pos[seq[hi + 1]])
                                            }
                                            var p = first
                                            while p <= reach {
                                                let o = order[p]
                                                p &+= 1
                                                guard mark[o] == dirty else { continue }
                                                let jp = jobPred[o]
                                                let mp = machPred[o]
                                                var h = jp >= 0 ? head[jp] &+ duration[jp] : 0
                                                if mp >= 0 { h = max(h, head[mp] &+ duration[mp]) }
                                                guard h != head[o] else { continue }
                                                head[o] = h
                                                let js = jobSucc[o]
                                                if js >= 0 {
                                                    mark[js] = dirty
                                                    reach = max(reach, pos[js])
                                                }
                                                let ms = machSucc[o]
                                                if ms >= 0 {
                                                    mark[ms] = dirty
                                                    reach = max(reach, pos[ms])
                                                }
                                            }
                                        }
                                        tail.withUnsafeMutableBufferPointer { tail in
                                            var reach = first
                                            for k in lo...hi { mark[seq[k]] = dirtyTail }
                                            if lo > 0 {
                                                mark[seq[lo - 1]] = dirtyTail
                                                reach = min(reach, pos[seq[lo - 1]])
                                            }
                                            var p = last
                                            while p >= reach {
                                                let o = order[p]
                                                p &-= 1
                                                guard mark[o] == dirtyTail else { continue }
                                                let js = jobSucc[o]
                                                let ms = machSucc[o]
                                                var t = js >= 0 ? tail[js] &+ duration[js] : 0
                                                if ms >= 0 { t = max(t, tail[ms] &+ duration[ms]) }
                                                guard t != tail[o] else { continue }
                                                tail[o] = t
                                                let jp = jobPred[o]
                                                if jp >= 0 {
                                                    mark[jp] = dirtyTail
                                                    reach = min(reach, pos[jp])
                                                }
                                                let mp = machPred[o]
                                                if mp >= 0 {
                                                    mark[mp] = dirtyTail
                                                    reach = min(reach, pos[mp])
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The machine links and sequence indexes of sequence[m][lo-1...hi+1].
    private mutating func relinkStretch(_ m: Int, _ lo: Int, _ hi: Int) {
        let s = sequence[m]
        for k in max(0, lo - 1)...min(s.count - 1, hi + 1) {
            let o = s[k]
            seqIndex[o] = k
            machPred[o] = k == 0 ? -1 : s[k - 1]
            machSucc[o] = k == s.count - 1 ? -1 : s[k + 1]
        }
    }

    /// Sorts order[first...last] again for the changed arcs (Kahn's algorithm inside the
    /// stretch); false on a cycle, leaving the order as it was.
    private mutating func resort(_ first: Int, _ last: Int) -> Bool {
        let count = last - first + 1
        if scratch.count < count { scratch = Array(repeating: 0, count: max(count, n)) }
        @inline(__always) func inside(_ o: Int) -> Bool { o >= 0 && pos[o] >= first && pos[o] <= last }
        for p in first...last {
            let o = order[p]
            indegree[o] = (inside(jobPred[o]) ? 1 : 0) + (inside(machPred[o]) ? 1 : 0)
        }
        var filled = 0
        for p in first...last where indegree[order[p]] == 0 {
            scratch[filled] = order[p]
            filled += 1
        }
        var at = 0
        while at < filled {
            let o = scratch[at]
            at += 1
            let js = jobSucc[o]
            if inside(js) {
                indegree[js] -= 1
                if indegree[js] == 0 {
                    scratch[filled] = js
                    filled += 1
                }
            }
            let ms = machSucc[o]
            if inside(ms) {
                indegree[ms] -= 1
                if indegree[ms] == 0 {
                    scratch[filled] = ms
                    filled += 1
                }
            }
        }
        guard filled == count else { return false }
        for k in 0..<count {
            order[first + k] = scratch[k]
            pos[scratch[k]] = first + k
        }
        return true
    }
}
