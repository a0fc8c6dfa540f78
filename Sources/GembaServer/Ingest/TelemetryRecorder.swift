import Foundation

/// Appends accepted telemetry to a file (`gemba serve --record FILE`) that
/// `gemba replay` takes back: yesterday's feed, replayed into an empty database,
/// gives the same intervals, counts and OEE.
public final class TelemetryRecorder: @unchecked Sendable {
    // @unchecked: the file handle is written only under `lock`.
    private let lock = NSLock()
    private let handle: FileHandle
    public let path: String

    public init(path: String) throws {
        self.path = path
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
        try? handle.write(contentsOf: bytes)
    }

    deinit { try? handle.close() }
}
