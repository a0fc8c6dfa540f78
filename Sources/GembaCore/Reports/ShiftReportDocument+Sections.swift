/// The header, the handover notes, OEE and downtime worded for the reader: the part of the
/// report the incoming shift lead reads first. The alarms, holds and orders are worded in
/// `ShiftReportDocument+Records`.
extension ShiftReportDocument {
    /// The report worded, in the order the reader needs it.
    package init(_ r: ShiftReport) {
        let clock = ShiftReportClock(report: r)
        let plant = ShiftReportWording.text(r.plant)
        title = "Shift report: " + plant
        let shift = ShiftReportWording.text(r.shift)
        var facts = [
            ShiftReportFact("Plant", plant),
            ShiftReportFact("Shift", shift),
            ShiftReportFact("Date", ShiftReportClock.day(r.date)),
            ShiftReportFact("Time", clock.span(from: r.from, to: r.to) + ", " + clock.zoneLabel(from: r.from, to: r.to)),
        ]
        if r.provisional {
            facts.append(ShiftReportFact("Covers", clock.time(r.from) + " to " + clock.time(r.asOf) + " so far"))
            provisional =
                ShiftReportWording.provisional + " as of " + clock.time(r.asOf) + ": the shift runs until " + clock.time(r.to)
                + ", so these figures will still change."
        } else {
            facts.append(ShiftReportFact("Covers", "the whole shift"))
            provisional = nil
        }
        self.facts = facts
        sections = [
            Self.notes(r, clock), Self.oee(r), Self.downtime(r), Self.alarms(r, clock), Self.holds(r, clock), Self.orders(r, clock),
        ]
        footer =
            "Times are plant time, " + clock.zoneName + ". Report of " + plant + ", " + shift + " shift of " + ShiftReportWording.text(r.date)
            + ", from Gemba."
    }

    /// The notes the shift left, each with its author, time, text, mentions and who read it.
    static func notes(_ r: ShiftReport, _ clock: ShiftReportClock) -> ShiftReportSection {
        let blocks = r.notes.enumerated().map { k, note -> ShiftReportBlock in
            var byline = ShiftReportWording.text(note.user) + ", " + clock.time(note.at)
            if note.shift != r.shift || note.date != r.date {
                byline += " (" + ShiftReportWording.text(note.shift) + " shift, " + ShiftReportWording.text(note.date) + ")"
            }
            let text = ShiftReportEscaping.clean(note.text, keepLineBreaks: true)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { ShiftReportTextLayout.trimTrailing(String($0)) }
            while lines.last?.isEmpty == true { lines.removeLast() }
            while lines.first?.isEmpty == true { lines.removeFirst() }
            return .note(
                ShiftReportNoteBlock(
                    number: k + 1, byline: byline, lines: lines, mentions: note.mentions.map { ShiftReportWording.text($0) },
                    readBy: note.confirmations.map { ShiftReportWording.text($0.user) + " at " + clock.time($0.at) }))
        }
        return ShiftReportSection(
            anchor: "notes", title: "Handover notes", blocks: blocks.isEmpty ? [.sentence(ShiftReportWording.noNotes)] : blocks)
    }

    /// OEE of the plant, its lines and machines, and the time each lost to each factor.
    static func oee(_ r: ShiftReport) -> ShiftReportSection {
        guard !r.oee.isEmpty else {
            return ShiftReportSection(anchor: "oee", title: "OEE", blocks: [.sentence(ShiftReportWording.noOEE)])
        }
        func level(_ kind: ShiftReport.OEERow.Kind) -> Int {
            switch kind {
            case .plant: return 0
            case .line: return 1
            case .machine: return 2
            }
        }
        let scope = ShiftReportColumn("Scope", .label, maxWidth: 30)
        let factors = ShiftReportTable(
            columns: [
                scope, ShiftReportColumn("Avail.", long: "Availability", .number), ShiftReportColumn("Perf.", long: "Performance", .number),
                ShiftReportColumn("Qual.", long: "Quality", .number), ShiftReportColumn("OEE", .number), ShiftReportColumn("Good", .number),
                ShiftReportColumn("Reject", .number),
            ],
            rows: r.oee.map { row in
                ShiftReportRow(
                    [
                        ShiftReportWording.name(row.name, id: row.id), ShiftReportFigures.percent(row.availability),
                        ShiftReportFigures.percent(row.performance), ShiftReportFigures.percent(row.quality),
                        ShiftReportFigures.percent(row.oee), ShiftReportFigures.count(row.good), ShiftReportFigures.count(row.reject),
                    ], level: level(row.kind))
            })
        let losses = ShiftReportTable(
            columns: [
                scope, ShiftReportColumn("Planned", long: "Planned time", .number),
                ShiftReportColumn("Avail.", long: "Availability loss", .number),
                ShiftReportColumn("Perf.", long: "Performance loss", .number), ShiftReportColumn("Qual.", long: "Quality loss", .number),
            ],
            rows: r.oee.map { row in
                ShiftReportRow(
                    [
                        ShiftReportWording.name(row.name, id: row.id), ShiftReportFigures.duration(row.plannedSeconds),
                        ShiftReportFigures.duration(row.availabilityLossSeconds), ShiftReportFigures.duration(row.performanceLossSeconds),
                        ShiftReportFigures.duration(row.qualityLossSeconds),
                    ], level: level(row.kind))
            })
        return ShiftReportSection(
            anchor: "oee", title: "OEE",
            blocks: [
                .chart(.oeeBars), .table(factors), .sentence(ShiftReportWording.oeeKey), .heading("Time lost, by factor (h/min)"),
                .table(losses),
            ])
    }

    /// The downtime reasons that cost most, most first; an unbooked stop has no reason.
    static func downtime(_ r: ShiftReport) -> ShiftReportSection {
        guard !r.downtime.isEmpty else {
            return ShiftReportSection(anchor: "downtime", title: "Top downtime reasons", blocks: [.sentence(ShiftReportWording.noDowntime)])
        }
        let table = ShiftReportTable(
            columns: [
                ShiftReportColumn("#", .number), ShiftReportColumn("State", .label, maxWidth: 14),
                ShiftReportColumn("Reason", .prose, maxWidth: 30), ShiftReportColumn("Stops", .number), ShiftReportColumn("Time", .number),
                ShiftReportColumn("Machines", .prose, maxWidth: 30),
            ],
            rows: ShiftReportCharts.paretoOrder(r.downtime).enumerated().map { k, d in
                let reason = ShiftReportEscaping.clean(d.reason ?? "").trimmingCharactersInSpaces()
                return ShiftReportRow([
                    String(k + 1), ShiftReportWording.words(d.state.rawValue), reason.isEmpty ? ShiftReportWording.notBooked : reason,
                    ShiftReportFigures.count(d.stops), ShiftReportFigures.duration(d.seconds),
                    d.machines.isEmpty ? ShiftReportFigures.none : d.machines.map { ShiftReportWording.text($0) }.joined(separator: ", "),
                ])
            })
        return ShiftReportSection(anchor: "downtime", title: "Top downtime reasons", blocks: [.chart(.downtimePareto), .table(table)])
    }
}
