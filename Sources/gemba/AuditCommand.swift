import ArgumentParser
import Foundation
import GembaCore
import GembaStore

/// `gemba audit`: the audit trail, and `gemba audit verify` for its hash chain.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the audit trail, or verify its hash chain.", subcommands: [AuditList.self, AuditVerify.self, AuditAnchorCommand.self],
        defaultSubcommand: AuditList.self)
}

/// `gemba audit [--since T] [--object X] --json`.
struct AuditList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List audit records, newest first.")
    @Option(help: "Only records from this time on (ISO 8601, such as 2026-12-03T06:00:00Z).") var since: String?
    @Option(help: "Only records about this object (alarm:press-01-oil-hot, or just press-01-oil-hot).") var object: String?
    @Option(parsing: .unconditional, help: "At most this many records.", transform: PersonInput.whole) var limit: Int = 1000
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        try PersonInput.date(since, "--since")
        try PersonInput.atLeast(limit, 1, "--limit")
    }

    func run() throws {
        let list = try DaemonRequest.send(
            Requests.AuditQuery(since: since, object: object, limit: limit), runtime: runtime)
        if json { return try DaemonRequest.printJSON(list) }
        var rows = [["SEQ", "TIME", "USER", "ROLE", "ACTION", "OBJECT", "OUTCOME", "COMMENT"]]
        for r in list.records {
            rows.append([String(r.seq), r.time, r.user, r.role, r.action, r.object, r.outcome, r.comment ?? ""])
        }
        // The comment is what grows: it is cut to the terminal's width, the cut marked.
        TextTable.print(rows, fitting: 7)
    }
}

typealias AuditList_ = GembaCore.AuditList

/// `gemba audit verify [--db FILE [--key FILE]]`: recomputes the chain and checks the anchors,
/// through the daemon or offline; says which of the two failed.
struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Recompute the audit trail's hash chain and check its anchors; exit 1 naming what failed and the first record concerned.")
    @Option(help: "Verify this database file directly, without a daemon.") var db: String?
    @Option(help: "With --db: the audit key file (default: the database's path followed by .audit-key, when it exists).") var key: String?
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let result: AuditVerification
        if let db {
            guard FileManager.default.fileExists(atPath: db) else { throw CommandFailure("no database at \(db)") }
            let keyPath = key ?? (FileManager.default.fileExists(atPath: db + ".audit-key") ? db + ".audit-key" : nil)
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
                result = try FloorStore(path: db, auditKey: auditKey).verifyAudit()
            } catch {
                throw CommandFailure("cannot read \(db): \(error)")
            }
        } else {
            result = try DaemonRequest.send(Requests.AuditVerify(), runtime: runtime)
        }
        if json {
            try DaemonRequest.printJSON(result)
            if !result.ok { throw ExitCode(1) }
            return
        }
        let chainOK = result.reason == nil
        if chainOK {
            print("hash chain: intact (\(result.records) records)")
        } else {
            print("hash chain: BROKEN at record \(result.firstBad ?? 0): \(result.reason ?? "")")
        }
        switch result.anchor {
        case "intact": print("anchor: intact (records \(result.anchoredFrom ?? 1) to \(result.records) carry the audit key's HMAC)")
        case "failed": print("anchor: FAILED: \(result.anchorReason ?? "")")
        case .some(let other): print("anchor: \(other) (only the chain was checked; pass --key FILE)")
        case nil: if chainOK { print("anchor: not checked") }
        }
        if !result.ok {
            FileHandle.standardError.write(Data("audit trail does NOT verify\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// `gemba audit anchor`: the trail's head and its HMAC, to write into a shift report or send
/// to a log outside the plant.
struct AuditAnchorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "anchor", abstract: "Print the audit trail's last record, its hash and its anchor (HMAC under the audit key).")
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let a = try DaemonRequest.send(Requests.AuditAnchorQuery(), runtime: runtime)
        if json { return try DaemonRequest.printJSON(a) }
        guard let seq = a.seq, let hash = a.hash else {
            print("the audit trail is empty")
            return
        }
        print("record \(seq) at \(a.time ?? "?")")
        print("hash   \(hash)")
        print("anchor \(a.anchor ?? "none (written before the audit key)")")
    }
}
