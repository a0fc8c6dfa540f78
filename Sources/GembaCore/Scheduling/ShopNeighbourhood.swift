/// A run of adjacent operations of one critical path on one machine:
/// sequence[machine][first...last].
struct ShopBlock {
    var machine: Int
    var first: Int
    var last: Int
}

/// A move inside one machine's sequence: the operation at `from` taken out and put back
/// at `to`, with its makespan estimate and whether the tabu list forbids it.
struct ShopShift {
    var machine: Int
    var from: Int
    var to: Int
    var estimate: Int
    var tabu: Bool
}

/// The critical path and the moves on it that can shorten the makespan: the N7
/// neighbourhood of Zhang, Li, Guan and Rao (2007). In a critical block, an operation
/// moves to just before the block's first operation or just after its last, and the
/// first or last operation moves into the block (the N5 swaps of Nowicki and Smutnicki
/// are the shortest of these). Moves that cannot change the first operation of the
/// first block's start, nor the last of the last block's end, are left out, since they
/// cannot shorten that path. Each move is kept only when a sufficient condition says it
/// cannot close a cycle (Balas and Vazacopoulos 1998), and is estimated without being
/// made: the moved stretch's new heads from left to right and tails from right to
/// left, from the heads and tails around it.
extension ShopState {
    /// The blocks of one critical path, first to last.
    func criticalBlocks(into blocks: inout [ShopBlock]) {
        blocks.removeAll(keepingCapacity: true)
        var end = -1
        for o in jobLast where head[o] + duration[o] == makespan {
            end = o
            break
        }
        if end < 0 {
            for o in 0..<n where head[o] + duration[o] == makespan {
                end = o
                break
            }
        }
        var o = end
        while o >= 0 {
            let m = machineOf[o]
            let k = seqIndex[o]
            if let b = blocks.last, b.machine == m, b.first == k + 1 {
                blocks[blocks.count - 1].first = k
            } else {
                blocks.append(ShopBlock(machine: m, first: k, last: k))
            }
            let mp = machPred[o]
            let jp = jobPred[o]
            if mp >= 0 && head[mp] + duration[mp] == head[o] {
                o = mp
            } else if jp >= 0 && head[jp] + duration[jp] == head[o] {
                o = jp
            } else {
                o = -1
            }
        }
        blocks.reverse()
    }

    /// Every N7 move on the given blocks, safe and estimated (the caller marks the tabu ones).
    func blockMoves(_ blocks: [ShopBlock], into moves: inout [ShopShift], buffer: inout [Int]) {
        moves.removeAll(keepingCapacity: true)
        let longest = blocks.reduce(0) { max($0, $1.last - $1.first + 1) }
        if buffer.count < longest { buffer = Array(repeating: 0, count: max(longest, 64)) }
        // Over raw buffers, taken once per call: estimating is a fifth of a move's time.
        withView(buffer: &buffer) { view in
            for (b, block) in blocks.enumerated() where block.last > block.first {
                let m = block.machine
                let (s, e) = (block.first, block.last)
                let changeFirst = b > 0
                let changeLast = b < blocks.count - 1
                sequence[m].withUnsafeBufferPointer { seq in
                    func add(_ i: Int, _ j: Int) {
                        guard view.shiftIsSafe(seq, from: i, to: j) else { return }
                        moves.append(ShopShift(machine: m, from: i, to: j, estimate: view.shiftEstimate(seq, from: i, to: j), tabu: false))
                    }
                    if changeLast {
                        // An operation to just after the last (the last pair's swap among them).
                        for i in s..<e { add(i, e) }
                        // The last operation into the block (its swap with e-1 is above).
                        if e - s >= 2 { for j in (s + 1)..<(e - 1) { add(e, j) } }
                    }
                    if changeFirst {
                        // An operation to just before the first (the first pair's swap among them;
                        // a block two long has one swap, made above when the last may change too).
                        for i in (s + 1)...e where !(changeLast && e - s == 1) { add(i, s) }
                        // The first operation into the block (its swap with s+1 is above).
                        if e - s >= 2 { for j in (s + 2)..<e { add(s, j) } }
                    }
                }
            }
        }
    }

    private func withView<R>(buffer: inout [Int], _ body: (ShopGraphView) -> R) -> R {
        jobPred.withUnsafeBufferPointer { jobPred in
            jobSucc.withUnsafeBufferPointer { jobSucc in
                duration.withUnsafeBufferPointer { duration in
                    head.withUnsafeBufferPointer { head in
                        tail.withUnsafeBufferPointer { tail in
                            buffer.withUnsafeMutableBufferPointer { buffer in
                                body(ShopGraphView(jobPred: jobPred, jobSucc: jobSucc, duration: duration, head: head, tail: tail, buffer: buffer))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Raw read-only views of the arrays a move's safety and estimate read, valid only inside
/// `ShopState.withView`, with room in `buffer` for the longest block.
private struct ShopGraphView {
    let jobPred: UnsafeBufferPointer<Int>
    let jobSucc: UnsafeBufferPointer<Int>
    let duration: UnsafeBufferPointer<Int>
    let head: UnsafeBufferPointer<Int>
    let tail: UnsafeBufferPointer<Int>
    let buffer: UnsafeMutableBufferPointer<Int>

    /// Whether moving seq[i] to index j surely leaves the graph acyclic.
    func shiftIsSafe(_ seq: UnsafeBufferPointer<Int>, from i: Int, to j: Int) -> Bool {
        let x = seq[i]
        if j > i {
            // x goes after v: no path may lead from x's job successor to v.
            let v = seq[j]
            let js = jobSucc[x]
            return js < 0 || head[v] < head[js] &+ duration[js] || tail[js] < tail[v] &+ duration[v]
        } else {
            // x goes before u: no path may lead from u to x's job predecessor.
            let u = seq[j]
            let jp = jobPred[x]
            return jp < 0 || head[jp] < head[u] &+ duration[u] || tail[u] < tail[jp] &+ duration[jp]
        }
    }

    /// The makespan estimate after moving seq[i] to index j: the longest path through the
    /// moved stretch, its heads and tails recomputed in the new order.
    func shiftEstimate(_ seq: UnsafeBufferPointer<Int>, from i: Int, to j: Int) -> Int {
        let lo = min(i, j)
        let hi = max(i, j)
        // The operation at index k of the new order.
        @inline(__always) func at(_ k: Int) -> Int {
            if k == j { return seq[i] }
            return i < j ? seq[k &+ 1] : seq[k &- 1]
        }
        var prevEnd = lo > 0 ? head[seq[lo - 1]] &+ duration[seq[lo - 1]] : 0
        for k in lo...hi {
            let o = at(k)
            let jp = jobPred[o]
            let r = max(prevEnd, jp >= 0 ? head[jp] &+ duration[jp] : 0)
            buffer[k &- lo] = r
            prevEnd = r &+ duration[o]
        }
        var nextAfter = hi + 1 < seq.count ? tail[seq[hi + 1]] &+ duration[seq[hi + 1]] : 0
        var estimate = 0
        var k = hi
        while k >= lo {
            let o = at(k)
            let js = jobSucc[o]
            let q = max(nextAfter, js >= 0 ? tail[js] &+ duration[js] : 0)
            estimate = max(estimate, buffer[k &- lo] &+ duration[o] &+ q)
            nextAfter = q &+ duration[o]
            k &-= 1
        }
        return estimate
    }
}
