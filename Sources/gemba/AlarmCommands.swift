import ArgumentParser
import Foundation
import GembaCore

/// `gemba alarms`: the alarm list and the alarm-system KPIs.
struct Alarms: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List alarms (with --active, only those on the operator's list) and the KPIs.")

    @Flag(help: "Only alarms on the operator's list (unacknowledged, acknowledged, returned unacknowledged, latched).")
    var active = false

    @Flag(help: "Print JSON for scripts.")
    var json = false

    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let board = try DaemonRequest.send(Requests.Alarms(active: active ? true : nil), runtime: runtime)
        if json { return try DaemonRequest.printJSON(board) }
        var rows = [["ID", "ALARM", "MACHINE", "PRIORITY", "STATE", "SINCE", "MESSAGE"]]
        for a in board.alarms {
            rows.append([
                a.id.map { "#\($0)" } ?? "-", a.definition, a.machine ?? "-", a.priority.rawValue, a.state.rawValue, a.since,
                a.message + (a.detail.map { " (\($0))" } ?? ""),
            ])
        }
        TextTable.print(rows)
        let k = board.kpis
        let unack = AlarmPriority.allCases.map { "\($0.rawValue) \(board.unacknowledged[$0.rawValue] ?? 0)" }.joined(separator: ", ")
        print("unacknowledged: \(unack)")
        print(
            TerminalText.current.clean(
                "last 10 min: \(k.lastTenMinutes) activations\(k.flood ? " — FLOOD since \(k.floodSince ?? "?")" : ""); chattering: \(k.chattering.isEmpty ? "none" : k.chattering.joined(separator: ", ")); stale: \(k.stale.isEmpty ? "none" : k.stale.joined(separator: ", "))"
            ))
    }
}

/// The alarm verbs share their shape: an alarm, a comment, one request.
private func act(_ request: some AlarmActionPayload, json: Bool, runtime: RuntimeOptions) throws {
    let result = try DaemonRequest.send(request, runtime: runtime)
    if json { return try DaemonRequest.printJSON(result) }
    let a = result.alarm
    print(
        "\(a.definition)\(a.id.map { " #\($0)" } ?? ""): \(a.state.rawValue)\(a.shelvedUntil.map { " until \($0)" } ?? "") (audit record \(result.audit))"
    )
}

/// `gemba ack ID --comment TEXT`.
struct Ack: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Acknowledge an alarm (shift lead, supervisor, admin).")
    @Argument(help: "The alarm: its id (press-01-oil-hot) or occurrence number (#12 or 12).") var alarm: String
    @Option(help: "Why, for the audit trail.") var comment: String?
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions
    func run() throws { try act(Requests.Acknowledge(alarm: alarm, comment: comment), json: json, runtime: runtime) }
}

/// `gemba shelve ID --for 30m --reason TEXT`.
struct Shelve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Shelve an alarm for a time, or until it next clears (shift lead, supervisor, admin).")
    @Argument(help: "The alarm: its id or occurrence number.") var alarm: String
    @Option(
        name: .customLong("for"), parsing: .unconditional,
        help: "How long, with a unit (30m, 2h; at most the plant's max_shelve). Without it: until the alarm next clears.")
    var duration: String?
    @Option(help: "Why (required).") var reason: String
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions
    func validate() throws { try PersonInput.duration(duration, "--for") }
    func run() throws { try act(Requests.Shelve(alarm: alarm, comment: reason, duration: duration), json: json, runtime: runtime) }
}

/// `gemba unshelve ID`.
struct Unshelve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Put a shelved alarm back on the list.")
    @Argument(help: "The alarm: its id or occurrence number.") var alarm: String
    @Option(help: "Why, for the audit trail.") var comment: String?
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions
    func run() throws { try act(Requests.Unshelve(alarm: alarm, comment: comment), json: json, runtime: runtime) }
}

/// `gemba reset ID`: a latched alarm, once acknowledged and clear.
struct Reset: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Reset a latched alarm (after it is acknowledged).")
    @Argument(help: "The alarm: its id or occurrence number.") var alarm: String
    @Option(help: "Why, for the audit trail.") var comment: String?
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions
    func run() throws { try act(Requests.ResetAlarm(alarm: alarm, comment: comment), json: json, runtime: runtime) }
}

/// `gemba out-of-service ID --reason TEXT`.
struct OutOfService: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "out-of-service", abstract: "Take an alarm out of service (supervisor, admin).")
    @Argument(help: "The alarm: its id or occurrence number.") var alarm: String
    @Option(help: "Why (required).") var reason: String
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions
    func run() throws { try act(Requests.OutOfService(alarm: alarm, comment: reason), json: json, runtime: runtime) }
}

/// `gemba in-service ID`.
struct InService: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "in-service", abstract: "Return an alarm to service (supervisor, admin).")
    @Argument(help: "The alarm: its id or occurrence number.") var alarm: String
    @Option(help: "Why, for the audit trail.") var comment: String?
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions
    func run() throws { try act(Requests.InService(alarm: alarm, comment: comment), json: json, runtime: runtime) }
}
