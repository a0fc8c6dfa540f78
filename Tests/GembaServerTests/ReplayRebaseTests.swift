import Foundation
import GembaClient
import GembaCore
import GembaServer
import Testing

/// `gemba replay --rebase-to-now`: the recording's last line lands on now, every other line
/// before it, so a replay at any speed sends nothing ahead of the daemon's clock.
@Suite(.serialized)
struct ReplayRebaseTests {
    static let t0: Timestamp = 1_764_000_000 * Nanos.perSecond
    static let step: Timestamp = 30 * Nanos.perSecond

    /// An hour of one machine: 121 lines 30 s apart, and one line without a timestamp.
    static func recording(unit: Timestamp = 1) -> String {
        var lines: [String] = []
        for k in 0...120 {
            let state = k % 17 == 0 ? "down" : "running"
            lines.append("machine,machine=press-01 state=\"\(state)\",count_total=\(k * 15)i \((t0 + Timestamp(k) * step) / unit)")
        }
        lines.insert("cpu,host=gateway usage=3.5", at: 60)  // no timestamp: it takes the receive time
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func theLastLineLandsOnNowAndEveryOtherBeforeItAsRecorded() throws {
        let replay = TelemetryReplay(text: Self.recording())
        #expect(replay.lines.count == 122)
        #expect(replay.firstTimestamp == Self.t0)
        #expect(replay.latestTimestamp == Self.t0 + 120 * Self.step)
        let now = DaemonClock.now()
        let offset = replay.rebaseOffset(to: now)
        var sent: [Timestamp] = []
        for i in replay.lines.indices where replay.lines[i].timestamp != nil {
            let stamp = try #require(replay.text(i, offset: offset).split(separator: " ").last)
            sent.append(try #require(Timestamp(stamp)))
        }
        #expect(sent.count == 121)
        #expect(sent.last == now, "the last line is now")
        #expect(sent.allSatisfy { $0 <= now }, "every line is in the past")
        #expect(sent.first == now - 120 * Self.step, "the first lies the recording's span before")
        #expect(zip(sent, sent.dropFirst()).allSatisfy { $1 - $0 == Self.step }, "spaced as recorded")
        #expect(replay.text(60, offset: offset) == "cpu,host=gateway usage=3.5", "a line without a time keeps none")
    }

    @Test func rebasingWorksInTheFilesPrecision() throws {
        let ms = Nanos.perSecond / 1_000
        let replay = TelemetryReplay(text: Self.recording(unit: ms), precision: .milliseconds)
        let now = DaemonClock.now()
        let last = try #require(replay.lines.indices.last)
        #expect(replay.text(last, offset: replay.rebaseOffset(to: now)).hasSuffix(" \(now / ms)"))
    }

    @Test func aRecordingWithoutTimestampsIsNotMoved() {
        let replay = TelemetryReplay(text: "machine,machine=press-01 state=\"running\"\n")
        #expect(replay.latestTimestamp == nil)
        #expect(replay.rebaseOffset(to: DaemonClock.now()) == 0)
    }

    /// Sent all at once, as `--as-fast-as-possible` does, an hour's recording rebased to now is
    /// taken whole: before, with its first line at now, everything after the first 5 minutes was
    /// stamped ahead of the clock and refused (max_clock_skew).
    @Test func anHourRebasedAndSentAtOnceIsAllAccepted() throws {
        let d = try LoggedDaemon(log: CapturedLog())
        let replay = TelemetryReplay(text: Self.recording())
        let now = DaemonClock.now()
        let offset = replay.rebaseOffset(to: now)
        let firstAtNow = now - (replay.firstTimestamp ?? 0)
        #expect(replay.lines.contains { ($0.timestamp ?? 0) + firstAtNow > now + 5 * 60 * Nanos.perSecond }, "the old rebase put lines past the skew")
        let sender = TelemetrySender(path: d.daemon.options.runtime.telemetrySocket)
        try sender.connect()
        try sender.send(lines: replay.lines.indices.map { replay.text($0, offset: offset) })
        sender.disconnect()
        let deadline = Date().addingTimeInterval(10)
        while d.daemon.floor.stats.received < 122 && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        let stats = d.daemon.floor.stats
        #expect(stats.received == 122)
        #expect(stats.rejected == 0, "\(stats.errors.map(\.reason))")
        let press = try #require(d.daemon.floor.machineStatuses().first { $0.id == "press-01" })
        #expect(press.state == .running)
        #expect(press.sinceNanos <= now, "the machine's state began in the past")
    }
}
