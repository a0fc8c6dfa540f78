/// The secret that anchors the audit trail, kept in a file outside the database (mode 600,
/// the daemon's user only): whoever can write the database but not read this file cannot
/// rewrite the trail unnoticed. The file also says from which record the trail is anchored,
/// so that stripping the anchors is noticed too. Its text:
///
///     gemba-audit-key 1
///     key <64 hex digits>
///     from <record number>
public struct AuditKey: Sendable, Equatable {
    public var bytes: [UInt8]
    /// The first record anchored with this key.
    public var from: Int64

    public init(bytes: [UInt8], from: Int64) {
        self.bytes = bytes
        self.from = from
    }

    /// The file's text.
    public var text: String { "gemba-audit-key 1\nkey \(HexText.encode(bytes))\nfrom \(from)\n" }

    /// Reads the file's text; nil with the reason when it is not an audit key.
    public static func parse(_ text: String) -> Result<AuditKey, AuditKeyError> {
        let lines = text.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        guard lines.first == ["gemba-audit-key", "1"] else { return .failure(AuditKeyError("it does not start with \"gemba-audit-key 1\"")) }
        var key: [UInt8]?
        var from: Int64?
        for l in lines.dropFirst() where l.count == 2 {
            if l[0] == "key" { key = HexText.decode(l[1]) }
            if l[0] == "from" { from = Int64(l[1]) }
        }
        guard let key, key.count >= 32 else { return .failure(AuditKeyError("its key line is missing or shorter than 32 bytes")) }
        guard let from, from >= 1 else { return .failure(AuditKeyError("its from line is missing")) }
        return .success(AuditKey(bytes: key, from: from))
    }
}

/// Why an audit key file cannot be used.
public struct AuditKeyError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
