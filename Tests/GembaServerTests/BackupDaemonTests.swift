import Foundation
import GRDB
import GembaClient
import GembaCore
import GembaServer
import GembaStore
import GembaTesting
import Testing

/// `backup` and the way back: a copy taken while telemetry keeps arriving is whole (SQLite's
/// integrity check, the audit chain), holds what was accepted before it, refuses to overwrite
/// or to be asked for by an operator, and `DatabaseRestore` refuses a database a daemon has open.
@Suite(.serialized)
struct BackupDaemonTests {
    static func decode<T: Codable & Sendable>(_ type: T.Type, _ line: String) throws -> T {
        try JSONDecoder().decode(Reply<T>.self, from: Data(line.utf8)).result
    }

    /// press-01's parts in the database at `path`, by its minutes.
    static func counted(_ path: String) throws -> Int64 {
        var config = Configuration()
        config.readonly = true
        return try DatabaseQueue(path: path, configuration: config).read { db in
            try Int64.fetchOne(db, sql: "SELECT coalesce(sum(total), 0) FROM minute_count WHERE machine_id = 'press-01'") ?? 0
        }
    }

    @Test func aBackupUnderLoadIsWholeAndVerifies() throws {
        let h = try DaemonHarness()
        try h.send(
            (0..<200).map { k in
                "machine,machine=press-01 state=\"running\",count_total=\(k)i,oil_temp=\(40 + k % 7) \(1_764_000_000_000_000_000 + Int64(k) * 1_000_000_000)"
            })
        _ = try h.waitFor("the first lines") { s in s.machines.first { $0.id == "press-01" }?.countTotal == 199 }
        // Written to the database (the next flush) before the backup is asked for.
        let deadline = Date().addingTimeInterval(10)
        while try Self.counted(h.folder + "/gemba.db") != 199, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        // Telemetry keeps arriving on another thread while the copy is taken.
        let stop = ManagedAtomicFlag()
        let socket = h.runtime.telemetrySocket
        let feeder = Thread {
            var k: Int64 = 200
            while !stop.isSet {
                let lines = (0..<50).map { j in
                    "machine,machine=press-02 state=\"running\",count_total=\(k + Int64(j))i,oil_temp=41 \(1_764_000_000_000_000_000 + (k + Int64(j)) * 1_000_000)"
                }
                let sender = TelemetrySender(path: socket)
                // A refused connection while the test ends is not the test's concern.
                try? sender.connect()
                try? sender.send(lines: lines)
                sender.disconnect()
                k += 50
            }
        }
        feeder.start()
        defer { stop.set() }
        let path = h.folder + "/backup-1.db"
        let reply = h.request(Requests.Backup(path: path), as: .person("sam", [.supervisor]))
        #expect(reply.ok, "\(reply.line)")
        let result = try Self.decode(BackupResult.self, reply.line)
        #expect(result.path == path && result.integrity == "ok" && result.bytes > 0)
        stop.set()
        // The copy, opened on its own: whole, its audit chain intact, and what was accepted before it is in it.
        let copy = try FloorStore(path: path)
        #expect(try copy.integrityCheck() == "ok")
        #expect(try copy.verifyAudit().ok)
        #expect(try DatabaseRestore.check(backup: path, key: nil).ok)
        #expect(try Self.counted(path) == 199)
        // The live trail names who took it.
        let audit = try Self.decode(AuditList.self, h.request(Requests.AuditQuery(object: "database"), as: .daemon).line)
        #expect(audit.records.contains { $0.action == "backup" && $0.user == "sam" && ($0.comment ?? "").contains(path) })
    }

    @Test func aBackupDoesNotOverwriteIsRefusedToAnOperatorAndNeedsAnAbsolutePath() throws {
        let h = try DaemonHarness()
        let path = h.folder + "/taken.db"
        try "not mine to lose".write(toFile: path, atomically: true, encoding: .utf8)
        let over = h.request(Requests.Backup(path: path), as: .person("sam", [.supervisor]))
        #expect(!over.ok && over.line.contains("exists"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "not mine to lose")
        let relative = h.request(Requests.Backup(path: "backup.db"), as: .person("sam", [.supervisor]))
        #expect(!relative.ok && relative.line.contains("absolute"))
        let missing = h.request(Requests.Backup(path: h.folder + "/no/such/folder/b.db"), as: .person("sam", [.supervisor]))
        #expect(!missing.ok && missing.line.contains("does not exist"))
        let operatorAsks = h.request(Requests.Backup(path: h.folder + "/op.db"), as: .person("olga", [.lineOperator]))
        #expect(!operatorAsks.ok && operatorAsks.line.contains("forbidden"))
        #expect(!FileManager.default.fileExists(atPath: h.folder + "/op.db"))
    }

    @Test func restoreRefusesADatabaseInUseAndKeepsTheOneItReplaces() throws {
        let h = try DaemonHarness()
        let backup = h.folder + "/b.db"
        #expect(h.request(Requests.Backup(path: backup), as: .daemon).ok)
        let live = h.folder + "/gemba.db"
        #expect(DatabaseRestore.inUse(live))
        #expect(throws: BackupError.self) { try DatabaseRestore.restore(backup: backup, to: live, key: nil, now: 0) }
        // A stopped daemon's database (here a copy of one) is replaced, and kept aside.
        let stopped = h.folder + "/stopped.db"
        try FileManager.default.copyItem(atPath: backup, toPath: stopped)
        #expect(!DatabaseRestore.inUse(stopped))
        let done = try DatabaseRestore.restore(backup: backup, to: stopped, key: nil, now: 1_764_000_000_000_000_000)
        #expect(done.keptAs.map { FileManager.default.fileExists(atPath: $0) } == true)
        #expect(try FloorStore(path: stopped).integrityCheck() == "ok")
        // A damaged backup is refused before anything is moved.
        let damaged = h.folder + "/damaged.db"
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: damaged))
        #expect(throws: BackupError.self) { try DatabaseRestore.restore(backup: damaged, to: stopped, key: nil, now: 2) }
        #expect(try FloorStore(path: stopped).integrityCheck() == "ok")
    }
}

/// A flag one thread sets and another reads.
final class ManagedAtomicFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
