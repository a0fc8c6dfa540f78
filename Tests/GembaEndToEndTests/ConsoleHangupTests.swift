import Foundation
import GembaTesting
import Testing

/// A console whose terminal goes away without a SIGHUP reaching it (started through `setsid`
/// or `su`, its SSH session or tmux pane closed) exits instead of reading the dead tty in a
/// loop at half a core: a line PC of two cores would be full after two such orphans.
@Suite(.serialized)
struct ConsoleHangupTests {
    @Test func aConsoleWhoseTerminalHangsUpExits() throws {
        let folder = TemporaryFolder.make("gemba-hangup")
        defer { try? FileManager.default.removeItem(atPath: folder) }  // a temporary folder
        let gemba = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gemba").path
        try ConsoleEndToEndTests.plant.write(toFile: folder + "/plant.yaml", atomically: true, encoding: .utf8)
        let runtime = folder + "/run"
        let daemon = try Subprocess.spawn([
            gemba, "serve", "--config", folder + "/plant.yaml", "--db", folder + "/gemba.db", "--runtime-dir", runtime, "--log-file",
            folder + "/daemon.log",
        ])
        defer { _ = daemon.stop() }
        var deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: runtime + "/console.sock"), Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        let server = "gemba-hangup-" + URL(fileURLWithPath: folder).lastPathComponent
        _ = try Subprocess.run([
            "/usr/bin/env", "tmux", "-L", server, "-f", "/dev/null", "new-session", "-d", "-x", "80", "-y", "24",
            "setsid -w \(gemba) console --runtime-dir \(runtime)",
        ])
        // The console's own process, found by its runtime directory.
        func consoles() throws -> [String] {
            try Subprocess.run(["/usr/bin/pgrep", "-f", "gemba-console --runtime-dir \(runtime)"]).output.split(separator: "\n").map(String.init)
        }
        deadline = Date().addingTimeInterval(15)
        while try consoles().isEmpty, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        let started = try consoles()
        #expect(started.count == 1, "the console did not start")
        _ = try Subprocess.run(["/usr/bin/env", "tmux", "-L", server, "kill-server"])
        deadline = Date().addingTimeInterval(10)
        while try !consoles().isEmpty, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        let left = try consoles()
        for pid in left { if let p = pid_t(pid) { kill(p, SIGKILL) } }
        #expect(left.isEmpty, "the console outlived its terminal")
    }
}
