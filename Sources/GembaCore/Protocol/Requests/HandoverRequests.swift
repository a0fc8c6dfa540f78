extension Requests {
    /// `gemba handover`: the notes of a shift (the running one without `shift`/`date`; with
    /// `previous`, the shift before the running one: what the incoming lead reads).
    public struct Handover: ConsoleRequestPayload {
        public typealias Response = HandoverBoard
        public static let type = "handover"
        public static let permission = Permission.view
        public var shift: String?
        public var date: String?
        public var previous: Bool?
        public init(shift: String? = nil, date: String? = nil, previous: Bool? = nil) {
            self.shift = shift
            self.date = date
            self.previous = previous
        }
    }

    /// `gemba handover add --text`, and `n` in the console: a note for the next shift, kept with
    /// the shift running now (or the one that just ended, between shifts).
    public struct HandoverAdd: ConsoleRequestPayload {
        public typealias Response = HandoverNote
        public static let type = "handover_add"
        public static let permission = Permission.writeHandover
        public var text: String
        public init(text: String) { self.text = text }
        public var auditObject: String { "handover" }
    }

    /// The incoming lead read the notes of a shift.
    public struct HandoverConfirm: ConsoleRequestPayload {
        public typealias Response = HandoverBoard
        public static let type = "handover_confirm"
        public static let auditAction = "handover_read"
        public static let permission = Permission.writeHandover
        public var shift: String
        public var date: String
        public init(shift: String, date: String) {
            self.shift = shift
            self.date = date
        }
        public var auditObject: String { "handover:\(date)/\(shift)" }
    }
}

/// The notes of one shift, and who of the next shift has read them.
public struct HandoverBoard: Sendable, Equatable, Codable {
    public var shift: String
    public var date: String
    public var from: String
    public var to: String
    /// The plant's time zone, for showing the times as the plant reads them.
    public var timezone: String
    /// Whether the shift is the one running now.
    public var running: Bool
    public var notes: [HandoverNote]
    public var readBy: [HandoverNote.Confirmation]

    public init(
        shift: String, date: String, from: String, to: String, timezone: String, running: Bool, notes: [HandoverNote],
        readBy: [HandoverNote.Confirmation]
    ) {
        self.shift = shift
        self.timezone = timezone
        self.date = date
        self.from = from
        self.to = to
        self.running = running
        self.notes = notes
        self.readBy = readBy
    }

    enum CodingKeys: String, CodingKey {
        case shift, date, from, to, timezone, running, notes
        case readBy = "read_by"
    }
}

extension Requests {
    /// `gemba report shift`: a shift's report (the running shift's, provisional, without a
    /// shift and date).
    public struct ShiftReportQuery: ConsoleRequestPayload {
        public typealias Response = ShiftReport
        public static let type = "report"
        public static let permission = Permission.view
        public var shift: String?
        public var date: String?
        public init(shift: String? = nil, date: String? = nil) {
            self.shift = shift
            self.date = date
        }
    }
}
