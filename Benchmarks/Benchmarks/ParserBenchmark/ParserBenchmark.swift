import Benchmark
import GembaCore
import GembaServer

/// A realistic feed: 200 machines, machine lines with 2–3 tags and 3–5 fields,
/// and process lines, as a PLC gateway or Telegraf writes them.
enum Feed {
    static let lines: [[UInt8]] = {
        var out: [[UInt8]] = []
        let t0: Int64 = 1_764_072_000_000_000_000
        for k in 0..<20_000 {
            let m = k % 200
            let t = t0 + Int64(k) * 1_000_000
            let line: String
            switch k % 4 {
            case 0:
                line =
                    "machine,site=plant1,line=L\(m / 20),machine=m-\(m) state=\"running\",count_total=\(100_000 + k)i,count_reject=\(k / 50)i,speed=29.5 \(t)"
            case 1:
                line =
                    "machine,line=L\(m / 20),machine=m-\(m) count_total=\(100_000 + k)i,count_reject=\(k / 50)i,speed=31.25,temp=44.1,cycle=2.02 \(t)"
            case 2:
                line = "machine,line=L\(m / 20),machine=m-\(m) state=\"down\",reason=\"jam\",count_total=\(100_000 + k)i \(t)"
            default:
                line = "process,machine=m-\(m),sensor=hyd oil_temp=71.25,pressure=182.4,vibration=0.031 \(t)"
            }
            out.append(Array((line + "\n").utf8))
        }
        return out
    }()

    /// The same lines in one buffer, with each line's start.
    static let buffer: [UInt8] = lines.flatMap { $0 }
    static let starts: [Int] = {
        var s: [Int] = []
        var pos = 0
        for l in lines {
            s.append(pos)
            pos += l.count
        }
        return s
    }()
}

let benchmarks: @Sendable () -> Void = {
    let config = Benchmark.Configuration(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 3, scalingFactor: .mega, maxDuration: .seconds(10), maxIterations: 20)

    // Baseline: find each line's newline, the least any framer must do.
    Benchmark("newline scan (baseline), 1M lines", configuration: config) { benchmark in
        Feed.buffer.withUnsafeBufferPointer { buf in
            let n = Feed.starts.count
            var total = 0
            var i = 0
            for _ in benchmark.scaledIterations {
                var k = Feed.starts[i]
                while buf[k] != 10 { k += 1 }
                total &+= k
                i += 1
                if i == n { i = 0 }
            }
            blackHole(total)
        }
    }

    // The decoder alone: full grammar, numbers parsed, tokens located.
    Benchmark("line-protocol decode, 1M lines", configuration: config) { benchmark in
        var decoder = LineProtocolDecoder(precision: .nanoseconds)
        Feed.buffer.withUnsafeBufferPointer { buf in
            let n = Feed.starts.count
            var i = 0
            var points = 0
            for _ in benchmark.scaledIterations {
                if case .point = decoder.decodeLine(buf, from: Feed.starts[i], isFinal: false) { points += 1 }
                i += 1
                if i == n { i = 0 }
            }
            precondition(points == benchmark.scaledIterations.count)
        }
    }

    // What ingest does per line before the engine: decode, then read the
    // measurement, machine id, state and counters into a sample.
    Benchmark("decode + interpret to samples, 1M lines", configuration: config) { benchmark in
        let interpreter = TelemetryInterpreter(machineIDs: (0..<200).map { "m-\($0)" })
        var decoder = LineProtocolDecoder(precision: .nanoseconds)
        Feed.buffer.withUnsafeBufferPointer { buf in
            let n = Feed.starts.count
            var i = 0
            var samples = 0
            for _ in benchmark.scaledIterations {
                if case .point = decoder.decodeLine(buf, from: Feed.starts[i], isFinal: false),
                    case .sample = interpreter.interpret(decoder, in: buf, lineStart: Feed.starts[i], receivedAt: 0)
                {
                    samples += 1
                }
                i += 1
                if i == n { i = 0 }
            }
            precondition(samples == benchmark.scaledIterations.count)
        }
    }
}
