import ArgumentParser

/// The scope and window of a report over the floor's history (`gemba oee`, `gemba reliability`):
/// a machine, a line or the plant, and a shift, a window or the shift running now. One set of
/// options, checked the same way, for every report.
struct ReportScopeOptions: ParsableArguments {
    @Option(help: "A machine id.") var machine: String?
    @Option(help: "A line id (sums over its machines).") var line: String?
    @Option(help: "A shift name (with --date; default: the shift running now).") var shift: String?
    @Option(help: "The date the shift starts on, YYYY-MM-DD (default: today's).") var date: String?
    @Option(help: "Window start, ISO 8601 (e.g. 2026-11-24T06:00:00Z).") var from: String?
    @Option(help: "Window end, ISO 8601 (a date alone: the end of that day in the plant).") var to: String?

    func validate() throws {
        if machine != nil && line != nil { throw ValidationError("give --machine or --line, not both") }
        if (from == nil) != (to == nil) { throw ValidationError("--from and --to go together") }
        if shift != nil && from != nil { throw ValidationError("give --shift or --from/--to, not both") }
        try PersonInput.day(date, "--date")
        try PersonInput.date(from, "--from")
        try PersonInput.date(to, "--to")
    }
}
