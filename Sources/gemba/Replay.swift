import ArgumentParser
import Foundation
import GembaClient
import GembaCore
import GembaServer

/// `gemba replay`: sends a recorded line-protocol file to the daemon's telemetry socket.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Send a recorded line-protocol file to a running daemon.")

    @Argument(help: "The file (as `gemba serve --record` writes it, or any line protocol).")
    var file: String

    @Option(parsing: .unconditional, help: "Replay N times faster than recorded (1 = as recorded).", transform: PersonInput.decimal)
    var speed: Double = 1

    @Flag(name: .customLong("as-fast-as-possible"), help: "Send everything at once, ignoring the recorded pace.")
    var asFastAsPossible = false

    @Flag(
        name: .customLong("rebase-to-now"),
        help: "Move every timestamp by one amount so that the recording's last line is now: every line goes out in the past, at any speed.")
    var rebaseToNow = false

    @Option(help: "Timestamp precision of the file: ns, us, ms or s.")
    var precision: String = "ns"

    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        try PersonInput.positive(speed, "--speed")
        if TimestampPrecision(rawValue: precision) == nil { throw ValidationError("--precision must be ns, us, ms or s") }
    }

    func run() throws {
        guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
            throw CommandFailure("cannot read \(file) as UTF-8 text")
        }
        let replay = TelemetryReplay(text: text, precision: TimestampPrecision(rawValue: precision) ?? .nanoseconds)
        for r in replay.refused.prefix(10) {
            FileHandle.standardError.write(Data("gemba replay: \(file):\(r.line): \(r.reason) (not sent)\n".utf8))
        }
        let first = replay.firstTimestamp ?? 0
        let offset = rebaseToNow ? replay.rebaseOffset(to: DaemonClock.now()) : 0
        let sender = TelemetrySender(path: Support.runtime(runtime).telemetrySocket)
        do {
            try sender.connect()
            let started = DaemonClock.now()
            var batch: [String] = []
            for i in replay.lines.indices {
                if !asFastAsPossible, let ts = replay.lines[i].timestamp {
                    let due = started + Timestamp(Double(ts - first) / speed)
                    let wait = due - DaemonClock.now()
                    if wait > 1_000_000 {
                        try sender.send(lines: batch)
                        batch.removeAll()
                        Thread.sleep(forTimeInterval: Nanos.seconds(wait))
                    }
                }
                batch.append(replay.text(i, offset: offset))
                if batch.count >= 5_000 {
                    try sender.send(lines: batch)
                    batch.removeAll()
                }
            }
            try sender.send(lines: batch)
        } catch {
            throw CommandFailure("\(error)")
        }
        print(
            "gemba replay: sent \(replay.lines.count) lines from \(file)"
                + (replay.refused.isEmpty ? "" : "; \(replay.refused.count) not line protocol, not sent"))
    }
}
