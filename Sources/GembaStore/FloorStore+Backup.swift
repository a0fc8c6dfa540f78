import Foundation
import GRDB
import GembaAuditChain
import GembaCore

/// Why a backup was not made, in words for the person who asked.
public struct BackupError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension FloorStore {
    /// What a finished backup holds, as its checks found it.
    public struct BackupCheck: Sendable, Equatable {
        public var bytes: Int64
        public var integrity: String
        public var audit: AuditVerification
    }

    /// Copies the database into `path` with SQLite's online backup, which reads one consistent
    /// state while the daemon goes on writing (WAL), then checks the copy (`integrity_check`,
    /// the audit chain recomputed, with the anchor key when the daemon has one) and only then
    /// gives it its name: a file at `path` is always a whole, checked backup. The copy is a
    /// single file (rollback journal, no `-wal` beside it). An existing file is not overwritten.
    public func backup(to path: String) throws -> BackupCheck {
        let fm = FileManager.default
        guard path.hasPrefix("/") else { throw BackupError("\(path): give the backup's absolute path (the daemon runs elsewhere)") }
        guard !fm.fileExists(atPath: path) else {
            throw BackupError("\(path) exists: a backup does not overwrite a file (remove it or choose another name)")
        }
        let folder = (path as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw BackupError("\(path): the folder \(folder) does not exist")
        }
        guard fm.isWritableFile(atPath: folder) else {
            throw BackupError("\(path): the daemon's user may not write in \(folder) (back up into a folder it owns, e.g. beside the database)")
        }
        // A name of its own: nothing already in the folder is opened or removed.
        let partial = path + ".partial-" + UUID().uuidString.prefix(8)
        defer {
            for suffix in ["", "-journal", "-wal", "-shm"] where fm.fileExists(atPath: partial + suffix) {
                _ = try? fm.removeItem(atPath: partial + suffix)  // a half-written backup: best removed, never kept
            }
        }
        let check: BackupCheck
        do {
            let copy = try DatabaseQueue(path: partial)
            try pool.backup(to: copy)
            try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
            check = try copy.read { db in
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY seq")
                let audit = AuditVerification.verify(rows.map(Self.auditRecord), key: auditKey)
                return BackupCheck(bytes: 0, integrity: integrity, audit: audit)
            }
            try copy.close()
        } catch let error as DatabaseError {
            throw BackupError("\(path): the copy failed: \(error.message ?? "\(error)")")
        }
        guard check.integrity == "ok" else { throw BackupError("\(path): the copy is damaged (integrity_check: \(check.integrity)); not kept") }
        guard check.audit.ok else {
            throw BackupError("\(path): the copy's audit trail does not verify (\(check.audit.reason ?? check.audit.anchorReason ?? "?")); not kept")
        }
        do {
            try fm.moveItem(atPath: partial, toPath: path)
            var done = check
            done.bytes = (try fm.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
            return done
        } catch {
            throw BackupError("\(path): the checked copy could not be given its name: \(error.localizedDescription)")
        }
    }
}
