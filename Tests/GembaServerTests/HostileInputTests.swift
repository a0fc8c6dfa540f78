import Foundation
import GembaClient
import GembaCore
import GembaServer
import GembaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The attacks of issue 12 that have no home elsewhere, each followed by the same questions:
/// is the daemon alive, does a new console's `ping` get its answer, is memory bounded, was
/// anything accepted before lost? (Counters, timestamps, 100-year windows and 100,000 names
/// are in TelemetryGuardDaemonTests, DaemonTests and ProcessValueLimitTests.)
@Suite(.serialized)
struct HostileInputTests {
    static func residentKB() -> Int {
        let text = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        let line = text.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }

    /// Alive, answering, and still holding what it accepted before the attack.
    static func stillServes(_ h: DaemonHarness, accepted: Int) throws {
        let c = try ConsoleConnection(path: h.runtime.consoleSocket)
        _ = try c.request(Requests.Ping(), timeout: 5)
        let s = try c.request(Requests.Status(), timeout: 5)
        #expect(s.telemetry.accepted >= accepted)
        #expect(s.machines.first { $0.id == "press-01" }?.countTotal == 7, "the line accepted before the attack is kept")
    }

    static func start() throws -> DaemonHarness {
        let h = try DaemonHarness()
        try h.send(["machine,machine=press-01 state=\"running\",count_total=7i \(DaemonClock.now())"])
        _ = try h.waitFor("the first line") { $0.telemetry.accepted == 1 }
        return h
    }

    @Test func aThousandConnectionsOpenedAndDroppedLeaveNothingBehind() throws {
        let h = try Self.start()
        let before = Self.residentKB()
        for k in 0..<1000 {
            if k % 2 == 0 {
                let s = TelemetrySender(path: h.runtime.telemetrySocket)
                try s.connect()
                try s.send(lines: ["machine,machine=press-01 state=\"runn"])  // half a line, then gone
                s.disconnect()
            } else {
                _ = try ConsoleConnection(path: h.runtime.consoleSocket)  // hello read, then closed
            }
        }
        _ = try h.waitFor("the connections closed") { $0.telemetry.connections <= 1 }
        try Self.stillServes(h, accepted: 1)
        #expect(Self.residentKB() - before < 16 * 1024, "memory after 1,000 connections: \(Self.residentKB() - before) KB more")
    }

    @Test func hugeLinesAndInvalidUTF8AreRefusedAloneWithoutBufferingThem() throws {
        let h = try Self.start()
        let before = Self.residentKB()
        let s = TelemetrySender(path: h.runtime.telemetrySocket)
        try s.connect()
        // A 100 MB line, in 1 MB pieces: refused past 64 KB and skipped to its newline.
        let piece = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<100 { try piece.withUnsafeBytes { try s.send($0) } }
        try s.send(lines: ["", "machine,machine=press-01 state=\"idle\" \(DaemonClock.now())"])
        // Invalid UTF-8 in a tag and a string field.
        var bad = Array("machine,machine=press-01 state=\"".utf8) + [0xFF, 0xFE, 0xC0] + Array("\"\n".utf8)
        try bad.withUnsafeBytes { try s.send($0) }
        bad = Array("machine,machine=pr".utf8) + [0xC3, 0x28] + Array("ess-01 state=\"idle\"\n".utf8)
        try bad.withUnsafeBytes { try s.send($0) }
        s.disconnect()
        let st = try h.waitFor("the line after the huge one") { $0.telemetry.accepted == 2 }
        #expect(st.telemetry.rejected >= 3)
        #expect(st.telemetry.errors.contains { $0.reason.contains("longer than") }, "\(st.telemetry.errors.map(\.reason))")
        try Self.stillServes(h, accepted: 2)
        #expect(Self.residentKB() - before < 32 * 1024, "a 100 MB line is not held: \(Self.residentKB() - before) KB more")
    }

    @Test func hostileConsoleLinesAreRefusedAndTheConnectionGoesOn() throws {
        let h = try Self.start()
        let c = try ConsoleConnection(path: h.runtime.consoleSocket)
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let lines = [
            deep,  // deep nesting
            "{\"type\":\"hello\",\"user\":\"root\",\"uid\":0,\"roles\":[\"admin\"]}",  // spoofed identity
            "\u{FF}\u{FE} not json",
            "{\"type\":\"ack\",\"alarm\":\"x\",\"comment\":\(String(repeating: "1", count: 5000))}",
            "[{\"type\":\"ping\"}]",
        ]
        for l in lines { try c.send(line: Data(l.utf8)) }
        var replies: [String] = []
        while replies.count < lines.count { replies.append(String(decoding: try c.readLine(timeout: 10), as: UTF8.self)) }
        #expect(!replies[0].contains("\"ok\":true"))
        // A hello names no one: who the console is comes from the socket's peer credentials.
        #expect(!replies[1].contains("\"root\""), "\(replies[1])")
        #expect(replies[2...].allSatisfy { $0.contains("\"ok\":false") }, "\(replies)")
        try Self.stillServes(h, accepted: 1)
    }
}
