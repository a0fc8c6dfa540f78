import Foundation
import Logging

/// The lines a daemon logged, kept in memory: how tests check what a maintainer reading the
/// log after a bad night would see (and how often).
public final class CollectedLog: @unchecked Sendable {
    // @unchecked: `lock` guards `lines`.
    private let lock = NSLock()
    private var lines: [(level: Logger.Level, message: String)] = []

    public init() {}

    /// A logger whose lines land here.
    public var logger: Logger {
        Logger(label: "test") { _ in Handler(log: self) }
    }

    /// The messages logged at `level` or above.
    public func messages(atLeast level: Logger.Level) -> [String] {
        lock.withLock { lines.filter { $0.level >= level }.map(\.message) }
    }

    func append(_ level: Logger.Level, _ message: String) { lock.withLock { lines.append((level, message)) } }

    struct Handler: LogHandler {
        let log: CollectedLog
        var logLevel: Logger.Level = .trace
        var metadata: Logger.Metadata = [:]
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(
            level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt
        ) {
            log.append(level, "\(message)")
        }
    }
}
