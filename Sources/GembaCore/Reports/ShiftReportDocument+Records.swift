/// The alarms, holds and orders of a shift worded for the reader: what the alarm system did
/// against ISA-18.2 and what still stands, which material was held or released, which orders
/// were finished and which are late.
extension ShiftReportDocument {
    /// The shift's alarms: the ISA-18.2 figures, the most frequent, and those still standing.
    static func alarms(_ r: ShiftReport, _ clock: ShiftReportClock) -> ShiftReportSection {
        let a = r.alarms
        var blocks: [ShiftReportBlock] = []
        if a.activations == 0 && a.top.isEmpty && a.chattering.isEmpty {
            blocks.append(.sentence(ShiftReportWording.noAlarms))
        } else {
            blocks.append(
                .facts([
                    ShiftReportFact("Activations", ShiftReportFigures.count(a.activations)),
                    ShiftReportFact("By priority", byPriority(a.byPriority)),
                    ShiftReportFact("Per 10 minutes", rate(a.averagePerTenMinutes)),
                    ShiftReportFact(
                        "Busiest 10 min",
                        ShiftReportFigures.count(a.peakTenMinutes) + " activations"
                            + (a.peakTenMinutes > AlarmKPIRules.floodStartAbove ? " (a flood: more than 10)" : "")),
                    ShiftReportFact("In flood", ShiftReportFigures.percent(a.floodShare) + " of the 10-minute periods (ISA-18.2: under 1%)"),
                    ShiftReportFact(
                        "Chattering", a.chattering.isEmpty ? "none" : a.chattering.map { ShiftReportWording.text($0) }.joined(separator: ", ")),
                ]))
            if !a.top.isEmpty {
                blocks.append(.heading("Most frequent alarms"))
                blocks.append(
                    .table(
                        ShiftReportTable(
                            columns: [
                                ShiftReportColumn("#", .number), ShiftReportColumn("Alarm", .label, maxWidth: 40),
                                ShiftReportColumn("Activations", .number),
                            ],
                            rows: a.top.enumerated().map { k, t in
                                ShiftReportRow([String(k + 1), ShiftReportWording.text(t.definition), ShiftReportFigures.count(t.count)])
                            })))
            }
        }
        blocks.append(.heading("Standing at the end of the report"))
        if a.standing.isEmpty {
            blocks.append(.sentence(ShiftReportWording.noStanding))
        } else {
            let standing = a.standing.enumerated().sorted { ($0.element.priority.rank, $0.offset) < ($1.element.priority.rank, $1.offset) }
            blocks.append(
                .table(
                    ShiftReportTable(
                        columns: [
                            ShiftReportColumn("Priority", .label), ShiftReportColumn("State", .label, maxWidth: 20),
                            ShiftReportColumn("Since", .label), ShiftReportColumn("Alarm", .label, maxWidth: 20),
                            ShiftReportColumn("Machine", .label, maxWidth: 16), ShiftReportColumn("Message", .prose, maxWidth: 60),
                        ],
                        rows: standing.map { _, s in
                            ShiftReportRow([
                                s.priority.rawValue, ShiftReportWording.words(s.state), clock.time(s.since), ShiftReportWording.text(s.definition),
                                ShiftReportWording.text(s.machine), ShiftReportWording.text(s.message),
                            ])
                        })))
        }
        return ShiftReportSection(anchor: "alarms", title: "Alarms", blocks: blocks)
    }

    /// `critical 1 · high 4 · medium 12 · low 3`: ISA-18.2's priorities most urgent first
    /// (all four, so a zero shows), then any other name the report holds, by name.
    static func byPriority(_ counts: [String: Int]) -> String {
        let known = AlarmPriority.allCases.sorted().map { ($0.rawValue, counts[$0.rawValue] ?? 0) }
        let others = counts.filter { AlarmPriority(rawValue: $0.key) == nil }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return (known + others).map { ShiftReportWording.text($0.0) + " " + ShiftReportFigures.count($0.1) }.joined(separator: " · ")
    }

    /// The average rate against ISA-18.2's target of about one activation per 10 minutes
    /// (two is the most an operator can be expected to manage).
    static func rate(_ average: Double) -> String {
        let figure = ShiftReportFigures.decimal(average)
        guard average.isFinite else { return figure }
        if average <= 1.0 { return figure + " (ISA-18.2: about 1; within)" }
        if average <= 2.0 { return figure + " (ISA-18.2: about 1; above, still manageable)" }
        return figure + " (ISA-18.2: about 1; more than an operator can manage)"
    }

    /// The holds placed and released in the shift.
    static func holds(_ r: ShiftReport, _ clock: ShiftReportClock) -> ShiftReportSection {
        let h = r.holds
        guard !h.placed.isEmpty || !h.released.isEmpty else {
            return ShiftReportSection(anchor: "holds", title: "Holds", blocks: [.sentence(ShiftReportWording.noHolds)])
        }
        func table(_ lines: [ShiftReport.HoldLine], released: Bool) -> ShiftReportTable {
            var columns = [
                ShiftReportColumn("Hold", .label, maxWidth: 12), ShiftReportColumn("Scope", .label),
                ShiftReportColumn("Target", .label, maxWidth: 20), ShiftReportColumn("Reason", .prose, maxWidth: 40),
            ]
            if released { columns.append(ShiftReportColumn("Disposition", .label)) }
            columns += [ShiftReportColumn("By", .label, maxWidth: 16), ShiftReportColumn("At", .label)]
            return ShiftReportTable(
                columns: columns,
                rows: lines.map { l in
                    var cells = [
                        "#" + String(l.id), ShiftReportWording.words(l.scope), ShiftReportWording.text(l.target), ShiftReportWording.text(l.reason),
                    ]
                    if released { cells.append(ShiftReportWording.text(l.disposition.map(ShiftReportWording.words))) }
                    cells += [ShiftReportWording.text(l.by), clock.time(l.at)]
                    return ShiftReportRow(cells)
                })
        }
        return ShiftReportSection(
            anchor: "holds", title: "Holds",
            blocks: [
                .heading("Placed"), h.placed.isEmpty ? .sentence(ShiftReportWording.noHoldsPlaced) : .table(table(h.placed, released: false)),
                .heading("Released"),
                h.released.isEmpty ? .sentence(ShiftReportWording.noHoldsReleased) : .table(table(h.released, released: true)),
            ])
    }

    /// The orders finished in the shift, and those late at its end.
    static func orders(_ r: ShiftReport, _ clock: ShiftReportClock) -> ShiftReportSection {
        let o = r.orders
        guard !o.finished.isEmpty || !o.late.isEmpty else {
            return ShiftReportSection(anchor: "orders", title: "Orders", blocks: [.sentence(ShiftReportWording.noOrders)])
        }
        let order = ShiftReportColumn("Order", .label, maxWidth: 16)
        let product = ShiftReportColumn("Product", .label, maxWidth: 20)
        let finished = ShiftReportTable(
            columns: [
                order, product, ShiftReportColumn("Qty", long: "Quantity", .number), ShiftReportColumn("Good", .number),
                ShiftReportColumn("Scrap", .number), ShiftReportColumn("Finished", .label), ShiftReportColumn("Late by", .number),
            ],
            rows: o.finished.map { l in
                ShiftReportRow([
                    ShiftReportWording.text(l.id), ShiftReportWording.text(l.product), ShiftReportFigures.count(l.quantity),
                    ShiftReportFigures.count(l.good), ShiftReportFigures.count(l.scrap), l.finished.map(clock.time) ?? ShiftReportFigures.none,
                    l.lateSeconds > 0 ? ShiftReportFigures.duration(seconds: l.lateSeconds) : "on time",
                ])
            })
        let late = ShiftReportTable(
            columns: [
                order, product, ShiftReportColumn("Qty", long: "Quantity", .number), ShiftReportColumn("Good", .number),
                ShiftReportColumn("Due", .label), ShiftReportColumn("Late by", .number), ShiftReportColumn("Status", .label),
            ],
            rows: o.late.map { l in
                ShiftReportRow([
                    ShiftReportWording.text(l.id), ShiftReportWording.text(l.product), ShiftReportFigures.count(l.quantity),
                    ShiftReportFigures.count(l.good), clock.time(l.due), ShiftReportFigures.duration(seconds: l.lateSeconds),
                    l.finished.map { "finished " + clock.time($0) } ?? "open",
                ])
            })
        return ShiftReportSection(
            anchor: "orders", title: "Orders",
            blocks: [
                .heading("Finished"), o.finished.isEmpty ? .sentence(ShiftReportWording.noOrdersFinished) : .table(finished),
                .heading("Late"), o.late.isEmpty ? .sentence(ShiftReportWording.noOrdersLate) : .table(late),
            ])
    }
}
