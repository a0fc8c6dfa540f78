/// One minute of one process value's history, as the engine hands it to the store: its
/// aggregate and its raw samples (at most one per second: the last of each). A minute may
/// come in parts (the daemon stopped, or the feed fell silent and came back within it);
/// the store merges them.
public struct HistoryMinute: Sendable, Equatable, Codable {
    public var machine: String
    public var name: String
    /// Minutes since the Unix epoch.
    public var minute: Int64
    public var aggregate: HistoryAggregate
    public var raw: [HistoryRawSample]

    public init(machine: String, name: String, minute: Int64, aggregate: HistoryAggregate, raw: [HistoryRawSample]) {
        self.machine = machine
        self.name = name
        self.minute = minute
        self.aggregate = aggregate
        self.raw = raw
    }
}

/// A raw sample of a process value, to the millisecond.
public struct HistoryRawSample: Sendable, Equatable, Codable {
    public var at: Timestamp
    public var value: Double

    public init(at: Timestamp, value: Double) {
        self.at = at
        self.value = value
    }
}

/// The raw samples of one minute packed for the store: per sample its millisecond within
/// the minute (2 bytes) and its value (8 bytes, IEEE 754), little-endian; 10 bytes a sample.
public enum HistoryRawPacking {
    public static let bytesPerSample = 10

    public static func pack(_ samples: [HistoryRawSample], minute: Int64) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(samples.count * bytesPerSample)
        let start = Nanos.start(ofMinute: minute)
        for s in samples {
            let ms = UInt16(clamping: (s.at &- start) / 1_000_000)
            out.append(UInt8(ms & 0xff))
            out.append(UInt8(ms >> 8))
            let bits = s.value.bitPattern
            for k in 0..<8 { out.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(k)))) }
        }
        return out
    }

    /// The samples of a packed minute; trailing bytes short of a sample are ignored.
    public static func unpack(_ bytes: some Collection<UInt8>, minute: Int64) -> [HistoryRawSample] {
        let b = Array(bytes)
        let start = Nanos.start(ofMinute: minute)
        var out: [HistoryRawSample] = []
        out.reserveCapacity(b.count / bytesPerSample)
        var k = 0
        while k + bytesPerSample <= b.count {
            let ms = Int64(b[k]) | Int64(b[k + 1]) << 8
            var bits: UInt64 = 0
            for j in 0..<8 { bits |= UInt64(b[k + 2 + j]) << (8 * UInt64(j)) }
            out.append(HistoryRawSample(at: start &+ ms &* 1_000_000, value: Double(bitPattern: bits)))
            k += bytesPerSample
        }
        return out
    }
}
