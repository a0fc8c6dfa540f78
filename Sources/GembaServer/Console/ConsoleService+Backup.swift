import Foundation
import GembaCore
import GembaStore

/// `backup`: the running database copied and checked while ingest goes on, and the copy
/// recorded in the audit trail with who asked for it.
extension ConsoleService {
    func backup(_ r: Requests.Backup, identity: Identity) throws(ProtocolError) -> BackupResult {
        let started = clock()
        let check: FloorStore.BackupCheck
        do {
            check = try store.backup(to: r.path)
        } catch let error as BackupError {
            throw ProtocolError(code: "backup_failed", message: error.description)
        } catch {
            throw ProtocolError(code: "backup_failed", message: "\(r.path): \(error)")
        }
        let seconds = Double(clock().clampedSubtracting(started)) / Double(Nanos.perSecond)
        let comment = "\(r.path): \(check.bytes) bytes, integrity ok, audit chain intact (\(check.audit.records) records)"
        do {
            _ = try store.appendAudit(identity.actor.record(Requests.Backup.auditAction, r.auditObject, at: clock(), comment: comment))
        } catch {
            throw ProtocolError(
                code: "store_error", message: "the backup \(r.path) was made, but it could not be recorded in the audit trail: \(error)")
        }
        return BackupResult(path: r.path, bytes: check.bytes, integrity: check.integrity, auditRecords: Int64(check.audit.records), seconds: seconds)
    }
}
