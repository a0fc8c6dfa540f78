import Foundation
import Testing

/// `gemba schedule --jssp/--fjsp` as a planner (or a careless script) runs it. Each case
/// was found by trying the built binary: a crash, a search that ignored its time limit, or
/// a result lost to Ctrl-C.
struct ScheduleCommandTests {
    /// ft10: its optimum (930) is far above its trivial lower bound, so no search ends early.
    static let ft10 = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/jssp/ft10.txt").path

    @Test func aTimeLimitTooLargeForTheClockIsRefusedNotACrash() throws {
        let r = try GembaCLI().run(["schedule", "--jssp", Self.ft10, "--time-limit", "1e12"])
        #expect(r.status == 64, "\(r)")
        #expect(r.output.contains("--time-limit must be a positive number of seconds, at most 10,000,000"), "\(r.output)")
    }

    @Test func withBothLimitsWhicheverComesFirstStopsIt() throws {
        let started = Date()
        let r = try GembaCLI().run(["schedule", "--jssp", Self.ft10, "--iterations", "1000000000", "--time-limit", "1"])
        #expect(r.status == 0, "\(r)")
        #expect(Date().timeIntervalSince(started) < 15, "ran past its time limit")
        #expect(r.output.contains("feasible"), "\(r.output)")
    }

    @Test func ctrlCPrintsTheBestScheduleSoFar() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: GembaCLI.path)
        p.arguments = ["schedule", "--jssp", Self.ft10, "--time-limit", "60", "--json"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        Thread.sleep(forTimeInterval: 1.5)
        p.interrupt()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let printed = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any], "\(String(decoding: data, as: UTF8.self))")
        #expect((printed["makespan"] as? Int ?? 0) >= 930)
        #expect((printed["operations"] as? [Any])?.count == 100)
    }

    @Test func plantScheduleFlagsThatWouldBeIgnoredAreRefused() throws {
        for flag in [["--seed", "3"], ["--time-limit", "2"], ["--iterations", "5"]] {
            let r = try GembaCLI().run(["schedule"] + flag)
            #expect(r.status == 64, "\(flag): \(r)")
            #expect(r.output.contains("go with --jssp or --fjsp"), "\(flag): \(r.output)")
        }
    }

    @Test func numbersTooLargeAreSaidToBeTooLarge() throws {
        let r = try GembaCLI().run(["schedule", "--jssp", Self.ft10, "--iterations", "18446744073709551615"])
        #expect(r.status == 64)
        #expect(r.output.contains("too large: at most 9223372036854775807"), "\(r.output)")
    }

    @Test func aFileThatCannotBeReadSaysWhy() throws {
        let folder = NSTemporaryDirectory()
        let dir = try GembaCLI().run(["schedule", "--jssp", folder])
        #expect(dir.status != 0 && dir.output.contains("it is a directory"), "\(dir)")
        let missing = try GembaCLI().run(["schedule", "--jssp", folder + "/no-such-instance.txt"])
        #expect(missing.status != 0 && missing.output.contains("No such file or directory"), "\(missing)")
    }
}
