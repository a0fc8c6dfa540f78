import Foundation
import GembaAuditChain
import GembaCore
import GembaStore

#if canImport(Glibc)
import Glibc
#endif

/// The audit key's file: read at start, or made at the first start (mode 600, the daemon's
/// user only) anchoring the trail from its next record. A trail already anchored whose key
/// file is gone or damaged stops the daemon with what to restore: a new key would make every
/// anchor before it fail.
enum AuditKeyFile {
    /// Where the key lives: the plant file's `audit_key`, else beside the database.
    static func path(plant: PlantConfig, database: String) -> String { plant.auditKeyPath ?? database + ".audit-key" }

    static func load(path: String, database: String) throws(DaemonError) -> AuditKey {
        if FileManager.default.fileExists(atPath: path) {
            guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw .database(database, "cannot read the audit key \(path): \(String(cString: strerror(errno)))")
            }
            switch AuditKey.parse(text) {
            case .success(let key):
                chmod(path, 0o600)
                return key
            case .failure(let e):
                throw .database(database, "the audit key \(path) cannot be used: \(e); restore it from its backup")
            }
        }
        let anchored: Int64?
        let next: Int64
        do {
            let store = try FloorStore(path: database)
            anchored = try store.firstAnchoredSeq()
            next = try store.nextAuditSeq()
        } catch {
            throw .database(database, "\(error)")
        }
        if let anchored {
            throw .database(
                database,
                "the audit trail is anchored from record \(anchored) but its key \(path) is missing: restore the key file (a new key would fail every anchor)"
            )
        }
        let key = AuditKey.generate(from: next)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .database(database, "cannot create the audit key \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(key.text.utf8)
        guard write(fd, bytes, bytes.count) == bytes.count, fsync(fd) == 0 else {
            throw .database(database, "cannot write the audit key \(path): \(String(cString: strerror(errno)))")
        }
        return key
    }
}
