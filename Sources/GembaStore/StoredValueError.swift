/// A value in the database that does not decode: which table, which row (by its key), which
/// column, and why. Reading it is an error, never an empty or default value in its place.
public struct StoredValueError: Error, Sendable, CustomStringConvertible {
    public var table: String
    /// The row's key, as a person would look it up (`order_id WO-1, idx 0`).
    public var row: String
    public var column: String
    /// What the value should have been and why it is not (the decoder's error).
    public var reason: String

    public init(table: String, row: String, column: String, reason: String) {
        self.table = table
        self.row = row
        self.column = column
        self.reason = reason
    }

    public var description: String { "\(table) row (\(row)): \(column) does not decode: \(reason)" }
}
