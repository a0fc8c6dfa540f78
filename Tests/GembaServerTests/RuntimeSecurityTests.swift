import Foundation
import GembaClient
import GembaCore
import GembaServer
import GembaTesting
import Logging
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The runtime directory and the daemon's files cannot be taken over by another local user.
@Suite(.serialized)
struct RuntimeSecurityTests {
    static func mode(_ path: String) -> UInt32 {
        var st = stat()
        return lstat(path, &st) == 0 ? UInt32(st.st_mode) & 0o7777 : 0
    }

    @Test func aRuntimeDirectoryAnyoneMayWriteInIsRefusedByDaemonAndClients() throws {
        let folder = TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        mkdir(folder + "/run", 0o777)
        chmod(folder + "/run", 0o777)
        #expect {
            _ = try DaemonHarness(folder: folder)
        } throws: { "\($0)".contains("runtime directory \(folder)/run: is writable by every user (mode 777)") }
        #expect {
            _ = try ConsoleConnection(path: folder + "/run/console.sock")
        } throws: { "\($0)".contains("is writable by every user") }
    }

    @Test func aRuntimeDirectoryOfAnotherUserIsRefused() throws {
        let folder = TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        mkdir(folder + "/run", 0o700)
        // The test runs as root in CI; a directory handed to "nobody" is another user's.
        try #require(chown(folder + "/run", 65534, 65534) == 0, "needs root to give the directory away")
        #expect {
            _ = try DaemonHarness(folder: folder)
        } throws: { "\($0)".contains("is owned by uid 65534, not by uid \(geteuid())") }
    }

    @Test func theDaemonsDirectoryAndFilesAreItsUsersAlone() throws {
        let h = try DaemonHarness()
        try h.send(["machine,machine=press-01 state=\"running\" \(DaemonClock.now())"])
        _ = try h.waitFor("a line") { $0.telemetry.accepted == 1 }
        #expect(Self.mode(h.runtime.path) == 0o700)
        for file in ["/gemba.db", "/gemba.db-wal", "/gemba.db-shm"] {
            let m = Self.mode(h.folder + file)
            #expect(m != 0 && m & 0o077 == 0, "\(file) is mode \(String(m, radix: 8))")
        }
        #expect(Self.mode(h.runtime.lockFile) & 0o077 == 0)
        let log = h.folder + "/daemon.log"
        var logger = Logger(label: "t", factory: { FileLogHandler(label: $0, path: log) })
        logger.logLevel = .info
        logger.info("a line")
        #expect(Self.mode(log) == 0o600)
    }
}
