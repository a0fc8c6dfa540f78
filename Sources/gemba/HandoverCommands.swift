import ArgumentParser
import Foundation
import GembaCore

/// `gemba handover`: the notes a shift leaves for the next; `gemba handover add` writes one,
/// `gemba handover confirm` records that the incoming lead read them.
struct HandoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "handover", abstract: "Show the handover notes of a shift, write one, or confirm having read them.",
        subcommands: [HandoverShow.self, HandoverAddCommand.self, HandoverConfirmCommand.self], defaultSubcommand: HandoverShow.self)
}

/// `gemba handover [show] [--shift A --date D | --previous] [--json]`.
struct HandoverShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print a shift's handover notes (default: the running shift's).")
    @Option(help: "The shift's name (with --date; default: the running shift).") var shift: String?
    @Option(help: "The date the shift starts on (YYYY-MM-DD, plant time; default: today's).") var date: String?
    @Flag(help: "The shift before the running one: what the incoming lead reads.") var previous = false
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        if date != nil && shift == nil { throw ValidationError("--date needs --shift (the notes belong to a shift)") }
        if previous && shift != nil { throw ValidationError("--previous or --shift, not both") }
        let board: HandoverBoard = try Support.ask(Requests.Handover(shift: shift, date: date, previous: previous ? true : nil), runtime)
        if json { return try Support.printJSON(board) }
        print(Self.text(board), terminator: "")
    }

    static func text(_ b: HandoverBoard) -> String {
        let zone = b.timezone
        let span = "\(PlantTime.minute(iso: b.from, zone: zone))–\(ISOTime.parse(b.to).map { PlantTime.clock($0, zone: zone) } ?? b.to)"
        var out = "Handover notes of shift \(b.shift), \(b.date) (\(span)\(b.running ? ", running" : ""))\n"
        if b.notes.isEmpty {
            out += "  none written\(b.running ? " yet (gemba handover add --text \"…\")" : "")\n"
            return out
        }
        for n in b.notes {
            out += "\n\(PlantTime.minute(iso: n.at, zone: zone))  \(n.user):\n"
            for line in n.text.split(separator: "\n", omittingEmptySubsequences: false) { out += "    \(line)\n" }
            if !n.mentions.isEmpty { out += "    (names \(n.mentions.joined(separator: ", ")))\n" }
        }
        out += "\n"
        out +=
            b.readBy.isEmpty
            ? "Not yet confirmed read by the next shift.\n"
            : "Read by: " + b.readBy.map { "\($0.user) at \(PlantTime.minute(iso: $0.at, zone: zone))" }.joined(separator: ", ") + "\n"
        return out
    }
}

/// `gemba handover add --text "…"`: a note for the next shift (shift lead, supervisor, admin).
struct HandoverAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Write a handover note for the next shift (kept with the running shift; audited).")
    @Option(help: "The note: several lines in the shell's $'line 1\\nline 2' or in quotes across lines; - reads it from standard input.")
    var text: String
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        var note = text
        if text == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard let read = String(data: data, encoding: .utf8) else { throw CommandFailure("standard input is not UTF-8 text") }
            note = read
        }
        let n: HandoverNote = try Support.ask(Requests.HandoverAdd(text: note), runtime)
        if json { return try Support.printJSON(n) }
        print("note \(n.id) kept for shift \(n.shift) of \(n.date)" + (n.mentions.isEmpty ? "" : " (names \(n.mentions.joined(separator: ", ")))"))
    }
}

/// `gemba handover confirm --shift A --date D`: the incoming lead read the notes (audited).
struct HandoverConfirmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "confirm", abstract: "Confirm having read a shift's handover notes (audited).")
    @Option(help: "The shift whose notes were read (default: the one before the running shift).") var shift: String?
    @Option(help: "The date it starts on (YYYY-MM-DD).") var date: String?
    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        var name = shift
        var day = date
        if name == nil {
            let previous: HandoverBoard = try Support.ask(Requests.Handover(previous: true), runtime)
            name = previous.shift
            day = previous.date
        }
        guard let name, let day else { throw ValidationError("--shift needs --date") }
        let b: HandoverBoard = try Support.ask(Requests.HandoverConfirm(shift: name, date: day), runtime)
        print("confirmed: you read the \(b.notes.count) note(s) of shift \(b.shift), \(b.date)")
    }
}
