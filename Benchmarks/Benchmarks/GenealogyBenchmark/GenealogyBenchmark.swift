import Benchmark
import Foundation
import GRDB
import GembaCore
import GembaStore

/// Traces and containment on the 1 M-lot history that Benchmarks/genealogy/generate.py
/// writes to /tmp/genealogy.db (GEMBA_GENEALOGY_DB to change it). Each run traces 200
/// lots: backward from delivery lots (`D-`) and forward from received raw lots (`R-`),
/// the same ones `Benchmarks/genealogy/bare-cte.sh` runs as bare CTEs.
let traceMicros = BenchmarkMetric.custom("trace (µs)", polarity: .prefersSmaller, useScalingFactor: false)

let benchmarks: @Sendable () -> Void = {
    let path = ProcessInfo.processInfo.environment["GEMBA_GENEALOGY_DB"] ?? "/tmp/genealogy.db"
    guard FileManager.default.fileExists(atPath: path), let store = try? FloorStore(path: path) else {
        print("no \(path): run Benchmarks/genealogy/generate.py first")
        return
    }
    // The generator numbers each kind of lot from 0 without gaps: find how many by bisection.
    func count(_ prefix: String) -> Int {
        var (low, high) = (0, 1 << 24)  // lot prefix-low exists, prefix-high does not
        guard ((try? store.lot("\(prefix)-0")) ?? nil) != nil else { return 0 }
        while high - low > 1 {
            let mid = (low + high) / 2
            if ((try? store.lot("\(prefix)-\(mid)")) ?? nil) != nil { low = mid } else { high = mid }
        }
        return high
    }
    var rng = SplitMix64(seed: 1)
    let (deliveries, raw) = (count("D"), count("R"))
    let finished = (0..<200).map { _ in "D-\(rng.next(below: deliveries))" }
    let received = (0..<200).map { _ in "R-\(rng.next(below: raw))" }

    for (name, lots, forward) in [("backward from finished lots", finished, false), ("forward from received lots", received, true)] {
        Benchmark(
            "trace \(name) (1 M lots)",
            configuration: .init(
                metrics: [
                    traceMicros, .custom("lots", polarity: .prefersLarger, useScalingFactor: false),
                    .custom("depth", polarity: .prefersLarger, useScalingFactor: false),
                ],
                maxIterations: 1)
        ) { benchmark in
            for lot in lots {
                let start = DispatchTime.now().uptimeNanoseconds
                guard let t = try? store.trace([lot], forward: forward) else { continue }
                let micros = Int((DispatchTime.now().uptimeNanoseconds - start) / 1000)
                benchmark.measurement(traceMicros, micros)
                benchmark.measurement(.custom("lots", polarity: .prefersLarger, useScalingFactor: false), t.lots.count)
                benchmark.measurement(.custom("depth", polarity: .prefersLarger, useScalingFactor: false), t.lots.map(\.depth).max() ?? 0)
            }
        }
    }

    // The same traces as bare recursive CTEs (what Benchmarks/genealogy/bare-cte.sh runs in the
    // sqlite3 shell): the closure's links and its lots, every column of every row read as the
    // shell reads it for printing, side by side in this run.
    let bare = try? DatabaseQueue(
        path: path,
        configuration: {
            var c = Configuration()
            c.readonly = true
            return c
        }())
    /// 200 bare traces, each timed: `run` reads one lot's closure and returns what it read.
    func bareTraces(_ name: String, _ lots: [String], _ run: @escaping @Sendable (Database, String) throws -> Int) {
        Benchmark(name, configuration: .init(metrics: [traceMicros], maxIterations: 1)) { benchmark in
            guard let bare else { return }
            var total = 0
            for lot in lots {
                let start = DispatchTime.now().uptimeNanoseconds
                total &+= (try? bare.read { db in try run(db, lot) }) ?? 0
                benchmark.measurement(traceMicros, Int((DispatchTime.now().uptimeNanoseconds - start) / 1000))
            }
            blackHole(total)
        }
    }
    for (name, lots, forward) in [("backward", finished, false), ("forward", received, true)] {
        let (from, to) = forward ? ("parent", "child") : ("child", "parent")
        let reach = "WITH RECURSIVE reach(lot) AS (SELECT ? UNION SELECT l.\(to) FROM lot_link l JOIN reach r ON l.\(from) = r.lot) "
        bareTraces("bare CTE \(name) (1 M lots)", lots) { db, lot in
            var bytes = 0
            for sql in ["SELECT l.* FROM lot_link l JOIN reach r ON l.\(from) = r.lot", "SELECT * FROM lot WHERE id IN (SELECT lot FROM reach)"] {
                let rows = try Row.fetchCursor(db.cachedStatement(sql: reach + sql), arguments: [lot])
                while let row = try rows.next() {
                    for column in 0..<row.count { bytes &+= (row[column] as String?)?.utf8.count ?? 0 }
                }
            }
            return bytes
        }
        // The cheapest form: the closure's links and lots only counted (nothing leaves SQLite).
        bareTraces("bare CTE counting \(name) (1 M lots)", lots) { db, lot in
            var total = 0
            for sql in [
                "SELECT COUNT(*) FROM lot_link l JOIN reach r ON l.\(from) = r.lot", "SELECT COUNT(*) FROM lot WHERE id IN (SELECT lot FROM reach)",
            ] {
                total &+= try Int.fetchOne(db.cachedStatement(sql: reach + sql), arguments: [lot]) ?? 0
            }
            return total
        }
    }

    // Containment, on a copy of the database where nothing has been consumed yet (the worst
    // case: every descendant is still in the plant and must be held in the one transaction).
    Benchmark(
        "contain a forward closure (1 M lots)",
        configuration: .init(
            metrics: [
                .custom("hold (ms)", polarity: .prefersSmaller, useScalingFactor: false),
                .custom("lots held", polarity: .prefersLarger, useScalingFactor: false),
            ],
            maxIterations: 1)
    ) { benchmark in
        let copy = "/tmp/genealogy-contain.db"
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy + suffix) }
        do {
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            try DatabaseQueue(path: copy).write { db in try db.execute(sql: "UPDATE lot SET status = 'available' WHERE status = 'consumed'") }
        } catch {
            print("cannot prepare \(copy): \(error)")
            return
        }
        guard let s = try? FloorStore(path: copy) else { return }
        func contain(_ scope: String, _ target: String, from: Timestamp? = nil, to: Timestamp? = nil, _ what: String) {
            let start = DispatchTime.now().uptimeNanoseconds
            guard
                let hold = try? s.placeHold(
                    scope: scope, target: target, from: from, to: to, reason: "bench", reasonCode: nil, contain: true, user: "bench", at: 0,
                    audit: AuditRecord(seq: 0, at: 0, user: "bench", uid: 0, role: "quality", action: "place_hold", object: "x"))
            else { return }
            let ms = Int((DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
            benchmark.measurement(.custom("hold (ms)", polarity: .prefersSmaller, useScalingFactor: false), ms)
            benchmark.measurement(.custom("lots held", polarity: .prefersLarger, useScalingFactor: false), hold.lots.count)
            print("contain \(what): \(hold.lots.count) lots held, \(hold.shipped.count) shipped listed, \(ms) ms")
        }
        // The recall: the supplier lots of three consumable lots (each covers 10–30 deliveries).
        for lot in ["C-1000", "C-3000", "C-6000"] {
            if let supplierLot = (try? s.lot(lot))??.supplierLot { contain("supplier_lot", supplierLot, "supplier lot \(supplierLot)") }
        }
        // The calibration case: a blanking machine found out of calibration, every lot it made
        // in a window and everything made from them since.
        let t0: Timestamp = 1_795_478_400 * Nanos.perSecond + 100 * 86_400 * Nanos.perSecond
        for (machine, days) in [("M-P0-10", 1), ("M-P4-10", 7)] {
            contain("machine", machine, from: t0, to: t0 + Int64(days) * 86_400 * Nanos.perSecond, "\(machine) over \(days) day(s)")
        }
    }
}
