/// A cache in front of `ShiftCalendar` for the engine's hot path: most samples fall
/// in the same shift as the one before, so the calendar is consulted only when a
/// timestamp leaves the span the last answer is known to hold for.
public struct ShiftLookup: Sendable {
    public let calendar: ShiftCalendar
    private var validFrom: Timestamp = .max
    private var validTo: Timestamp = .min
    private var answer: ShiftInstance?

    public init(calendar: ShiftCalendar) { self.calendar = calendar }

    public mutating func shift(at t: Timestamp) -> ShiftInstance? {
        if t >= validFrom && t < validTo { return answer }
        if let s = calendar.shift(at: t) {
            answer = s
            validFrom = s.start
            validTo = s.end
        } else {
            answer = nil
            // No shift until the next one starts; before t we know nothing more.
            validFrom = t
            validTo = calendar.nextStart(after: t) ?? t.clampedAdding(Nanos.perMinute)
        }
        return answer
    }
}
