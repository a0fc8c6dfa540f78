/// A plant configuration the daemon refuses, with the place and the reason.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(file: String, line: Int, column: Int, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `plant.yaml:12:9: duplicate machine id "press-01" (first at line 8)`: the form editors jump to.
    public var description: String { "\(file):\(line):\(column): \(message)" }
}

/// Every error found in one file; the loader reports them all, not only the first.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigError]

    public init(_ errors: [ConfigError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
