import Foundation
import GembaCore
import GembaStore
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// What a stopping daemon accepted but could not write to its database (a full disk, for
/// longer than `stop_grace`): the batches, one JSON line each, in a file beside the database
/// (`gemba.db.spill`, mode 600). The next start writes them to the database before anything
/// else, in order, and keeps the file as `gemba.db.spill.replayed-<time>`. Nothing accepted
/// is lost without a line in the log saying where it went.
enum SpillFile {
    static func path(database: String) -> String { database + ".spill" }

    /// Appends `batches` and syncs the file; throws when even that fails, leaving the file as
    /// it was (a half-written batch would stop the next start), or no file if it was new.
    static func write(_ batches: [EngineChanges], database: String) throws {
        let path = Self.path(database: database)
        let fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SpillError("cannot open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let before = lseek(fd, 0, SEEK_END)
        do {
            try append(batches, fd: fd, path: path)
        } catch {
            // Shrinking needs no space; what cannot be undone is reported with the error itself.
            if before >= 0 { _ = ftruncate(fd, before) }
            if before == 0 { _ = unlink(path) }
            throw error
        }
    }

    private static func append(_ batches: [EngineChanges], fd: Int32, path: String) throws {
        let encoder = JSONEncoder()
        var bytes: [UInt8] = []
        for b in batches {
            bytes += Array(try encoder.encode(b))
            bytes.append(UInt8(ascii: "\n"))
        }
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { throw SpillError("cannot write \(path): \(String(cString: strerror(errno)))") }
            off += n
        }
        guard fsync(fd) == 0 else { throw SpillError("cannot sync \(path): \(String(cString: strerror(errno)))") }
    }

    /// Writes a spill file left by the last stop into the store; returns how many batches.
    static func replay(into store: FloorStore, database: String, now: Timestamp, logger: Logger) throws(DaemonError) -> Int {
        let path = Self.path(database: database)
        guard FileManager.default.fileExists(atPath: path) else { return 0 }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .database(database, "cannot read the spill file \(path): \(String(cString: strerror(errno)))")
        }
        if data.isEmpty {
            // Left by a stop that could not write a byte of it (its loss is in that stop's log).
            _ = unlink(path)
            logger.notice("removed an empty spill file: the last stop could not write it", metadata: ["file": .string(path)])
            return 0
        }
        let decoder = JSONDecoder()
        var count = 0
        for (k, line) in data.split(separator: UInt8(ascii: "\n")).enumerated() {
            do {
                try store.write(try decoder.decode(EngineChanges.self, from: Data(line)))
                count += 1
            } catch {
                throw .database(
                    database, "cannot replay batch \(k + 1) of the spill file \(path): \(error); free space (or repair the file) and start again")
            }
        }
        let kept = path + ".replayed-" + ISOTime.format(now).replacingOccurrences(of: ":", with: "")
        if rename(path, kept) != 0 {
            throw .database(database, "replayed \(path) but cannot rename it to \(kept): \(String(cString: strerror(errno)))")
        }
        logger.warning(
            "replayed what the last stop could not write",
            metadata: ["batches": .stringConvertible(count), "from": .string(path), "kept as": .string(kept)])
        return count
    }
}

/// Why the spill file could not be written.
struct SpillError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
