/// What `gemba reload` applied from the plant file, and what waits for a restart.
public struct ReloadResult: Sendable, Equatable, Codable {
    public var file: String
    /// What changed and was applied (`roles`, `alarm press-01-oil-hot added`, ...).
    public var changed: [String]
    /// Sections that changed but only take effect at the next start (lines, shifts, listeners, ...).
    public var pendingRestart: [String]
    public var audit: Int64

    enum CodingKeys: String, CodingKey {
        case file, changed
        case pendingRestart = "pending_restart"
        case audit
    }

    public init(file: String, changed: [String], pendingRestart: [String], audit: Int64) {
        self.file = file
        self.changed = changed
        self.pendingRestart = pendingRestart
        self.audit = audit
    }
}
