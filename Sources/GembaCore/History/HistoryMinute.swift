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

/// One hour of a series' minute aggregates packed for the store, minutes in order: per minute
/// its place in the hour (1 byte), its count (4 bytes), min, max, sum and last (8 bytes each,
/// IEEE 754) and the millisecond of the minute its last sample came at (2 bytes),
/// little-endian; 39 bytes a minute. An hour is one row, so 90 days of minutes are 2,160
/// rows to read rather than 129,600.
public enum HistoryMinutePacking {
    public static let bytesPerMinute = 39

    /// Packs minutes of hour `hour` (hours since the epoch), keyed by their place in the hour.
    public static func pack(_ minutes: [(place: Int, aggregate: HistoryAggregate)], hour: Int64) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(minutes.count * bytesPerMinute)
        func put(_ v: UInt64, _ bytes: Int) { for k in 0..<bytes { out.append(UInt8(truncatingIfNeeded: v >> (8 * UInt64(k)))) } }
        for (place, a) in minutes.sorted(by: { $0.place < $1.place }) {
            let start = Nanos.start(ofMinute: hour &* 60 &+ Int64(place))
            out.append(UInt8(clamping: place))
            put(UInt64(UInt32(clamping: a.count)), 4)
            put(a.min.bitPattern, 8)
            put(a.max.bitPattern, 8)
            put(a.sum.bitPattern, 8)
            put(a.last.bitPattern, 8)
            put(UInt64(UInt16(clamping: (a.lastAt &- start) / Nanos.perMillisecond)), 2)
        }
        return out
    }

    /// Calls `body` with each packed minute's number (minutes since the epoch) and aggregate,
    /// in order; bytes short of a whole minute at the end are ignored.
    public static func unpack(_ bytes: UnsafeRawBufferPointer, hour: Int64, _ body: (Int64, HistoryAggregate) -> Void) {
        var k = 0
        func get(_ at: Int, _ n: Int) -> UInt64 {
            var v: UInt64 = 0
            for j in 0..<n { v |= UInt64(bytes[at + j]) << (8 * UInt64(j)) }
            return v
        }
        while k + bytesPerMinute <= bytes.count {
            let minute = hour &* 60 &+ Int64(bytes[k])
            let a = HistoryAggregate(
                count: Int64(get(k + 1, 4)), min: Double(bitPattern: get(k + 5, 8)), max: Double(bitPattern: get(k + 13, 8)),
                sum: Double(bitPattern: get(k + 21, 8)), last: Double(bitPattern: get(k + 29, 8)),
                lastAt: Nanos.start(ofMinute: minute) &+ Int64(get(k + 37, 2)) &* Nanos.perMillisecond)
            body(minute, a)
            k += bytesPerMinute
        }
    }

    /// The minutes of a packed hour, by their place in the hour.
    public static func unpack(_ bytes: [UInt8], hour: Int64) -> [(place: Int, aggregate: HistoryAggregate)] {
        var out: [(place: Int, aggregate: HistoryAggregate)] = []
        bytes.withUnsafeBytes { b in unpack(b, hour: hour) { minute, a in out.append((Int(minute - hour &* 60), a)) } }
        return out
    }
}
