/// Where the job-shop search starts and how a flexible operation changes machine:
/// Giffler–Thompson active schedules under dispatching rules, and the best place for
/// an operation on another eligible machine.
enum ShopConstruction {
    /// The best place to insert o on the machine of `alt` without creating a cycle, and its estimate.
    static func bestInsertion(_ s: ShopState, _ o: Int, alt: Int) -> (position: Int, estimate: Int)? {
        let m = s.altMachine[alt]
        let d = s.altDuration[alt]
        let seq = s.sequence[m]
        let jp = s.jobPred[o]
        let js = s.jobSucc[o]
        let fromJob = jp >= 0 ? s.head[jp] + s.duration[jp] : 0
        let toJob = js >= 0 ? s.tail[js] + s.duration[js] : 0
        let ownEnd = s.head[o] + s.duration[o]
        let ownAfter = s.tail[o] + s.duration[o]
        var best: (Int, Int)?
        for k in 0...seq.count {
            let a = k > 0 ? seq[k - 1] : -1
            let b = k < seq.count ? seq[k] : -1
            if a == o || b == o { continue }
            // No path o → a and none b → o, so the insertion cannot close a cycle.
            if a >= 0 && s.head[a] >= ownEnd { break }
            if b >= 0 && s.tail[b] >= ownAfter { continue }
            let r = max(fromJob, a >= 0 ? s.head[a] + s.duration[a] : 0)
            let q = max(toJob, b >= 0 ? s.tail[b] + s.duration[b] : 0)
            let e = r + d + q
            if best == nil || e < best!.1 { best = (k, e) }
        }
        return best
    }

    enum DispatchRule: CaseIterable {
        case mostWorkRemaining, mostOperationsRemaining, shortestProcessingTime, randomised
        /// Any operation that may go next: a random active schedule, for a diverse start.
        case random

        /// The rules the search's first start is the best of.
        static let starts: [DispatchRule] = [.mostWorkRemaining, .mostOperationsRemaining, .shortestProcessingTime, .randomised]
    }

    /// Giffler–Thompson active schedule: the machine that can finish an operation first
    /// takes, among the operations that could start on it before then, the one the rule prefers.
    static func giffler(_ s: inout ShopState, rule: DispatchRule, rng: inout SplitMix64) {
        let jobs = (s.jobOf.last ?? -1) + 1
        var next = [Int](repeating: -1, count: jobs)
        var work = [Int](repeating: 0, count: jobs)
        var remaining = [Int](repeating: 0, count: jobs)
        for o in (0..<s.n).reversed() {
            next[s.jobOf[o]] = o
            let alts = s.alternatives(o)
            work[s.jobOf[o]] += alts.map { s.altDuration[$0] }.min() ?? 0
            remaining[s.jobOf[o]] += 1
        }
        var jobReady = [Int](repeating: 0, count: jobs)
        var machineReady = [Int](repeating: 0, count: s.machines)
        for m in 0..<s.machines { s.sequence[m].removeAll(keepingCapacity: true) }
        for _ in 0..<s.n {
            var cStar = Int.max
            var mStar = -1
            for j in 0..<jobs where next[j] >= 0 {
                let o = next[j]
                for alt in s.alternatives(o) {
                    let m = s.altMachine[alt]
                    let c = max(jobReady[j], machineReady[m]) + s.altDuration[alt]
                    if c < cStar || (c == cStar && m < mStar) {
                        cStar = c
                        mStar = m
                    }
                }
            }
            var pick = -1
            var pickAlt = -1
            var pickKey = Int.min
            for j in 0..<jobs where next[j] >= 0 {
                let o = next[j]
                for alt in s.alternatives(o) where s.altMachine[alt] == mStar {
                    let start = max(jobReady[j], machineReady[mStar])
                    guard start < cStar || (start == cStar && s.altDuration[alt] == 0) else { continue }
                    let key: Int
                    switch rule {
                    case .mostWorkRemaining: key = work[j]
                    case .mostOperationsRemaining: key = remaining[j] * 100_000 + work[j]
                    case .shortestProcessingTime: key = -s.altDuration[alt]
                    case .randomised: key = work[j] + rng.next(below: max(1, work[j] / 4 + 1))
                    case .random: key = rng.next(below: 1 << 30)
                    }
                    if key > pickKey {
                        pickKey = key
                        pick = o
                        pickAlt = alt
                    }
                }
            }
            guard pick >= 0 else { break }
            let j = s.jobOf[pick]
            let d = s.altDuration[pickAlt]
            let start = max(jobReady[j], machineReady[mStar])
            s.machineOf[pick] = mStar
            s.duration[pick] = d
            s.sequence[mStar].append(pick)
            jobReady[j] = start + d
            machineReady[mStar] = start + d
            work[j] -= s.alternatives(pick).map { s.altDuration[$0] }.min() ?? 0
            remaining[j] -= 1
            next[j] = s.jobSucc[pick]
        }
        s.relink()
        _ = s.evaluate()
    }
}
