import GembaTerminal
import Testing

/// `gemba-console` reads the options `gemba console` takes and passes on, without the CLI's parser.
struct ConsoleCommandLineTests {
    @Test func theOptionsOfGembaConsoleAreRead() throws {
        #expect(try ConsoleCommandLine.parse([]) == .run(.init()))
        #expect(
            try ConsoleCommandLine.parse(["--runtime-dir", "/run/x", "--no-color", "--bell", "--station=press-01"])
                == .run(.init(runtimeDir: "/run/x", noColor: true, bell: true, station: "press-01")))
        #expect(try ConsoleCommandLine.parse(["--runtime-dir=/a b"]) == .run(.init(runtimeDir: "/a b")))
        #expect(try ConsoleCommandLine.parse(["--bell", "-h"]) == .help)
        #expect(try ConsoleCommandLine.parse(["--help"]) == .help)
    }

    @Test func whatGembaConsolePassesOnReadsBackTheSame() throws {
        var settings = ConsoleCommandLine.Settings(runtimeDir: "/tmp/g", noColor: true, bell: false, station: "weld-01")
        #expect(try ConsoleCommandLine.parse(settings.arguments) == .run(settings))
        settings.fromGemba = "0.1.0"
        #expect(try ConsoleCommandLine.parse(settings.arguments) == .run(settings), "the version gemba console hands over with")
    }

    @Test func aWrongCommandLineIsRefusedNamingTheArgument() {
        func refusal(_ args: [String]) -> String {
            do {
                _ = try ConsoleCommandLine.parse(args)
                return ""
            } catch {
                return error.description
            }
        }
        #expect(refusal(["--station"]) == "--station needs a value")
        #expect(refusal(["--runtime-dir", "--bell"]) == "--runtime-dir needs a value")
        #expect(refusal(["--bell=yes"]) == "--bell takes no value")
        #expect(refusal(["--colour"]).contains("unknown argument \"--colour\""))
    }
}
