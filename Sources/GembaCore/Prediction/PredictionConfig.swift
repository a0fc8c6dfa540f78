/// The plant file's `prediction:` section: how far back the trend of a value with an alarm
/// limit is worked out (`window`), and how far ahead a crossing raises the `predicted` alarm
/// (`horizon`). Every value alarm (above, below, hi, hihi, lo, lolo) gets its prediction
/// unless it says `predict: false`, or the plant says `prediction: off`.
public struct PredictionConfig: Sendable, Equatable {
    public var enabled = true
    public var window: Seconds = 2 * 3600
    public var horizon: Seconds = 4 * 3600
    /// The priority of every predicted alarm: advisory by default (ISA-18.2 keeps high
    /// priorities for what needs action now).
    public var priority = AlarmPriority.low

    public init() {}

    /// Minute means a trend needs: a sixth of the window, and at least 10.
    public var minimumPoints: Int { max(10, Int(window / 60) / 6) }

    /// The id of the predicted alarm of value alarm `id`.
    public static func alarmID(of id: String) -> String { "predicted-" + id }

    /// The predicted alarms of `alarms`' value alarms (those in `except` opted out).
    public func definitions(for alarms: [AlarmDefinition], except: Set<String> = []) -> [AlarmDefinition] {
        guard enabled else { return [] }
        return alarms.compactMap { d in
            guard case .limit(let value, let kind, let limit, _) = d.condition, !except.contains(d.id) else { return nil }
            return AlarmDefinition(
                id: Self.alarmID(of: d.id), machine: d.machine, condition: .predicted(alarm: d.id), priority: priority,
                message: "Predicted: \(d.message)",
                suppressWhen: d.suppressWhen)
        }
    }
}
