import GembaCore
import GembaServer
import Testing

struct TelemetryFramerTests {
    let interpreter = TelemetryInterpreter(machineIDs: ["press-01", "press-02"])

    func feed(_ chunks: [String], finish: Bool = false) -> IngestBatch {
        var framer = TelemetryFramer(interpreter: interpreter, precision: .nanoseconds)
        var batch = IngestBatch()
        for c in chunks {
            var bytes = Array(c.utf8)
            bytes.withUnsafeMutableBytes { framer.feed(UnsafeRawBufferPointer($0), receivedAt: 7, into: &batch) }
        }
        if finish { framer.finish(receivedAt: 7, into: &batch) }
        return batch
    }

    @Test func linesSplitAcrossReadsAreJoined() {
        let b = feed(["machine,machine=press-01 state=\"run", "ning\",count_total=5i 100\nmachine,machine=press-02 st", "ate=\"idle\" 200\n"])
        #expect(b.samples.count == 2)
        #expect(b.samples[0] == TelemetrySample(machine: 0, timestamp: 100, state: .running, countTotal: 5))
        #expect(b.samples[1].state == .idle)
        #expect(b.rejections.isEmpty)
    }

    @Test func aBadLineIsRefusedAloneWithItsPlace() {
        let b = feed([
            "machine,machine=press-01 state=\"running\" 1\n",
            "machine,machine=press-01 state=\"flying\" 2\n",
            "machine,machine=press-99 state=\"idle\" 3\n",
            "machine,machine=press-01 count_total=-5i 4\n",
            "garbage \u{01}\u{02} here\n",
            "process,machine=press-02 oil_temp=71.5 5\n",
            "cpu,host=a usage=3 6\n",
        ])
        #expect(b.samples.count == 2)
        #expect(b.ignored == 1)
        #expect(b.rejections.map(\.line) == [2, 3, 4, 5])
        #expect(b.rejections[0].reason.hasPrefix("unknown state \"flying\""))
        #expect(b.rejections[0].column == 32)
        #expect(b.rejections[1].reason == "unknown machine \"press-99\"")
        #expect(b.rejections[1].column == 17)
        #expect(b.rejections[2].reason.contains("non-negative integer"))
        #expect(b.samples[1].processValues == [ProcessValue(name: "oil_temp", value: 71.5, at: 5)])
    }

    @Test func invalidUTF8AndBinaryGarbageAreRefusedNotFatal() {
        var framer = TelemetryFramer(interpreter: interpreter, precision: .nanoseconds)
        var batch = IngestBatch()
        var bytes: [UInt8] = Array("machine,machine=press-0".utf8) + [0xFF, 0xFE] + Array(" state=\"idle\" 1\n".utf8)
        bytes += (0..<300).map { UInt8(truncatingIfNeeded: $0 * 37) }.filter { $0 != 10 } + [10]
        bytes += Array("machine,machine=press-01 state=\"idle\" 9\n".utf8)
        bytes.withUnsafeBytes { framer.feed($0, receivedAt: 1, into: &batch) }
        #expect(batch.rejections.count == 2)
        #expect(batch.rejections[0].reason.contains("UTF-8"))
        #expect(batch.samples.map(\.timestamp) == [9])
    }

    @Test func aLineOver64KiBIsRefusedAndTheNextOneTaken() {
        let long = "machine,machine=press-01 reason=\"" + String(repeating: "x", count: 70_000) + "\" 1\n"
        let chunks = stride(from: 0, to: long.utf8.count, by: 4096).map { start -> String in
            let a = long.utf8.index(long.utf8.startIndex, offsetBy: start)
            let b = long.utf8.index(a, offsetBy: min(4096, long.utf8.count - start))
            return String(long[a..<b])
        }
        let b = feed(chunks + ["machine,machine=press-01 state=\"idle\" 2\n"])
        #expect(b.rejections.count == 1)
        #expect(b.rejections[0].reason == "line longer than 65536 bytes")
        #expect(b.rejections[0].line == 1)
        #expect(b.samples.map(\.timestamp) == [2])
    }

    @Test func aHalfLineAtDisconnectIsRefusedNotDropped() {
        let b = feed(["machine,machine=press-01 state=\"idle\" 1\nmachine,machine=press-01 sta"], finish: true)
        #expect(b.samples.count == 1)
        #expect(b.rejections.count == 1)
        #expect(b.rejections[0].line == 2)
        #expect(b.rejections[0].reason.hasPrefix("connection closed in the middle of a line"))
    }

    @Test func crlfAndCommentsAndStringsSpanningLines() {
        let b = feed([
            "# a comment\r\n", "machine,machine=press-01 state=\"idle\",reason=\"two\nlines\" 1\r\n", "machine,machine=press-02 state=\"down\" 2\n",
        ])
        #expect(b.rejections.isEmpty)
        #expect(b.samples.map(\.reason) == ["two\nlines", nil])
    }
}
