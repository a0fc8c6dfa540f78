import Benchmark
import Foundation
import GembaClient
import GembaCore
import GembaPlantFile
import GembaServer
import Logging

/// 2,000 process values arriving at 1 Hz each (20 machines, 100 values a line, a line per
/// machine and second of feed time), ingested as fast as the daemon takes them: once into a
/// plant that keeps no history and charts nothing (`history: off`), once into one that keeps
/// every value's history and charts 100 of them by SPC. Issue 14 asks the second's rate to
/// stay within 10 % of the first's, measured side by side in one run.
final class ValueBench: @unchecked Sendable {
    // @unchecked: used by one benchmark at a time.
    let daemon: GembaDaemon
    let runtime: RuntimeDirectory
    let folder: String
    static let machines = 20
    static let values = 100
    var second: Int64 = 1_764_072_000

    init(history: Bool) throws {
        var template = Array("/tmp/gemba-bench-XXXXXX".utf8CString)
        folder = String(cString: mkdtemp(&template)!)
        runtime = RuntimeDirectory(path: folder + "/run")
        var yaml = "plant: Values\ntimezone: UTC\ncomm_loss_timeout: 1h\nlines:\n  - id: L0\n    name: Line\n    machines:\n"
        for m in 0..<Self.machines { yaml += "      - { id: m-\(m), name: M \(m), ideal_cycle_time: 2 }\n" }
        yaml += "shifts:\n  - { name: A, start: \"00:00\", end: \"12:00\" }\n  - { name: B, start: \"12:00\", end: \"00:00\" }\n"
        if history {
            // Five characteristics per machine: individuals charts with the Western Electric rules.
            yaml += "spc:\n"
            for m in 0..<Self.machines {
                for v in 0..<5 {
                    yaml += "  - { id: c-\(m)-\(v), machine: m-\(m), value: v\(v), chart: individuals, rules: [we1, we2, we3, we4] }\n"
                }
            }
        } else {
            yaml += "history: off\n"
        }
        let plant = try PlantConfigLoader.load(yaml: yaml, file: "values.yaml")
        daemon = try GembaDaemon.start(
            .init(plant: plant, databasePath: folder + "/gemba.db", runtime: runtime, version: "bench"),
            logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    func stop() {
        daemon.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// `seconds` of feed: every machine's 100 values once a second, wandering around 50.
    func feed(seconds: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(seconds * Self.machines * Self.values * 12)
        for _ in 0..<seconds {
            second += 1
            for m in 0..<Self.machines {
                var line = "process,machine=m-\(m) "
                for v in 0..<Self.values {
                    let x = 50 + Double((second &* 31 &+ Int64(m * 7 + v * 13)) % 100) / 50
                    line += (v == 0 ? "" : ",") + "v\(v)=\(x)"
                }
                line += " \(second * 1_000_000_000)\n"
                out += Array(line.utf8)
            }
        }
        return out
    }
}

let valueBenchmarks: @Sendable () -> Void = {
    for history in [false, true] {
        Benchmark(
            "ingest 2,000 process values at 1 Hz, \(history ? "history and 100 SPC charts" : "history off, no SPC")",
            configuration: .init(
                metrics: [.wallClock, .throughput], warmupIterations: 1, scalingFactor: .kilo, maxDuration: .seconds(60), maxIterations: 7)
        ) { benchmark in
            guard let bench = try? ValueBench(history: history) else { fatalError("cannot start the daemon") }
            defer { bench.stop() }
            // A line is 100 values: the throughput is in lines (x100 for values).
            let lines = benchmark.scaledIterations.count * 20
            let seconds = lines / ValueBench.machines
            let bytes = bench.feed(seconds: seconds)
            let before = bench.daemon.floor.stats
            let sender = TelemetrySender(path: bench.runtime.telemetrySocket)
            try? sender.connect()
            benchmark.startMeasurement()
            bytes.withUnsafeBytes { raw in
                var off = 0
                while off < raw.count {
                    let n = min(256 * 1024, raw.count - off)
                    try? sender.send(UnsafeRawBufferPointer(rebasing: raw[off..<(off + n)]))
                    off += n
                }
            }
            while bench.daemon.floor.stats.received - before.received < Int64(lines) { usleep(200) }
            benchmark.stopMeasurement()
            sender.disconnect()
            let after = bench.daemon.floor.stats
            precondition(after.accepted - before.accepted == Int64(lines), "lost lines: \(after)")
        }
    }
}
