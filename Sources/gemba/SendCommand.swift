import ArgumentParser
import Foundation
import GembaClient
import GembaCore
import GembaServer

/// `gemba send`: line protocol from standard input to the daemon's telemetry socket, so that
/// a person can feed a line by hand (or a script a file) with nothing else installed.
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Write line protocol from standard input to the daemon's telemetry socket.",
        discussion: """
            echo 'machine,machine=press-01 state="down",reason="jam"' | gemba send
            A line the daemon refuses is counted and shown with its reason in gemba status (the socket does not answer).
            """)

    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let sender = TelemetrySender(path: Support.runtime(runtime).telemetrySocket)
        do {
            try sender.connect()
        } catch {
            throw CommandFailure(error.message)
        }
        var lines = 0
        var batch: [String] = []
        while let line = readLine(strippingNewline: true) {
            if line.isEmpty { continue }
            batch.append(line)
            lines += 1
            if batch.count == 1000 {
                do { try sender.send(lines: batch) } catch { throw CommandFailure("after \(lines - batch.count) lines: \(error.message)") }
                batch.removeAll(keepingCapacity: true)
            }
        }
        do { try sender.send(lines: batch) } catch { throw CommandFailure("after \(lines - batch.count) lines: \(error.message)") }
        sender.disconnect()
        FileHandle.standardError.write(Data("sent \(lines) line(s); gemba status shows what was accepted\n".utf8))
    }
}
