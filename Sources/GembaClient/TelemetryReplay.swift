import Foundation
import GembaCore

/// A recorded line-protocol file read back for `gemba replay`: each line with
/// its timestamp, so that it can be paced (at speed N, or as fast as possible)
/// and moved in time (rebased so that its last line is now).
public struct TelemetryReplay: Sendable {
    public struct Line: Sendable {
        /// The line without its timestamp.
        public var body: String
        /// Nanoseconds; nil when the line has none (it will take the receive time).
        public var timestamp: Timestamp?
    }

    public let lines: [Line]
    /// Lines that are not line protocol: (line number, reason). They are not sent.
    public let refused: [(line: Int, reason: String)]
    public let precision: TimestampPrecision

    public init(text: String, precision: TimestampPrecision = .nanoseconds) {
        self.precision = precision
        var decoder = LineProtocolDecoder(precision: precision)
        var lines: [Line] = []
        var refused: [(Int, String)] = []
        for (k, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            let bytes = Array(line.utf8)
            let step = bytes.withUnsafeBufferPointer { decoder.decodeLine($0, from: 0, isFinal: true, lineNumber: k + 1) }
            switch step {
            case .empty, .incomplete:
                continue
            case .error(let e, _):
                refused.append((k + 1, "column \(e.column): \(e.reason)"))
            case .point:
                guard let ts = decoder.timestamp else {
                    lines.append(Line(body: line, timestamp: nil))
                    continue
                }
                // The timestamp is the last token: cut it off.
                var end = bytes.count
                while end > 0 && bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
                var start = end
                while start > 0 && bytes[start - 1] != UInt8(ascii: " ") { start -= 1 }
                var bodyEnd = start
                while bodyEnd > 0 && bytes[bodyEnd - 1] == UInt8(ascii: " ") { bodyEnd -= 1 }
                lines.append(Line(body: String(decoding: bytes[0..<bodyEnd], as: UTF8.self), timestamp: ts))
            }
        }
        self.lines = lines
        self.refused = refused
    }

    /// The timestamp of the first line that has one: the replay's pace counts from it.
    public var firstTimestamp: Timestamp? { lines.lazy.compactMap(\.timestamp).first }

    /// The latest timestamp of the recording (its last line's, as `gemba serve --record` writes).
    public var latestTimestamp: Timestamp? { lines.lazy.compactMap(\.timestamp).max() }

    /// The offset `--rebase-to-now` moves every line by: the recording's latest line lands on
    /// `now`, the others before it, spaced as recorded. Every line then goes out stamped in the
    /// past whatever the pace (`--speed`, `--as-fast-as-possible`), so none is refused as ahead
    /// of the daemon's clock (`max_clock_skew`). 0 when no line has a timestamp.
    public func rebaseOffset(to now: Timestamp) -> Timestamp {
        latestTimestamp.map { now - $0 } ?? 0
    }

    /// The text of line `i`, its time moved by `offset` nanoseconds.
    public func text(_ i: Int, offset: Timestamp) -> String {
        let l = lines[i]
        guard let ts = l.timestamp else { return l.body }
        return l.body + " " + String((ts + offset) / precision.nanosecondsPerUnit)
    }
}
