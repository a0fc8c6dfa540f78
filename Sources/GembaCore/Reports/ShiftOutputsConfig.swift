/// What the daemon writes when a shift ends, and where: the shift report (`reports:`) and,
/// for an ERP that exchanges files, the shift's production performance (`erp:`), whose inbox
/// the daemon also imports orders from.
public struct ReportsConfig: Sendable, Equatable {
    /// The formats a report is written in, each a file `<date>-<shift>.<ext>`.
    public enum Format: String, Sendable, CaseIterable {
        case text, markdown, json, html

        public var fileExtension: String {
            switch self {
            case .text: return "txt"
            case .markdown: return "md"
            case .json: return "json"
            case .html: return "html"
            }
        }
    }

    /// Nil: `reports/` beside the database.
    public var folder: String?
    public var formats: [Format]
    /// `reports: off`.
    public var enabled: Bool

    public init(folder: String? = nil, formats: [Format] = [.html, .text], enabled: Bool = true) {
        self.folder = folder
        self.formats = formats
        self.enabled = enabled
    }
}

/// `erp: { inbox: DIR, outbox: DIR, export_every: shift }`: files an ERP drops into the inbox
/// are imported as orders (then moved to `done/`, or to `failed/` with a `.error` file saying
/// why); each shift's B2MML performance document goes to the outbox when the shift ends.
public struct ERPConfig: Sendable, Equatable {
    public var inbox: String?
    public var outbox: String?
    /// `shift` (the one period there is): a performance document per shift.
    public var exportEvery: String

    public init(inbox: String? = nil, outbox: String? = nil, exportEvery: String = "shift") {
        self.inbox = inbox
        self.outbox = outbox
        self.exportEvery = exportEvery
    }
}
