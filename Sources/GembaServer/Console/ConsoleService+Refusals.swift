import GembaCore
import GembaStore
import NIOConcurrencyHelpers

/// Refusals into the audit trail, at most 10 per person and minute (`RefusalAuditBudget`): every
/// refused request, refused reload and refused connection goes through here.
extension ConsoleService {
    /// Appends the record of a refusal, unless the person's budget for the minute is spent (then
    /// it is only counted); the summary of the person's last minute, when due, goes first.
    /// Refusals are appended one at a time, so a summary always precedes what follows it.
    func appendRefusal(_ record: AuditRecord) throws {
        try refusals.withLockedValue { budget in
            let admission = budget.admit(Actor(user: record.user, uid: record.uid, role: record.role), at: record.at)
            if let summary = admission.summary { try store.appendAudit(summary.record(at: record.at)) }
            if admission.record { try store.appendAudit(record) }
        }
    }

    /// Appends the summaries of the minutes over by `now` that left refusals out (the flusher
    /// asks on every tick). A summary that cannot be written is lost; the error says so.
    func appendRefusalSummaries(now: Timestamp) throws {
        try refusals.withLockedValue { budget in
            for summary in budget.ended(at: now) { try store.appendAudit(summary.record(at: now)) }
        }
    }
}
