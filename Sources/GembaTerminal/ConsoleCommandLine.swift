/// The console's own command line: the options of `gemba console`, read without the CLI's
/// argument parser, so that `gemba-console` (the console-only binary `gemba console` hands
/// over to) carries nothing it does not draw with.
public enum ConsoleCommandLine {
    /// What the command line asks for.
    public enum Request: Equatable, Sendable {
        case run(Settings)
        case help
    }

    /// The options `gemba console` takes, as given.
    public struct Settings: Equatable, Sendable {
        public var runtimeDir: String?
        public var noColor = false
        public var bell = false
        public var station: String?
        /// The version of the `gemba` that handed over (`--from-gemba`, not for people): a
        /// `gemba-console` of another build refuses to run rather than misread the daemon.
        public var fromGemba: String?

        public init(runtimeDir: String? = nil, noColor: Bool = false, bell: Bool = false, station: String? = nil) {
            self.runtimeDir = runtimeDir
            self.noColor = noColor
            self.bell = bell
            self.station = station
        }

        /// The same settings as arguments (what `gemba console` passes on).
        public var arguments: [String] {
            var a: [String] = []
            if let runtimeDir { a += ["--runtime-dir", runtimeDir] }
            if noColor { a.append("--no-color") }
            if bell { a.append("--bell") }
            if let station { a += ["--station", station] }
            if let fromGemba { a += ["--from-gemba", fromGemba] }
            return a
        }
    }

    /// A command line the console cannot take, with the argument and the reason.
    public struct UsageError: Error, Equatable, CustomStringConvertible {
        public var description: String
    }

    public static let usage = """
        USAGE: gemba console [--runtime-dir <dir>] [--no-color] [--bell] [--station <station>]

        OPTIONS:
          --runtime-dir <dir>     Directory of the daemon's sockets (default: $GEMBA_RUNTIME_DIR,
                                  $XDG_RUNTIME_DIR/gemba, /run/gemba for root, /tmp/gemba-UID).
          --no-color              No colours (also when NO_COLOR is set).
          --bell                  Ring the terminal bell when a new unacknowledged alarm arrives.
          --station <station>     A line terminal: open on this machine's work queue.
          -h, --help              Show help information.
        """

    public static func parse(_ arguments: [String]) throws(UsageError) -> Request {
        var s = Settings()
        var rest = arguments[...]
        while let arg = rest.popFirst() {
            let (name, inline) = split(arg)
            func value() throws(UsageError) -> String {
                if let inline { return inline }
                guard let next = rest.popFirst(), !next.hasPrefix("--") else {
                    throw UsageError(description: "\(name) needs a value")
                }
                return next
            }
            switch name {
            case "-h", "--help": return .help
            case "--runtime-dir": s.runtimeDir = try value()
            case "--station": s.station = try value()
            case "--from-gemba": s.fromGemba = try value()
            case "--no-color", "--bell":
                if inline != nil { throw UsageError(description: "\(name) takes no value") }
                if name == "--bell" { s.bell = true } else { s.noColor = true }
            default:
                throw UsageError(description: "unknown argument \"\(arg)\" (gemba console --help lists the options)")
            }
        }
        return .run(s)
    }

    private static func split(_ arg: String) -> (String, String?) {
        guard arg.hasPrefix("--"), let eq = arg.firstIndex(of: "=") else { return (arg, nil) }
        return (String(arg[..<eq]), String(arg[arg.index(after: eq)...]))
    }
}
