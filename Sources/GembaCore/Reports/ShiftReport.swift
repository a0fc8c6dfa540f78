/// What a shift leaves to the next one and to the plant's records: OEE of the plant, its
/// lines and machines with their losses, the top downtime reasons, the alarms (with the
/// ISA-18.2 figures, and what is still standing), the holds placed and released, the orders
/// finished and late, and the handover notes. Built from the database alone, so the report of
/// a shift that has ended is the same whenever it is asked for; the running shift's is
/// marked provisional.
public struct ShiftReport: Sendable, Equatable, Codable {
    public var plant: String
    public var shift: String
    /// The plant-local date the shift starts on (`2026-12-02`).
    public var date: String
    public var timezone: String
    /// The shift's start and end (ISO 8601 UTC).
    public var from: String
    public var to: String
    /// The report covers up to here: the shift's end, or the time it was asked for while the
    /// shift runs (then `provisional`).
    public var asOf: String
    public var provisional: Bool
    /// Plant first, then each line followed by its machines.
    public var oee: [OEERow]
    /// The downtime reasons that cost most, most first (at most 10).
    public var downtime: [DowntimeReason]
    public var alarms: Alarms
    public var holds: Holds
    public var orders: Orders
    public var notes: [HandoverNote]

    public init(
        plant: String, shift: String, date: String, timezone: String, from: String, to: String, asOf: String, provisional: Bool,
        oee: [OEERow], downtime: [DowntimeReason], alarms: Alarms, holds: Holds, orders: Orders, notes: [HandoverNote]
    ) {
        self.plant = plant
        self.shift = shift
        self.date = date
        self.timezone = timezone
        self.from = from
        self.to = to
        self.asOf = asOf
        self.provisional = provisional
        self.oee = oee
        self.downtime = downtime
        self.alarms = alarms
        self.holds = holds
        self.orders = orders
        self.notes = notes
    }

    enum CodingKeys: String, CodingKey {
        case plant, shift, date, timezone, from, to, provisional, oee, downtime, alarms, holds, orders, notes
        case asOf = "as_of"
    }

    /// OEE of one scope over the shift, with the time lost to each factor.
    public struct OEERow: Sendable, Equatable, Codable {
        public enum Kind: String, Sendable, Codable { case plant, line, machine }
        public var kind: Kind
        public var id: String
        public var name: String
        public var availability: Double?
        public var performance: Double?
        public var quality: Double?
        public var oee: Double?
        public var good: Int64
        public var reject: Int64
        /// Planned busy time (PBT), seconds.
        public var plannedSeconds: Double
        /// Time lost to availability (stops, setup, idle, no data), to speed, and to rejects.
        public var availabilityLossSeconds: Double
        public var performanceLossSeconds: Double
        public var qualityLossSeconds: Double

        public init(
            kind: Kind, id: String, name: String, availability: Double?, performance: Double?, quality: Double?, oee: Double?, good: Int64,
            reject: Int64, plannedSeconds: Double, availabilityLossSeconds: Double, performanceLossSeconds: Double,
            qualityLossSeconds: Double
        ) {
            self.kind = kind
            self.id = id
            self.name = name
            self.availability = availability
            self.performance = performance
            self.quality = quality
            self.oee = oee
            self.good = good
            self.reject = reject
            self.plannedSeconds = plannedSeconds
            self.availabilityLossSeconds = availabilityLossSeconds
            self.performanceLossSeconds = performanceLossSeconds
            self.qualityLossSeconds = qualityLossSeconds
        }

        enum CodingKeys: String, CodingKey {
            case kind, id, name, availability, performance, quality, oee, good, reject
            case plannedSeconds = "planned_seconds"
            case availabilityLossSeconds = "availability_loss_seconds"
            case performanceLossSeconds = "performance_loss_seconds"
            case qualityLossSeconds = "quality_loss_seconds"
        }
    }

    /// Stops of one state and reason over the shift (unbooked `down` has no reason).
    public struct DowntimeReason: Sendable, Equatable, Codable {
        public var state: MachineState
        public var reason: String?
        public var stops: Int
        public var seconds: Double
        /// The machines it stopped longest, most affected first (at most five).
        public var machines: [String]

        public init(state: MachineState, reason: String?, stops: Int, seconds: Double, machines: [String]) {
            self.state = state
            self.reason = reason
            self.stops = stops
            self.seconds = seconds
            self.machines = machines
        }
    }

    /// The shift's alarms: how many, how they measure against ISA-18.2, and what still stands.
    public struct Alarms: Sendable, Equatable, Codable {
        public var activations: Int
        public var byPriority: [String: Int]
        /// Activations per 10 minutes on average over the shift (ISA-18.2 suggests about 1).
        public var averagePerTenMinutes: Double
        /// The busiest 10 minutes (aligned to the shift's start).
        public var peakTenMinutes: Int
        /// Share of the shift's 10-minute periods with more than 10 activations (a flood).
        public var floodShare: Double
        /// Alarms that activated 3 or more times within 60 s.
        public var chattering: [String]
        /// The alarms that activated most, most first (at most 10).
        public var top: [AlarmCount]
        /// Active, unacknowledged or shelved at the end of the report.
        public var standing: [StandingAlarm]

        public init(
            activations: Int, byPriority: [String: Int], averagePerTenMinutes: Double, peakTenMinutes: Int, floodShare: Double,
            chattering: [String], top: [AlarmCount], standing: [StandingAlarm]
        ) {
            self.activations = activations
            self.byPriority = byPriority
            self.averagePerTenMinutes = averagePerTenMinutes
            self.peakTenMinutes = peakTenMinutes
            self.floodShare = floodShare
            self.chattering = chattering
            self.top = top
            self.standing = standing
        }

        enum CodingKeys: String, CodingKey {
            case activations, chattering, top, standing
            case byPriority = "by_priority"
            case averagePerTenMinutes = "average_per_ten_minutes"
            case peakTenMinutes = "peak_ten_minutes"
            case floodShare = "flood_share"
        }
    }

    /// An alarm still standing when the report ends.
    public struct StandingAlarm: Sendable, Equatable, Codable {
        public var definition: String
        public var machine: String?
        public var priority: AlarmPriority
        /// `unacknowledged`, `acknowledged`, `rtn_unacknowledged`, `shelved`, ...
        public var state: String
        public var since: String
        public var message: String

        public init(definition: String, machine: String?, priority: AlarmPriority, state: String, since: String, message: String) {
            self.definition = definition
            self.machine = machine
            self.priority = priority
            self.state = state
            self.since = since
            self.message = message
        }
    }

    /// Quality holds placed and released during the shift.
    public struct Holds: Sendable, Equatable, Codable {
        public var placed: [HoldLine]
        public var released: [HoldLine]

        public init(placed: [HoldLine], released: [HoldLine]) {
            self.placed = placed
            self.released = released
        }
    }

    /// One hold as the report names it.
    public struct HoldLine: Sendable, Equatable, Codable {
        public var id: Int64
        /// `lot`, `order`, `machine`, `supplier_lot`.
        public var scope: String
        public var target: String
        public var reason: String
        public var by: String
        public var at: String
        /// For a released hold: its disposition (`use_as_is`, `scrap`, ...).
        public var disposition: String?

        public init(id: Int64, scope: String, target: String, reason: String, by: String, at: String, disposition: String?) {
            self.id = id
            self.scope = scope
            self.target = target
            self.reason = reason
            self.by = by
            self.at = at
            self.disposition = disposition
        }
    }

    /// Work orders finished in the shift, and those late at its end.
    public struct Orders: Sendable, Equatable, Codable {
        public var finished: [OrderLine]
        /// Open orders whose due time has passed by the end of the report, and finished orders that ended after their due time.
        public var late: [OrderLine]

        public init(finished: [OrderLine], late: [OrderLine]) {
            self.finished = finished
            self.late = late
        }
    }

    /// One order as the report names it.
    public struct OrderLine: Sendable, Equatable, Codable {
        public var id: String
        public var product: String
        public var quantity: Int
        public var good: Int64
        public var scrap: Int64
        public var due: String
        /// When its last operation ended (nil: not finished).
        public var finished: String?
        /// How late it is or was, in seconds (0: on time).
        public var lateSeconds: Int64

        public init(id: String, product: String, quantity: Int, good: Int64, scrap: Int64, due: String, finished: String?, lateSeconds: Int64) {
            self.id = id
            self.product = product
            self.quantity = quantity
            self.good = good
            self.scrap = scrap
            self.due = due
            self.finished = finished
            self.lateSeconds = lateSeconds
        }

        enum CodingKeys: String, CodingKey {
            case id, product, quantity, good, scrap, due, finished
            case lateSeconds = "late_seconds"
        }
    }
}

/// A note a shift lead leaves for the next shift: what is going on, what to watch. It may
/// name machines, orders and lots (`mentions`, found in its text). The incoming lead confirms
/// having read it; each confirmation is kept with who and when.
public struct HandoverNote: Sendable, Equatable, Codable {
    public var id: Int64
    /// The shift it was written in, and the plant-local date that shift starts on.
    public var shift: String
    public var date: String
    public var at: String
    public var user: String
    public var text: String
    /// Machines, orders and lots the text names.
    public var mentions: [String]
    public var confirmations: [Confirmation]

    public init(id: Int64, shift: String, date: String, at: String, user: String, text: String, mentions: [String], confirmations: [Confirmation]) {
        self.id = id
        self.shift = shift
        self.date = date
        self.at = at
        self.user = user
        self.text = text
        self.mentions = mentions
        self.confirmations = confirmations
    }

    /// Someone of the next shift read the notes.
    public struct Confirmation: Sendable, Equatable, Codable {
        public var user: String
        public var at: String

        public init(user: String, at: String) {
            self.user = user
            self.at = at
        }
    }
}
