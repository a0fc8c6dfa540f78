import Foundation
import GRDB
import GembaAuditChain
import GembaCore

/// The way back from a backup (`gemba restore`): the backup is checked as the backup itself
/// was (integrity, the audit chain and its anchor), the database it replaces must not be in use
/// by a daemon, and that database is kept beside it, renamed, never deleted.
public enum DatabaseRestore {
    /// What a restore did.
    public struct Outcome: Sendable, Equatable {
        public var auditRecords: Int
        /// Where the database that was replaced now is (nil: there was none).
        public var keptAs: String?
    }

    /// Checks a backup without changing anything: SQLite's `integrity_check` and the audit
    /// trail (with `key`, its anchor too).
    public static func check(backup: String, key: AuditKey?) throws -> AuditVerification {
        guard FileManager.default.fileExists(atPath: backup) else { throw BackupError("no backup at \(backup)") }
        var config = Configuration()
        config.readonly = true
        do {
            let queue = try DatabaseQueue(path: backup, configuration: config)
            defer { try? queue.close() }  // Read-only: closing cannot lose anything.
            return try queue.read { db in
                let integrity = try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "; ")
                guard integrity == "ok" else { throw BackupError("\(backup) is damaged (integrity_check: \(integrity))") }
                guard try db.tableExists("audit") else { throw BackupError("\(backup) is not a Gemba database (it has no audit trail)") }
                let rows = try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY seq")
                let audit = AuditVerification.verify(rows.map(FloorStore.auditRecord), key: key)
                guard audit.ok else {
                    throw BackupError("\(backup): its audit trail does not verify (\(audit.reason ?? audit.anchorReason ?? "?")); not restored")
                }
                return audit
            }
        } catch let error as DatabaseError {
            throw BackupError("\(backup) cannot be read as a database: \(error.message ?? "\(error)")")
        }
    }

    /// Whether a connection (a running daemon's) has the database at `path` open: taking it in
    /// exclusive locking mode fails while another connection holds it.
    public static func inUse(_ path: String) -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        var config = Configuration()
        config.busyMode = .immediateError
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA locking_mode = EXCLUSIVE") }
        do {
            let queue = try DatabaseQueue(path: path, configuration: config)
            try queue.inDatabase { db in try db.execute(sql: "BEGIN EXCLUSIVE; SELECT count(*) FROM sqlite_master; COMMIT") }
            try queue.close()
            return false
        } catch {
            return true
        }
    }

    /// Puts `backup` in place of the database at `path`, after `check`; the database it
    /// replaces (with its `-wal` and `-shm`) is renamed `<path>.before-restore-<time>`.
    public static func restore(backup: String, to path: String, key: AuditKey?, now: Timestamp) throws -> Outcome {
        let audit = try check(backup: backup, key: key)
        guard !inUse(path) else {
            throw BackupError("\(path) is in use (a daemon has it open): stop the daemon first (systemctl stop gemba), then restore")
        }
        let fm = FileManager.default
        var kept: String?
        if fm.fileExists(atPath: path) {
            let stamp = ISOTime.format(now).replacingOccurrences(of: ":", with: "")
            let aside = "\(path).before-restore-\(stamp)"
            do {
                for suffix in ["", "-wal", "-shm"] where fm.fileExists(atPath: path + suffix) {
                    try fm.moveItem(atPath: path + suffix, toPath: aside + suffix)
                }
            } catch {
                throw BackupError("\(path) could not be moved aside to \(aside): \(error.localizedDescription); nothing was restored")
            }
            kept = aside
        }
        do {
            let partial = path + ".restoring"
            if fm.fileExists(atPath: partial) { try fm.removeItem(atPath: partial) }
            try fm.copyItem(atPath: backup, toPath: partial)
            try fm.moveItem(atPath: partial, toPath: path)
        } catch {
            throw BackupError(
                "\(backup) could not be copied to \(path): \(error.localizedDescription)" + (kept.map { "; the old database is \($0)" } ?? ""))
        }
        return Outcome(auditRecords: audit.records, keptAs: kept)
    }
}
