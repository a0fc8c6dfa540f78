import Foundation
import GembaCore
import Logging

/// Appends accepted telemetry to a file (`gemba serve --record FILE`) that
/// `gemba replay` takes back: yesterday's feed, replayed into an empty database,
/// gives the same intervals, counts and OEE.
///
/// A write that fails (disk full, the file's device gone) loses those lines from the
/// recording only: ingest goes on. The first failure is logged with its error, then at most
/// one line a minute counting the batches lost, and one when writing works again.
public final class TelemetryRecorder: @unchecked Sendable {
    // @unchecked: the file handle and `failing` are used only under `lock`.
    private let lock = NSLock()
    private let handle: FileHandle
    private let logger: Logger
    private let clock: @Sendable () -> Timestamp
    /// While writes fail: since when, when last logged, batches lost.
    private var failing: (since: Timestamp, logged: Timestamp, lost: Int)?
    public let path: String

    public init(path: String, logger: Logger, clock: @escaping @Sendable () -> Timestamp = DaemonClock.now) throws {
        self.path = path
        self.logger = logger
        self.clock = clock
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
    }

    public func append(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        lock.lock()
        defer { lock.unlock() }
        do {
            try handle.write(contentsOf: bytes)
            if let f = failing {
                failing = nil
                logger.notice(
                    "telemetry recording works again; the batches written meanwhile are missing from it",
                    metadata: ["file": .string(path), "batches lost": .stringConvertible(f.lost), "since": .string(ISOTime.format(f.since))])
            }
        } catch {
            let now = clock()
            var f = failing ?? (since: now, logged: .min, lost: 0)
            f.lost += 1
            if f.logged == .min || now &- f.logged >= 60 * Nanos.perSecond {
                f.logged = now
                logger.error(
                    "cannot write to the telemetry recording; these lines are missing from it, ingest goes on",
                    metadata: ["file": .string(path), "error": .string("\(error)"), "batches lost": .stringConvertible(f.lost)])
            }
            failing = f
        }
    }

    // Every batch went out with its own write(2) (FileHandle does not buffer).
    deinit { try? handle.close() }  // a failing close loses nothing more, and nobody is left to tell
}
