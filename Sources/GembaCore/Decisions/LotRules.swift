/// The rules a lot movement meets, once: a held lot is never consumed, split, merged or
/// shipped; only an available lot moves; nothing takes more than a lot holds. The store calls
/// them inside the transaction that writes the movement, with the lot as it is stored then.
public enum LotRules {
    /// What a movement does to a lot, in the words refusals use.
    public enum Use: String, Sendable {
        case consume, split, merge, ship

        var pastParticiple: String {
            switch self {
            case .consume: return "consumed"
            case .split: return "split"
            case .merge: return "merged"
            case .ship: return "shipped"
            }
        }
    }

    /// An active hold on a lot: its number and reason.
    public struct ActiveHold: Sendable, Equatable {
        public var id: Int64
        public var reason: String
        public init(id: Int64, reason: String) {
            self.id = id
            self.reason = reason
        }
    }

    /// May an operator scan this lot as an input at an operation's start?
    public static func mustBeUsable(_ lot: Lot) throws(Refusal) {
        if let h = lot.holds.first { throw Refusal("refused", "lot \(lot.id) is on hold #\(h): it cannot be used") }
        guard lot.status == .available else { throw Refusal("refused", "lot \(lot.id) is \(lot.status.rawValue): it cannot be used") }
    }

    /// May this lot move now? A hold refuses first, with its number and reason.
    public static func mustBeMovable(_ lot: Lot, hold: ActiveHold?, for use: Use) throws(Refusal) {
        if let hold {
            throw Refusal("refused", "lot \(lot.id) is on hold #\(hold.id) (\(hold.reason)): it cannot be \(use.pastParticiple)")
        }
        guard lot.status == .available else {
            throw Refusal("refused", "lot \(lot.id) is \(lot.status.rawValue): it cannot be \(use.pastParticiple)")
        }
    }

    /// Takes `quantity` out of a lot: what is left and the lot's new status (consumed when nothing is).
    public static func take(_ quantity: Double, from lot: Lot, hold: ActiveHold?, for use: Use) throws(Refusal) -> (left: Double, status: Lot.Status)
    {
        try mustBeMovable(lot, hold: hold, for: use)
        guard quantity > 0, quantity.isFinite else { throw Refusal("refused", "the quantity taken from \(lot.id) must be above zero") }
        guard quantity <= lot.quantity + 1e-9 else {
            throw Refusal(
                "refused", "lot \(lot.id) holds \(DurationText.number(lot.quantity)) \(lot.unit), not \(DurationText.number(quantity))")
        }
        let left = lot.quantity - quantity
        return left <= 1e-9 ? (0, .consumed) : (left, .available)
    }

    /// Why a new lot id cannot be used, or nil when it can (the rule is `LotID`'s).
    public static func idProblem(_ id: String) -> String? {
        do throws(LotIDError) {
            try LotID.validate(id)
            return nil
        } catch {
            return error.description
        }
    }
}

/// Releasing a quality hold: the disposition decides where each lot goes.
public enum HoldDecision {
    /// A hold as stored, with each of its lots and whether another active hold keeps it.
    public struct Context: Sendable {
        public var hold: Hold?
        /// Lots of the hold that another active hold still keeps.
        public var stillHeld: Set<String>
        public init(hold: Hold?, stillHeld: Set<String>) {
            self.hold = hold
            self.stillHeld = stillHeld
        }
    }

    public struct Release: Sendable, Equatable {
        public var disposition: Disposition
        /// Each lot whose status changes, and to what (only lots now `held`).
        public var lots: [(lot: String, status: Lot.Status)]
        /// Lots going back to their supplier (return to vendor).
        public var returned: [String]
        public var audit: AuditRecord

        public static func == (a: Release, b: Release) -> Bool {
            a.disposition == b.disposition && a.lots.map(\.lot) == b.lots.map(\.lot) && a.lots.map(\.status) == b.lots.map(\.status)
                && a.returned == b.returned && a.audit == b.audit
        }
    }

    public static func release(
        _ id: Int64, disposition text: String?, comment: String?, context c: Context, by actor: Actor, at now: Timestamp
    ) throws(Refusal) -> Release {
        guard let d = text.flatMap(Disposition.init(rawValue:)) else {
            throw Refusal("bad_request", "disposition must be one of: \(Disposition.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let comment, !comment.allSatisfy(\.isWhitespace) else { throw Refusal("comment_required", "releasing a hold needs a comment") }
        guard let hold = c.hold else { throw Refusal("refused", "no hold #\(id)") }
        guard hold.status == "active" else { throw Refusal("refused", "hold #\(id) was released already") }
        let status: Lot.Status
        switch d {
        case .useAsIs, .rework: status = .available
        case .scrap: status = .scrapped
        case .returnToVendor: status = .shipped
        }
        // A lot another hold still keeps stays held, unless it is scrapped (scrap is final).
        let moving = hold.lots.filter { !c.stillHeld.contains($0) || d == .scrap }
        return Release(
            disposition: d, lots: moving.map { ($0, status) }, returned: d == .returnToVendor ? moving : [],
            audit: actor.record("release_hold", "hold:\(id)", at: now, after: d.rawValue, comment: comment))
    }
}
