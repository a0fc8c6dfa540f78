import Benchmark
import Foundation
import GembaClient
import GembaCore
import GembaServer

/// 2,000 process values arriving at 1 Hz each, in real time (machines m-180 to m-199, 100
/// values a line, each machine's line once a second at the wall clock's time), from a thread
/// of their own for as long as it runs.
final class ValueFeed: @unchecked Sendable {
    // @unchecked: `running` is guarded by `lock`; the thread owns the rest.
    private let lock = NSLock()
    private var running = true
    private var thread: Thread?
    private(set) var sent = 0

    init(socket: String) {
        let t = Thread { [self] in
            let sender = TelemetrySender(path: socket)
            try? sender.connect()
            var second = DaemonClock.now() / Nanos.perSecond
            while lock.withLock({ running }) {
                second += 1
                while DaemonClock.now() < second * Nanos.perSecond { usleep(1000) }
                var lines: [String] = []
                for m in 180..<200 {
                    var line = "process,machine=m-\(m) "
                    for v in 0..<100 {
                        let x = 50 + Double((second &* 31 &+ Int64(m * 7 + v * 13)) % 100) / 50
                        line += (v == 0 ? "" : ",") + "v\(v)=\(x)"
                    }
                    lines.append(line + " \(second * Nanos.perSecond)")
                }
                try? sender.send(lines: lines)
                sent += lines.count
            }
            sender.disconnect()
        }
        thread = t
        t.start()
    }

    func stop() {
        lock.withLock { running = false }
        Thread.sleep(forTimeInterval: 1.1)
    }
}

/// Issue 14: the ingest benchmark's rate (machine lines over the Unix socket, as fast as the
/// daemon takes them) while 2,000 process values arrive at 1 Hz, once into a plant that keeps
/// no history and charts nothing, once into one that keeps every value's history and charts
/// 100 of them by SPC; side by side in one run, within 10 % of each other.
let valueBenchmarks: @Sendable () -> Void = {
    for quality in [false, true] {
        Benchmark(
            "ingest 1M lines beside 2,000 values at 1 Hz, \(quality ? "history and 100 SPC charts" : "history off, no SPC")",
            configuration: .init(
                metrics: [.wallClock, .throughput], warmupIterations: 1, scalingFactor: .mega, maxDuration: .seconds(90), maxIterations: 7)
        ) { benchmark in
            guard let bench = try? BenchDaemon(quality: quality) else { fatalError("cannot start the daemon") }
            defer { bench.stop() }
            let values = ValueFeed(socket: bench.runtime.telemetrySocket)
            defer { values.stop() }
            // The values flow for two seconds first: minutes open, SPC charts have points.
            Thread.sleep(forTimeInterval: 2)
            let count = benchmark.scaledIterations.count
            // The machine lines go to the other 180 machines (their times are not the wall clock's).
            let bytes = bench.feed(count: count, machines: 180)
            let sender = TelemetrySender(path: bench.runtime.telemetrySocket)
            try? sender.connect()
            let before = bench.daemon.floor.stats
            let valuesBefore = values.sent
            benchmark.startMeasurement()
            sendAll(bytes, over: sender)
            let valueLines = { values.sent - valuesBefore }
            while bench.daemon.floor.stats.received - before.received < Int64(count + valueLines()) { usleep(200) }
            benchmark.stopMeasurement()
            sender.disconnect()
            let after = bench.daemon.floor.stats
            precondition(after.rejected == before.rejected, "lines refused: \(after)")
        }
    }
}
