import Foundation
import GembaTesting
import Testing

@testable import GembaMQTT

/// `mqtt.password_file`: the password is the file's first line, whichever line ending the
/// editor that saved it used.
struct MQTTPasswordFileTests {
    func password(in text: String) throws -> String? {
        let folder = TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/mqtt.password"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try MQTTClient.password(path)
    }

    @Test func theFirstLineWithoutItsEnding() throws {
        #expect(try password(in: "s3cret\n") == "s3cret")
        #expect(try password(in: "s3cret\r\nsecond line\r\n") == "s3cret", "a file saved on Windows")
        #expect(try password(in: "s3cret") == "s3cret", "no line ending at all")
        #expect(try password(in: "pass word\twith tab\n") == "pass word\twith tab", "inner spaces are the password's")
        #expect(try MQTTClient.password(nil) == nil)
        #expect(throws: MQTTError.self) { try MQTTClient.password("/nonexistent/mqtt.password") }
    }
}
