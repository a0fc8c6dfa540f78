/// One metric's value as Gemba reads it, from the payload's oneof and the metric's datatype
/// (signed integers travel as two's complement of their width in `int_value`/`long_value`).
package enum SparkplugValue: Sendable, Equatable {
    /// A whole number that fits Int64.
    case integer(Int64)
    case real(Double)
    case boolean(Bool)
    case text(String)
    /// `is_null`, or no value at all.
    case null
    /// A value Gemba does not read (bytes, data sets, templates, DateTime, extensions): not
    /// the machine's, and not an error either.
    case unreadable(String)
    /// A number its data type cannot hold (an Int8 of 200, a UInt64 beyond Int64): an error,
    /// with the reason.
    case beyond(String)

    /// Data type codes of the specification Gemba reads.
    package enum DataType: UInt32, Sendable {
        case int8 = 1
        case int16 = 2
        case int32 = 3
        case int64 = 4
        case uInt8 = 5
        case uInt16 = 6
        case uInt32 = 7
        case uInt64 = 8
        case float = 9
        case double = 10
        case boolean = 11
        case string = 12
        case dateTime = 13
        case text = 14
        case uuid = 15

        /// Texts: a metric of them is not a process value (and not an error).
        var isText: Bool { self == .string || self == .text || self == .uuid }
    }

    /// The value as a process value: numbers, and booleans as 0 or 1; nil for the rest.
    package var number: Double? {
        switch self {
        case .integer(let v): return Double(v)
        case .real(let v): return v.isFinite ? v : nil
        case .boolean(let v): return v ? 1 : 0
        default: return nil
        }
    }

    package var describe: String {
        switch self {
        case .integer(let v): return "\(v)"
        case .real(let v): return "\(v)"
        case .boolean(let v): return "\(v)"
        case .text(let v): return "\"\(v)\""
        case .null: return "null"
        case .unreadable(let what): return what
        case .beyond(let why): return why
        }
    }
}
