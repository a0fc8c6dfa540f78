import Foundation
import GembaServer
import Logging
import Testing

/// The daemon's log file keeps one line per event whatever the data says: a file name or a
/// reason with a line break (an ERP's drop folder takes any name) cannot forge a log line.
struct FileLogHandlerTests {
    @Test func aLineBreakInTheDataCannotForgeALogLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gemba-log-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }  // a temporary file
        let handler = FileLogHandler(label: "gemba.serve", path: path)
        let forged = "evil\n2026-12-02T06:00:00Z info gemba.serve: ERP file imported file=forged.xml orders=999\n.csv"
        handler.log(
            event: LogEvent(
                level: .warning, message: "ERP file not imported", metadata: ["file": .string(forged), "reason": .string("a\r\tb\u{1B}[2J")],
                source: "test", file: #fileID, function: #function, line: #line))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 1)
        #expect(text.contains("file=evil\\n2026-12-02T06:00:00Z info gemba.serve: ERP file imported file=forged.xml orders=999\\n.csv"))
        #expect(text.contains("reason=a\\r\\tb\\u{1b}[2J"))
    }
}
