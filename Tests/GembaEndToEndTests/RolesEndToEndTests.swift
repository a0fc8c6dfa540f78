import Foundation
import GembaClient
import GembaServer
import GembaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Roles decided from real OS identities: the daemon runs as root, and the verbs
/// run as distinct users created for the test (CI runs as root; elsewhere the
/// test is skipped, as creating users needs root).
@Suite(.serialized, .enabled(if: getuid() == 0, "needs root to create OS users"))
final class RolesEndToEndTests {
    let folder: String
    let runtime: String
    let gemba: String
    var daemon: Subprocess?

    static let group = "gemba-e2e"
    static let leads = "gemba-e2e-leads"
    static let operatorUser = "gemba-e2e-op"
    static let leadUser = "gemba-e2e-lead"
    static let outsider = "gemba-e2e-x"

    static let plant = """
        plant: Roles Works
        timezone: UTC
        comm_loss_timeout: 1h
        lines:
          - id: L1
            name: Stamping
            machines:
              - { id: press-01, name: Press 01, ideal_cycle_time: 2.0 }
        shifts:
          - { name: A, start: "00:00", end: "12:00" }
          - { name: B, start: "12:00", end: "00:00" }
        console_group: \(group)
        roles:
          shift_lead: ["group:\(leads)"]
          operator: [\(operatorUser)]
          unknown_users: none
        alarms:
          - id: press-01-oil-hot
            machine: press-01
            when: { value: oil_temp, above: 80, deadband: 2, on_delay: 0s }
            priority: high
            message: Oil temperature high
        """

    init() throws {
        folder = TemporaryFolder.make("gemba-roles")
        chmod(folder, 0o755)
        runtime = folder + "/run"
        // A copy of the binary the test users can execute, wherever the checkout lives.
        let built = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gemba").path
        gemba = folder + "/gemba"
        try Self.copyClosingOnExec(from: built, to: gemba)
        try Self.plant.write(toFile: folder + "/plant.yaml", atomically: true, encoding: .utf8)
        try Self.ensureUsers()
    }

    deinit {
        daemon?.stop()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Copies a file through a descriptor opened close-on-exec: a child that another test
    /// thread forks meanwhile (a tmux server, say) must not keep the new binary open for
    /// writing, or executing it fails with ETXTBSY for as long as that child lives.
    static func copyClosingOnExec(from: String, to: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: from))
        let fd = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        guard fd >= 0 else { throw SubprocessError(description: "cannot create \(to)") }
        defer { close(fd) }
        try data.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = write(fd, raw.baseAddress! + off, raw.count - off)
                guard n > 0 else { throw SubprocessError(description: "cannot write \(to)") }
                off += n
            }
        }
        fchmod(fd, 0o755)
    }

    static func ensureUsers() throws {
        for g in [group, leads] where Identity.groupID(name: g) == nil {
            _ = try Subprocess.run(["groupadd", g])
        }
        let members = [operatorUser: group, leadUser: "\(group),\(leads)", outsider: group]
        for (user, groups) in members {
            if (try Subprocess.run(["id", "-u", user])).status != 0 {
                let r = try Subprocess.run(["useradd", "--no-create-home", "--shell", "/usr/sbin/nologin", "--groups", groups, user])
                #expect(r.status == 0, "useradd \(user): \(r.output)")
            }
        }
    }

    func startDaemon() throws {
        daemon = try Subprocess.spawn([
            gemba, "serve", "--config", folder + "/plant.yaml", "--db", folder + "/gemba.db", "--runtime-dir", runtime,
            "--log-file", folder + "/daemon.log",
        ])
        let deadline = Date().addingTimeInterval(20)
        // Started means the log says so: the sockets exist a moment before their mode and group are set.
        func started() -> Bool {
            ((try? String(contentsOfFile: folder + "/daemon.log", encoding: .utf8)) ?? "").contains("gemba daemon started")
        }
        while !FileManager.default.fileExists(atPath: runtime + "/console.sock") || !started() {
            guard Date() < deadline, daemon?.wait(timeout: 0) == nil else {
                throw SubprocessError(
                    description: "the daemon did not start: \((try? String(contentsOfFile: folder + "/daemon.log", encoding: .utf8)) ?? "")")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
    }

    /// Runs a gemba verb as `user` (root when nil).
    func gemba(as user: String?, _ args: String...) throws -> (status: Int32, output: String) {
        let verb = [gemba] + args + ["--runtime-dir", runtime]
        return try Subprocess.run(user.map { ["runuser", "-u", $0, "--"] + verb } ?? verb)
    }

    @Test func anOperatorIsRefusedAShiftLeadAcknowledgesAndBothAreAudited() throws {
        try startDaemon()
        var st = stat()
        stat(runtime + "/console.sock", &st)
        #expect(st.st_mode & 0o777 == 0o660, "console socket mode")
        #expect(st.st_gid == Identity.groupID(name: Self.group), "console socket group")

        let sender = TelemetrySender(path: runtime + "/telemetry.sock")
        try sender.connect()
        try sender.send(lines: ["process,machine=press-01 oil_temp=86 \(Int64(Date().timeIntervalSince1970) * 1_000_000_000)"])
        sender.disconnect()
        let deadline = Date().addingTimeInterval(10)
        var listed = ""
        while Date() < deadline {
            listed = try gemba(as: nil, "alarms", "--active", "--json").output
            if listed.contains("\"state\" : \"unacknowledged\"") { break }
            Thread.sleep(forTimeInterval: 0.05)
        }
        for field in [
            "\"id\"", "\"definition\" : \"press-01-oil-hot\"", "\"machine\" : \"press-01\"", "\"priority\" : \"high\"", "\"active\" : true",
            "\"acknowledged\" : false", "\"since\"",
        ] {
            #expect(listed.contains(field), "gemba alarms --json lacks \(field):\n\(listed)")
        }

        let refused = try gemba(as: Self.operatorUser, "ack", "press-01-oil-hot", "--comment", "operator tries")
        #expect(refused.status != 0)
        #expect(refused.output.contains("gemba-e2e-op (role operator) may not acknowledge an alarm"), "\(refused.output)")

        let outsider = try gemba(as: Self.outsider, "alarms")
        #expect(outsider.status != 0)
        #expect(outsider.output.contains("has no role in this plant"), "\(outsider.output)")

        // Refused connections are closed at once: the daemon holds no more descriptors after twenty of them.
        let pid = try #require(daemon?.pid)
        func openDescriptors() -> Int { (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? -1 }
        let before = openDescriptors()
        for _ in 0..<20 { #expect(try gemba(as: Self.outsider, "alarms").status != 0) }
        let settle = Date().addingTimeInterval(3)
        while openDescriptors() > before && Date() < settle { Thread.sleep(forTimeInterval: 0.05) }
        #expect(openDescriptors() == before, "descriptors leaked by refused connections")

        let acked = try gemba(as: Self.leadUser, "ack", "press-01-oil-hot", "--comment", "lead checked the cooler")
        #expect(acked.status == 0, "\(acked.output)")
        #expect(acked.output.contains("acknowledged"))

        let audit = try gemba(as: nil, "audit", "--json").output
        #expect(audit.contains("\"user\" : \"gemba-e2e-op\""), "\(audit)")
        #expect(audit.contains("\"outcome\" : \"refused: needs shift_lead, supervisor, admin\""), "\(audit)")
        #expect(audit.contains("\"user\" : \"gemba-e2e-lead\""))
        #expect(audit.contains("\"comment\" : \"lead checked the cooler\""))
        #expect(audit.contains("\"user\" : \"gemba-e2e-x\""), "the refused connection is audited")
        let byObject = try gemba(as: nil, "audit", "--object", "press-01-oil-hot").output
        #expect(byObject.contains("acknowledge_alarm"))
        // Reading the trail is for shift leads and up.
        #expect(try gemba(as: Self.operatorUser, "audit").status != 0)
        #expect(try gemba(as: Self.leadUser, "audit", "verify").status == 0)

        // Stop, then change one byte of a stored record: verify fails naming it.
        #expect(daemon?.stop() == 0)
        daemon = nil
        let db = folder + "/gemba.db"
        _ = try? Subprocess.run([
            "python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.close()", db,
        ])
        #expect(try Subprocess.run([gemba, "audit", "verify", "--db", db]).status == 0)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: db)))
        let needle = Array("lead checked the cooler".utf8)
        // The comment is stored twice (the alarm's transition and the audit record): change one byte in each.
        let places = (0...(bytes.count - needle.count)).filter { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
        #expect(!places.isEmpty)
        for at in places { bytes[at] = UInt8(ascii: "L") }
        try Data(bytes).write(to: URL(fileURLWithPath: db))
        let verify = try Subprocess.run([gemba, "audit", "verify", "--db", db])
        #expect(verify.status == 1)
        #expect(verify.output.contains("does NOT verify"), "\(verify.output)")
        #expect(verify.output.contains("was changed"), "\(verify.output)")
    }
}
