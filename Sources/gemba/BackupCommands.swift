import ArgumentParser
import Foundation
import GembaCore
import GembaServer
import GembaStore

/// `gemba backup --to FILE`: the running daemon copies its database with SQLite's online
/// backup while ingest goes on, checks the copy and records it in the audit trail.
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the running database to FILE (online, while ingest goes on), checked: integrity and audit chain.",
        discussion: "FILE is written by the daemon's user, so it must be in a folder that user may write. An existing file is not overwritten.")

    @Option(help: "Where the copy goes (a new file).", completion: .file()) var to: String
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        // The daemon runs elsewhere: it is given the file's absolute path.
        let path = URL(fileURLWithPath: to).standardizedFileURL.path
        let r = try DaemonRequest.send(Requests.Backup(path: path), runtime: runtime)
        if json { return try DaemonRequest.printJSON(r) }
        let mb = Double(r.bytes) / 1_048_576
        print(
            "backed up to \(r.path): \(String(format: "%.1f", mb)) MB in \(String(format: "%.1f", r.seconds)) s; "
                + "integrity \(r.integrity), audit chain intact (\(r.auditRecords) records)")
    }
}

/// `gemba restore FILE --db PATH`: a backup put back in place of a stopped daemon's database,
/// after the same checks the backup passed; the replaced database is kept, renamed.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put a backup back as the daemon's database (the daemon must be stopped).",
        discussion: """
            Checks FILE first (integrity_check, the audit chain, and its anchor with the audit key), \
            refuses while a daemon has PATH open, and keeps the database it replaces as PATH.before-restore-TIME. \
            With --check only the checks run.
            """)

    @Argument(help: "The backup file (from gemba backup).", completion: .file()) var file: String
    @Option(help: "The database to replace (the daemon's --db).", completion: .file()) var db: String?
    @Option(help: "The audit key file (default: the database's path followed by .audit-key, when it exists).", completion: .file()) var key: String?
    @Flag(help: "Only check FILE; change nothing.") var check = false
    @Flag(help: "Replace an existing database (it is kept, renamed).") var force = false

    func run() throws {
        let keyPath = key ?? db.map { $0 + ".audit-key" }.flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
        var auditKey: AuditKey?
        if let keyPath {
            guard let data = FileManager.default.contents(atPath: keyPath), let text = String(data: data, encoding: .utf8) else {
                throw CommandFailure("cannot read the audit key \(keyPath)")
            }
            switch AuditKey.parse(text) {
            case .success(let k): auditKey = k
            case .failure(let e): throw CommandFailure("the audit key \(keyPath) cannot be used: \(e)")
            }
        }
        do {
            if check || db == nil {
                guard check else { throw CommandFailure("say which database to replace (--db PATH), or only check the backup (--check)") }
                let audit = try DatabaseRestore.check(backup: file, key: auditKey)
                print("\(file): integrity ok, audit chain intact (\(audit.records) records)" + Self.anchorNote(audit))
                return
            }
            guard let db else { return }
            if FileManager.default.fileExists(atPath: db) && !force {
                throw CommandFailure("\(db) exists: add --force to replace it (it is kept as \(db).before-restore-TIME)")
            }
            let done = try DatabaseRestore.restore(backup: file, to: db, key: auditKey, now: DaemonClock.now())
            print("restored \(file) as \(db): integrity ok, audit chain intact (\(done.auditRecords) records)")
            if let kept = done.keptAs { print("the database it replaced is kept as \(kept)") }
            print("start the daemon again (systemctl start gemba, or gemba serve --db \(db))")
        } catch let error as BackupError {
            throw CommandFailure(error.description)
        }
    }

    static func anchorNote(_ a: AuditVerification) -> String {
        switch a.anchor {
        case "intact": return "; anchor intact"
        case .some(let other): return "; anchor \(other) (pass --key FILE to check it)"
        case nil: return ""
        }
    }
}
