import Foundation
import Testing

/// Every command of `gemba`, every argument, option and flag it shows, says in its help what
/// it is: read from the binary's own description of its command tree
/// (`--experimental-dump-help`, swift-argument-parser's ToolInfo JSON).
@Suite struct HelpTextTests {
    /// One command of the tree and the path to it (`gemba lot receive`).
    struct Command {
        var path: String
        var json: [String: Any]
    }

    static func commands() throws -> [Command] {
        let dump = try GembaCLI().run(["--experimental-dump-help"])
        #expect(dump.status == 0, "\(dump.output)")
        let top = try #require(try JSONSerialization.jsonObject(with: Data(dump.output.utf8)) as? [String: Any])
        var out: [Command] = []
        func walk(_ c: [String: Any], _ path: String) {
            out.append(Command(path: path, json: c))
            for s in c["subcommands"] as? [[String: Any]] ?? [] {
                let name = s["commandName"] as? String ?? "?"
                // `help` is argument-parser's own command, not one of Gemba's.
                if name != "help" { walk(s, path + " " + name) }
            }
        }
        walk(try #require(top["command"] as? [String: Any]), "gemba")
        return out
    }

    @Test func everyArgumentOptionAndFlagHasHelp() throws {
        let commands = try Self.commands()
        #expect(commands.count > 40, "the whole tree was read: \(commands.map(\.path))")
        var bare: [String] = []
        for c in commands {
            for a in c.json["arguments"] as? [[String: Any]] ?? [] where a["shouldDisplay"] as? Bool ?? true {
                let names = (a["names"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                let shown = names.first.map { "--" + $0 } ?? "<\(a["valueName"] as? String ?? "?")>"
                if (a["abstract"] as? String ?? "").trimmingCharacters(in: .whitespaces).isEmpty { bare.append("\(c.path) \(shown)") }
            }
        }
        #expect(bare.isEmpty, "without help:\n\(bare.joined(separator: "\n"))")
    }

    @Test func everyCommandSaysWhatItDoes() throws {
        let bare = try Self.commands().filter { ($0.json["abstract"] as? String ?? "").isEmpty }.map(\.path)
        #expect(bare.isEmpty, "commands without an abstract: \(bare)")
    }
}
