import GembaCore

/// The samples and refusals from one read of one telemetry connection, applied to
/// the engine under one lock.
public struct IngestBatch: Sendable {
    public struct Rejection: Sendable, Equatable {
        public var line: Int
        public var column: Int
        public var reason: String
    }

    public var samples: [TelemetrySample] = []
    /// Line numbers of `samples`, for refusals the engine makes.
    public var sampleLines: [Int] = []
    public var rejections: [Rejection] = []
    public var ignored = 0
    /// When recording: the accepted lines, each with its timestamp (the receive
    /// time appended where the line had none), newline-terminated.
    public var recorded: [UInt8] = []

    public init() {}

    public var isEmpty: Bool { samples.isEmpty && rejections.isEmpty && ignored == 0 }

    mutating func reset() {
        samples.removeAll(keepingCapacity: true)
        sampleLines.removeAll(keepingCapacity: true)
        rejections.removeAll(keepingCapacity: true)
        ignored = 0
        recorded.removeAll(keepingCapacity: true)
    }
}

/// Frames one telemetry stream into lines and decodes them, keeping the bytes of
/// a line not yet complete between reads.
///
/// A line is complete at its newline (or, for a quoted string that spans lines,
/// at the newline after its closing quote). A line longer than
/// `maximumLineLength` is refused and skipped up to its newline; a half line left
/// when the peer disconnects is refused as such. Nothing here can stop the stream.
public struct TelemetryFramer: Sendable {
    public static let maximumLineLength = 64 * 1024

    private var decoder: LineProtocolDecoder
    private let interpreter: TelemetryInterpreter
    private var pending: [UInt8] = []
    private var discarding = false
    /// Keep accepted lines in `IngestBatch.recorded` (for `gemba serve --record`).
    public var recording = false
    /// Number of the next line of this connection, from 1.
    public private(set) var lineNumber = 1

    public init(interpreter: TelemetryInterpreter, precision: TimestampPrecision) {
        self.interpreter = interpreter
        self.decoder = LineProtocolDecoder(precision: precision)
    }

    /// Takes the bytes of one read.
    public mutating func feed(_ bytes: UnsafeRawBufferPointer, receivedAt: Timestamp, into batch: inout IngestBatch) {
        var input = UnsafeBufferPointer(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        if discarding {
            guard let nl = input.firstIndex(of: UInt8(ascii: "\n")) else { return }
            discarding = false
            lineNumber += 1
            input = UnsafeBufferPointer(rebasing: input[(nl + 1)...])
        }
        if pending.isEmpty {
            let used = decode(input, isFinal: false, receivedAt: receivedAt, into: &batch)
            if used < input.count { pending.append(contentsOf: input[used...]) }
        } else {
            pending.append(contentsOf: input)
            let used = pending.withUnsafeBufferPointer { decode($0, isFinal: false, receivedAt: receivedAt, into: &batch) }
            pending.removeFirst(used)
        }
        if pending.count > Self.maximumLineLength {
            batch.rejections.append(
                .init(line: lineNumber, column: 1, reason: "line longer than \(Self.maximumLineLength) bytes"))
            // Skip to the end of that line, which may be in these very bytes.
            if let nl = pending.firstIndex(of: UInt8(ascii: "\n")), nl > Self.maximumLineLength {
                pending.removeFirst(nl + 1)
                lineNumber += 1
            } else {
                pending.removeAll()
                discarding = true
            }
        }
    }

    /// Datagrams carry whole lines: each one is decoded alone, its end ending its last line.
    public mutating func feedDatagram(_ bytes: UnsafeRawBufferPointer, receivedAt: Timestamp, into batch: inout IngestBatch) {
        let input = UnsafeBufferPointer(start: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), count: bytes.count)
        lineNumber = 1
        _ = decode(input, isFinal: true, receivedAt: receivedAt, into: &batch)
    }

    /// The peer closed: a half line left over is refused, never silently dropped.
    public mutating func finish(receivedAt: Timestamp, into batch: inout IngestBatch) {
        guard !pending.isEmpty else { return }
        let isBlank = pending.allSatisfy { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }
        if !isBlank {
            batch.rejections.append(
                .init(
                    line: lineNumber, column: pending.count + 1,
                    reason: "connection closed in the middle of a line (no newline after \(pending.count) bytes)"))
        }
        pending.removeAll()
    }

    /// Appends one accepted line to the recording, with a timestamp in the feed's
    /// precision when it had none, so that a replay reaches the very same state.
    private func record(_ buf: UnsafeBufferPointer<UInt8>, from: Int, to: Int, sampleTime: Timestamp, into batch: inout IngestBatch) {
        var end = to
        while end > from && (buf[end - 1] == UInt8(ascii: "\n") || buf[end - 1] == UInt8(ascii: "\r")) { end -= 1 }
        batch.recorded.append(contentsOf: UnsafeBufferPointer(rebasing: buf[from..<end]))
        if decoder.timestamp == nil {
            batch.recorded.append(contentsOf: Array(" \(sampleTime / decoder.precision.nanosecondsPerUnit)".utf8))
        }
        batch.recorded.append(UInt8(ascii: "\n"))
    }

    /// Decodes whole lines; returns how many bytes were used.
    private mutating func decode(
        _ buf: UnsafeBufferPointer<UInt8>, isFinal: Bool, receivedAt: Timestamp, into batch: inout IngestBatch
    ) -> Int {
        var pos = 0
        while pos < buf.count {
            let step = decoder.decodeLine(buf, from: pos, isFinal: isFinal, lineNumber: lineNumber)
            let next: Int
            switch step {
            case .point(let n):
                next = n
                if n - pos > Self.maximumLineLength {
                    batch.rejections.append(
                        .init(line: lineNumber, column: 1, reason: "line longer than \(Self.maximumLineLength) bytes"))
                    break
                }
                switch interpreter.interpret(decoder, in: buf, lineStart: pos, receivedAt: receivedAt) {
                case .sample(let s):
                    batch.samples.append(s)
                    batch.sampleLines.append(lineNumber)
                    if recording { record(buf, from: pos, to: n, sampleTime: s.timestamp, into: &batch) }
                case .ignored:
                    batch.ignored += 1
                case .rejected(let column, let reason):
                    batch.rejections.append(.init(line: lineNumber, column: column, reason: reason))
                }
            case .empty(let n):
                next = n
            case .error(let e, let n):
                next = n
                batch.rejections.append(.init(line: e.line, column: e.column, reason: e.reason))
            case .incomplete:
                return pos
            }
            // Count the line ends consumed (more than one when a string spans lines).
            var k = pos
            while k < next {
                if buf[k] == UInt8(ascii: "\n") { lineNumber += 1 }
                k += 1
            }
            pos = next
        }
        return pos
    }
}
