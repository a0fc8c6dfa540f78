import Benchmark
import Foundation
import GembaClient
import GembaCore
import GembaPlantFile
import GembaServer
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// A daemon in this process on a fresh database, with a 200-machine plant.
final class BenchDaemon: @unchecked Sendable {
    // The plant's shifts cover the whole day, so live OEE is always defined.
    // @unchecked: used by one benchmark at a time.
    let daemon: GembaDaemon
    let runtime: RuntimeDirectory
    let folder: String
    var nextTime: Int64 = 1_764_072_000_000_000_000

    /// - Parameter alarms: give every machine two alarms (an oil-temperature limit with
    ///   deadband and a long-stop alarm), to measure what alarm evaluation costs ingest.
    /// - Parameter quality: `false` keeps no history (`history: off`); `true` keeps every
    ///   value's history and charts five values of each of the last 20 machines by SPC (100
    ///   individuals charts, the Western Electric rules); nil: the plant's defaults.
    init(alarms: Bool = false, quality: Bool? = nil) throws {
        var template = Array("/tmp/gemba-bench-XXXXXX".utf8CString)
        folder = String(cString: mkdtemp(&template)!)
        runtime = RuntimeDirectory(path: folder + "/run")
        var yaml = "plant: Bench\ntimezone: UTC\ncomm_loss_timeout: 1h\nlines:\n"
        for l in 0..<10 {
            yaml += "  - id: L\(l)\n    name: Line \(l)\n    machines:\n"
            for m in 0..<20 { yaml += "      - { id: m-\(l * 20 + m), name: M \(l * 20 + m), ideal_cycle_time: 2 }\n" }
        }
        yaml += "shifts:\n  - { name: A, start: \"00:00\", end: \"12:00\" }\n  - { name: B, start: \"12:00\", end: \"00:00\" }\n"
        if alarms {
            yaml += "alarms:\n"
            for m in 0..<200 {
                yaml +=
                    "  - { id: hot-\(m), machine: m-\(m), when: { value: oil_temp, above: 80, deadband: 2, on_delay: 2s }, priority: high, message: hot }\n"
                yaml += "  - { id: stop-\(m), machine: m-\(m), when: { state: down, longer_than: 10m }, priority: medium, message: stop }\n"
            }
        }
        if quality == false { yaml += "history: off\n" }
        if quality == true {
            yaml += "spc:\n"
            for m in 180..<200 {
                for v in 0..<5 {
                    yaml += "  - { id: c-\(m)-\(v), machine: m-\(m), value: v\(v), chart: individuals, rules: [we1, we2, we3, we4] }\n"
                }
            }
        }
        let plant = try PlantConfigLoader.load(yaml: yaml, file: "bench.yaml")
        daemon = try GembaDaemon.start(
            .init(plant: plant, databasePath: folder + "/gemba.db", runtime: runtime, version: "bench"),
            logger: Logger(label: "bench", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    /// Stops the daemon and removes its folder.
    func stop() {
        daemon.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// `count` machine lines for the first `machines` machines with increasing timestamps, as one buffer.
    func feed(count: Int, machines: Int = 200) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count * 100)
        for k in 0..<count {
            let m = k % machines
            nextTime += 1_000_000
            let state = (k / 200) % 7 == 0 ? "down" : "running"
            out += Array(
                "machine,line=L\(m / 20),machine=m-\(m) state=\"\(state)\",count_total=\(k)i,count_reject=\(k / 100)i,speed=29.5 \(nextTime)\n".utf8)
        }
        return out
    }
}

extension BenchDaemon {
    /// Half machine lines, half process lines (oil temperature crossing 80 now and then).
    func mixedFeed(count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count * 100)
        for k in 0..<count {
            let m = k % 200
            nextTime += 1_000_000
            if k % 2 == 0 {
                let state = (k / 200) % 7 == 0 ? "down" : "running"
                out += Array(
                    "machine,line=L\(m / 20),machine=m-\(m) state=\"\(state)\",count_total=\(k)i,count_reject=\(k / 100)i \(nextTime)\n".utf8)
            } else {
                let temp = 70 + Double((k / 400) % 15)
                out += Array("process,machine=m-\(m) oil_temp=\(temp),pressure=191.5 \(nextTime)\n".utf8)
            }
        }
        return out
    }
}

/// Sends `bytes` in 256 KiB writes (a benchmark's feed: a failed write shows as lost lines).
func sendAll(_ bytes: [UInt8], over sender: TelemetrySender) {
    bytes.withUnsafeBytes { raw in
        var off = 0
        while off < raw.count {
            let n = min(256 * 1024, raw.count - off)
            try? sender.send(UnsafeRawBufferPointer(rebasing: raw[off..<(off + n)]))
            off += n
        }
    }
}

/// Sends `bytes` over the telemetry socket and waits until the daemon has counted `count` lines.
func ingest(_ bench: BenchDaemon, _ bytes: [UInt8], count: Int, _ benchmark: Benchmark) {
    let before = bench.daemon.floor.stats
    let sender = TelemetrySender(path: bench.runtime.telemetrySocket)
    try? sender.connect()
    benchmark.startMeasurement()
    sendAll(bytes, over: sender)
    while bench.daemon.floor.stats.received - before.received < Int64(count) { usleep(200) }
    benchmark.stopMeasurement()
    sender.disconnect()
    let after = bench.daemon.floor.stats
    precondition(after.accepted - before.accepted == Int64(count), "lost lines: \(after)")
}

let benchmarks: @Sendable () -> Void = {
    valueBenchmarks()
    // The cost of alarm evaluation: the same mixed feed into a plant without alarms and
    // into one with two alarms per machine (400), side by side.
    for alarms in [false, true] {
        Benchmark(
            "ingest mixed machine+process lines, 1M lines, \(alarms ? "400 alarms" : "no alarms")",
            configuration: .init(
                metrics: [.wallClock, .throughput], warmupIterations: 1, scalingFactor: .mega, maxDuration: .seconds(60), maxIterations: 5)
        ) { benchmark in
            guard let bench = try? BenchDaemon(alarms: alarms) else { fatalError("cannot start the daemon") }
            defer { bench.stop() }
            let count = benchmark.scaledIterations.count
            ingest(bench, bench.mixedFeed(count: count), count: count, benchmark)
        }
    }

    // End-to-end ingest: bytes over the Unix socket → framing → decode → engine,
    // counted in (sent) and out (received = accepted by the daemon's counters).
    Benchmark(
        "ingest over the Unix socket, 200 machines, 1M lines",
        configuration: .init(
            metrics: [.wallClock, .throughput], warmupIterations: 1, scalingFactor: .mega, maxDuration: .seconds(60), maxIterations: 5)
    ) { benchmark in
        guard let bench = try? BenchDaemon() else { fatalError("cannot start the daemon") }
        defer { bench.stop() }
        let count = benchmark.scaledIterations.count
        ingest(bench, bench.feed(count: count), count: count, benchmark)
    }

    Benchmark(
        "live OEE reaches a subscribed console after a sample",
        configuration: .init(
            metrics: [.custom("OEE on screen (ms)", polarity: .prefersSmaller, useScalingFactor: false)],
            warmupIterations: 0, scalingFactor: .one, maxDuration: .seconds(60), maxIterations: 1)
    ) { benchmark in liveOEELatency(benchmark) }

    // Latency: a sample's timestamp is its send time; a subscribed console notes
    // when the delta carrying it arrives. 10,000 lines/s for 5 s.
    Benchmark(
        "sample to subscribed console latency at 10k lines/s",
        configuration: .init(
            metrics: [.custom("latency (µs)", polarity: .prefersSmaller, useScalingFactor: false)],
            warmupIterations: 0, scalingFactor: .one, maxDuration: .seconds(30), maxIterations: 1)
    ) { benchmark in
        guard let bench = try? BenchDaemon() else { fatalError("cannot start the daemon") }
        defer { bench.stop() }
        guard let console = try? ConsoleConnection(path: bench.runtime.consoleSocket),
            (try? console.request(Requests.Subscribe())) != nil
        else { fatalError("cannot subscribe") }
        let latencies = LatencyLog()
        let reader = Thread {
            let decoder = JSONDecoder()
            while let line = try? console.readLine(timeout: 3) {
                let now = DaemonClock.now()
                guard let e = try? decoder.decode(DeltaEvent.self, from: line) else { continue }
                for m in e.delta.machines {
                    if let pv = m.processValues.first(where: { $0.name == "sent" }) { latencies.add(now - pv.at) }
                }
            }
        }
        reader.start()
        let sender = TelemetrySender(path: bench.runtime.telemetrySocket)
        try? sender.connect()
        let seconds = 5
        let perBatch = 100  // every 10 ms
        var k = 0
        let start = DaemonClock.now()
        for batch in 0..<(seconds * 100) {
            let due = start + Int64(batch) * 10_000_000
            while DaemonClock.now() < due { usleep(200) }
            var lines: [String] = []
            for _ in 0..<perBatch {
                let m = k % 200
                k += 1
                lines.append("process,machine=m-\(m) sent=1 \(DaemonClock.now())")
            }
            try? sender.send(lines: lines)
        }
        Thread.sleep(forTimeInterval: 0.5)
        console.shutdown()
        for v in latencies.values {
            benchmark.measurement(.custom("latency (µs)", polarity: .prefersSmaller, useScalingFactor: false), Int(v / 1000))
        }
        let sorted = latencies.values.sorted()
        if !sorted.isEmpty {
            let p = { (q: Double) in sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] / 1000 }
            print("latency µs: n=\(sorted.count) p50=\(p(0.5)) p90=\(p(0.9)) p99=\(p(0.99)) max=\(sorted.last! / 1000)")
        }
    }
}

/// How long after a sample that moves a machine's OEE the subscribed console
/// receives the new figure (the board refreshes OEE once a second).
func liveOEELatency(_ benchmark: Benchmark) {
    guard let bench = try? BenchDaemon() else { fatalError("cannot start the daemon") }
    defer { bench.stop() }
    guard let console = try? ConsoleConnection(path: bench.runtime.consoleSocket),
        (try? console.request(Requests.Subscribe())) != nil
    else { fatalError("cannot subscribe") }
    let sender = TelemetrySender(path: bench.runtime.telemetrySocket)
    try? sender.connect()
    let decoder = JSONDecoder()
    var latencies: [Int64] = []
    for k in 0..<20 {
        let id = "m-\(k)"
        let now = DaemonClock.now()
        // A baseline, then a count that moves the machine's OEE (one a machine can make: a jump
        // beyond max_counter_rate would be refused as a counter from elsewhere).
        try? sender.send(lines: ["machine,machine=\(id) state=\"running\",count_total=0i \(now)"])
        Thread.sleep(forTimeInterval: 1.2)
        let sent = DaemonClock.now()
        try? sender.send(lines: ["machine,machine=\(id) count_total=50i \(sent)"])
        let deadline = sent + 5 * Nanos.perSecond
        while DaemonClock.now() < deadline, let line = try? console.readLine(timeout: 5) {
            guard let e = try? decoder.decode(DeltaEvent.self, from: line),
                let m = e.delta.machines.first(where: { $0.id == id }), (m.oee?.oee ?? 0) > 0.001
            else { continue }
            latencies.append(DaemonClock.now() - sent)
            benchmark.measurement(
                .custom("OEE on screen (ms)", polarity: .prefersSmaller, useScalingFactor: false), Int((DaemonClock.now() - sent) / 1_000_000))
            break
        }
    }
    let sorted = latencies.sorted()
    if !sorted.isEmpty {
        print("live OEE latency ms: n=\(sorted.count) p50=\(sorted[sorted.count / 2] / 1_000_000) max=\(sorted.last! / 1_000_000)")
    }
}

final class LatencyLog: @unchecked Sendable {
    // @unchecked: `values` is guarded by `lock`.
    private let lock = NSLock()
    private var _values: [Int64] = []
    func add(_ v: Int64) {
        lock.lock()
        _values.append(v)
        lock.unlock()
    }
    var values: [Int64] {
        lock.lock()
        defer { lock.unlock() }
        return _values
    }
}
