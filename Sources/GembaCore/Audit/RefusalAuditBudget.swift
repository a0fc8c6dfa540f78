/// How many of one person's refused requests the audit trail takes: at most `perWindow` (10)
/// in a `window` (a minute) from the first; the others are counted, and summed up in one
/// record when the window is over (`ended(at:)`) or before that person's next recorded refusal.
///
/// It exists because every refused state-changing request was audited, so a person or a script
/// hammering refused requests could flood the trail and fill the disk (issue 12); the trail
/// still says who was refused, how often and when. Pure: time is passed in.
public struct RefusalAuditBudget: Sendable {
    /// Refusals recorded one by one per person and window.
    public static let perWindow = 10
    /// The window, from a person's first refusal recorded in it.
    public static let window: Timestamp = 60 * Nanos.perSecond

    private struct Person: Hashable {
        var user: String
        var uid: UInt32
    }

    private struct Window {
        var start: Timestamp
        var recorded: Int
        var actor: Actor
        var suppressed = 0
        var first: Timestamp = 0
        var last: Timestamp = 0
    }

    /// Refusals of one person that were not recorded one by one.
    public struct Summary: Sendable, Equatable {
        /// Who was refused (as of the last refusal counted).
        public var actor: Actor
        public var count: Int
        /// When the first and the last of them came.
        public var first: Timestamp
        public var last: Timestamp

        /// The record that sums them up, written at `now`.
        public func record(at now: Timestamp) -> AuditRecord {
            actor.record(
                "refusals_suppressed", "user:\(actor.user)", at: now,
                comment:
                    "\(count) more refusals of \(actor.user) between \(ISOTime.format(first)) and \(ISOTime.format(last)) were not recorded one by one (at most \(RefusalAuditBudget.perWindow) a minute are)",
                outcome: "refused: \(count) more refusals suppressed")
        }
    }

    /// What becomes of one refusal: whether to record it, and the summary to record before it.
    public struct Admission: Sendable, Equatable {
        public var record: Bool
        public var summary: Summary?

        public init(record: Bool, summary: Summary?) {
            self.record = record
            self.summary = summary
        }
    }

    /// Only people refused within the last window are held.
    private var windows: [Person: Window] = [:]

    public init() {}

    /// A refusal of `actor` at `now`.
    public mutating func admit(_ actor: Actor, at now: Timestamp) -> Admission {
        let key = Person(user: actor.user, uid: actor.uid)
        var summary: Summary?
        if let w = windows[key], now.clampedSubtracting(w.start) >= Self.window {
            summary = Self.summary(of: w)
            windows[key] = nil
        }
        guard var w = windows[key] else {
            windows[key] = Window(start: now, recorded: 1, actor: actor)
            return Admission(record: true, summary: summary)
        }
        w.actor = actor
        if w.recorded < Self.perWindow {
            w.recorded += 1
            windows[key] = w
            return Admission(record: true, summary: summary)
        }
        if w.suppressed == 0 { w.first = now }
        w.suppressed += 1
        w.last = now
        windows[key] = w
        return Admission(record: false, summary: summary)
    }

    /// The summaries of windows over by `now` that left refusals out, oldest first; every
    /// window over is forgotten.
    public mutating func ended(at now: Timestamp) -> [Summary] {
        guard !windows.isEmpty else { return [] }
        let over = windows.filter { now.clampedSubtracting($0.value.start) >= Self.window }
        for key in over.keys { windows[key] = nil }
        return over.values.sorted { $0.start < $1.start }.compactMap(Self.summary(of:))
    }

    private static func summary(of w: Window) -> Summary? {
        w.suppressed == 0 ? nil : Summary(actor: w.actor, count: w.suppressed, first: w.first, last: w.last)
    }
}
