import Benchmark
import Foundation
import GembaCore
import GembaStore

/// Traces and containment on the 1 M-lot history that Benchmarks/genealogy/generate.py
/// writes to /tmp/genealogy.db (GEMBA_GENEALOGY_DB to change it). Each run traces 200
/// lots: backward from finished lots (level 9) and forward from received ones (level 0).
let benchmarks: @Sendable () -> Void = {
    let path = ProcessInfo.processInfo.environment["GEMBA_GENEALOGY_DB"] ?? "/tmp/genealogy.db"
    guard FileManager.default.fileExists(atPath: path), let store = try? FloorStore(path: path) else {
        print("no \(path): run Benchmarks/genealogy/generate.py first")
        return
    }
    var rng = SplitMix64(seed: 1)
    let finished = (0..<200).map { _ in "L9-\(rng.next(below: 60_000))" }
    let received = (0..<200).map { _ in "L0-\(rng.next(below: 160_000))" }

    for (name, lots, forward) in [("backward from finished lots", finished, false), ("forward from received lots", received, true)] {
        Benchmark(
            "trace \(name) (1 M lots)",
            configuration: .init(
                metrics: [.custom("trace (µs)", polarity: .prefersSmaller, useScalingFactor: false), .custom("lots", polarity: .prefersLarger, useScalingFactor: false),
                    .custom("depth", polarity: .prefersLarger, useScalingFactor: false)],
                maxIterations: 1)
        ) { benchmark in
            for lot in lots {
                let start = DispatchTime.now().uptimeNanoseconds
                guard let t = try? store.trace([lot], forward: forward) else { continue }
                let micros = Int((DispatchTime.now().uptimeNanoseconds - start) / 1000)
                benchmark.measurement(.custom("trace (µs)", polarity: .prefersSmaller, useScalingFactor: false), micros)
                benchmark.measurement(.custom("lots", polarity: .prefersLarger, useScalingFactor: false), t.lots.count)
                benchmark.measurement(.custom("depth", polarity: .prefersLarger, useScalingFactor: false), t.lots.map(\.depth).max() ?? 0)
            }
        }
    }

    // Containment: a supplier lot's forward closure held in one transaction (on a copy of the database).
    Benchmark(
        "contain a supplier lot's forward closure (1 M lots)",
        configuration: .init(
            metrics: [.custom("hold (ms)", polarity: .prefersSmaller, useScalingFactor: false), .custom("lots held", polarity: .prefersLarger, useScalingFactor: false)],
            maxIterations: 1)
    ) { benchmark in
        let copy = "/tmp/genealogy-contain.db"
        try? FileManager.default.removeItem(atPath: copy)
        try? FileManager.default.copyItem(atPath: path, toPath: copy)
        guard let s = try? FloorStore(path: copy) else { return }
        // The supplier lots of three received lots.
        let targets = ["L0-1000", "L0-50000", "L0-120000"].compactMap { (try? s.lot($0))??.supplierLot }
        for target in targets {
            let start = DispatchTime.now().uptimeNanoseconds
            guard let hold = try? s.placeHold(
                scope: "supplier_lot", target: target, from: nil, to: nil, reason: "bench", reasonCode: nil, contain: true, user: "bench", at: 0,
                audit: AuditRecord(seq: 0, at: 0, user: "bench", uid: 0, role: "quality", action: "place_hold", object: "x"))
            else { continue }
            benchmark.measurement(.custom("hold (ms)", polarity: .prefersSmaller, useScalingFactor: false), Int((DispatchTime.now().uptimeNanoseconds - start) / 1_000_000))
            benchmark.measurement(.custom("lots held", polarity: .prefersLarger, useScalingFactor: false), hold.lots.count)
        }
        // The calibration case: a machine found out of calibration, every lot it made in a
        // window of the first assembly level and everything made from them since.
        let t0: Timestamp = 1_795_478_400 * Nanos.perSecond
        let from = t0 + 160_000 * Nanos.perSecond
        for (machine, hours) in [("m-3", 1), ("m-7", 3)] {
            let start = DispatchTime.now().uptimeNanoseconds
            guard let hold = try? s.placeHold(
                scope: "machine", target: machine, from: from, to: from + Int64(hours) * 3600 * Nanos.perSecond, reason: "bench", reasonCode: nil,
                contain: true, user: "bench", at: 0,
                audit: AuditRecord(seq: 0, at: 0, user: "bench", uid: 0, role: "quality", action: "place_hold", object: "x"))
            else { continue }
            let ms = Int((DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
            benchmark.measurement(.custom("hold (ms)", polarity: .prefersSmaller, useScalingFactor: false), ms)
            benchmark.measurement(.custom("lots held", polarity: .prefersLarger, useScalingFactor: false), hold.lots.count)
            print("contain \(machine) over \(hours) h: \(hold.lots.count) lots held, \(hold.shipped.count) shipped, \(ms) ms")
        }
    }
}
