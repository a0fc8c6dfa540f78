/// A shift report as people read it: plain text for a terminal, a printer or an e-mail body,
/// Markdown for a wiki or a ticket, and one self-contained HTML page for a phone or a browser
/// (`ShiftReportText.swift`, `ShiftReportHTML.swift`). It exists so that the incoming shift lead
/// and the plant manager get the same report in the same order in every form: the header, a
/// provisional marker while the shift runs, the handover notes first (they are what the next
/// shift needs), then OEE, downtime, alarms, holds and orders. All three are drawn from one
/// `ShiftReportDocument`, so their wording cannot drift apart, and all are deterministic: the
/// same report gives the same bytes.
package enum ShiftReportRenderer {}
