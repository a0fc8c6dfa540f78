import ArgumentParser
import Foundation
import GembaCore
import GembaStore

/// `gemba audit`: the audit trail, and `gemba audit verify` for its hash chain.
struct Audit: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the audit trail, or verify its hash chain.", subcommands: [AuditList.self, AuditVerify.self],
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

/// `gemba audit verify [--db FILE]`: recomputes the chain, through the daemon or offline.
struct AuditVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Recompute the audit trail's hash chain; exit 1 naming the first record that does not match.")
    @Option(help: "Verify this database file directly, without a daemon.") var db: String?
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let result: AuditVerification
        if let db {
            guard FileManager.default.fileExists(atPath: db) else { throw CommandFailure("no database at \(db)") }
            do {
                result = try FloorStore(path: db).verifyAudit()
            } catch {
                throw CommandFailure("cannot read \(db): \(error)")
            }
        } else {
            result = try DaemonRequest.send(Requests.AuditVerify(), runtime: runtime)
        }
        if json {
            try DaemonRequest.printJSON(result)
        } else if result.ok {
            print("audit trail verifies: \(result.records) records, chain intact")
        }
        if !result.ok {
            if !json {
                FileHandle.standardError.write(
                    Data("audit trail does NOT verify: \(result.reason ?? "") (first bad record: \(result.firstBad ?? 0))\n".utf8))
            }
            throw ExitCode(1)
        }
    }
}
