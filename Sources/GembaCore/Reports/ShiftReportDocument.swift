/// A shift report as sections of sentences, facts, tables and notes, worded but not yet in
/// any format. It exists so that text, Markdown and HTML say the same things in the same
/// order: the words are chosen once (`ShiftReportDocument+Sections`), and each form only
/// lays them out. User text in it is cleaned but not escaped; each form escapes its own way.
package struct ShiftReportDocument: Sendable, Equatable {
    /// `Shift report: Demo Works`.
    package var title: String
    /// The header under the title: shift, date, time, what the report covers.
    package var facts: [ShiftReportFact]
    /// The marker of a report taken while its shift runs (it starts with `PROVISIONAL`); nil once the shift has ended.
    package var provisional: String?
    package var sections: [ShiftReportSection]
    /// The closing line: the plant's zone the times are in, and where the report comes from.
    package var footer: String
}

/// One labelled figure or sentence: `Shift: Early`.
package struct ShiftReportFact: Sendable, Equatable {
    package var label: String
    package var value: String

    package init(_ label: String, _ value: String) {
        self.label = label
        self.value = value
    }
}

/// One part of the report, such as the handover notes or the alarms.
package struct ShiftReportSection: Sendable, Equatable {
    /// A stable name for links and HTML ids (`notes`, `oee`, ...).
    package var anchor: String
    package var title: String
    package var blocks: [ShiftReportBlock]
}

/// What a section is made of.
package enum ShiftReportBlock: Sendable, Equatable {
    /// A sentence on its own: what an empty part says (`No holds placed or released.`) or an explanation.
    case sentence(String)
    /// A sub-heading inside a section (`Standing at the end of the report`).
    case heading(String)
    case facts([ShiftReportFact])
    case table(ShiftReportTable)
    case note(ShiftReportNoteBlock)
    /// A chart only the HTML form draws (from the report itself); the other forms skip it.
    case chart(ShiftReportChartKind)
}

/// The charts of the HTML form.
package enum ShiftReportChartKind: Sendable, Equatable {
    /// Availability, performance, quality and OEE of the plant, each line and each machine.
    case oeeBars
    /// The downtime reasons by time, longest first, with the cumulative share.
    case downtimePareto
}

/// A table: its columns and rows of cell text.
package struct ShiftReportTable: Sendable, Equatable {
    package var columns: [ShiftReportColumn]
    package var rows: [ShiftReportRow]
}

/// A column of a table, and how its cells behave when space is short.
package struct ShiftReportColumn: Sendable, Equatable {
    /// How cells of a column are laid out.
    package enum Kind: Sendable, Equatable {
        /// Figures: right-aligned, never wrapped.
        case number
        /// An id or a short word: cut with `…` in the text form when it is long.
        case label
        /// Running text (a reason, a message, a list of machines): wrapped in the text form.
        case prose
    }

    /// The header in the text form, short (`Avail.`).
    package var title: String
    /// The header in Markdown and HTML, where a table may scroll (`Availability`).
    package var longTitle: String
    package var kind: Kind
    /// The text form's widest cell: longer ones are cut (`label`) or wrapped (`prose`).
    package var maxWidth: Int

    package init(_ title: String, long: String? = nil, _ kind: Kind = .label, maxWidth: Int = 24) {
        self.title = title
        self.longTitle = long ?? title
        self.kind = kind
        self.maxWidth = maxWidth
    }
}

/// A row of a table; `level` indents it under the row above (plant 0, line 1, machine 2).
package struct ShiftReportRow: Sendable, Equatable {
    package var cells: [String]
    package var level: Int?

    package init(_ cells: [String], level: Int? = nil) {
        self.cells = cells
        self.level = level
    }
}

/// A handover note as the incoming shift reads it.
package struct ShiftReportNoteBlock: Sendable, Equatable {
    /// Its place among the shift's notes, from 1.
    package var number: Int
    /// Who wrote it, and when on the plant's clock: `Ana Lopez, 13:40`.
    package var byline: String
    /// Its text, line by line as written (empty lines kept).
    package var lines: [String]
    package var mentions: [String]
    /// Who confirmed reading it, and when: `Ben Okafor at 14:05`; empty while nobody has.
    package var readBy: [String]
}
