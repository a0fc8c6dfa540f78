/// The one directory holding a daemon's sockets and lock file: where the daemon listens
/// and where every client (the console, each CLI verb) looks for it.
///
/// Resolved as: `--runtime-dir`, else `GEMBA_RUNTIME_DIR`, else
/// `$XDG_RUNTIME_DIR/gemba`, else `/run/gemba` for root, else `/tmp/gemba-UID`.
/// Unix socket paths are limited to 107 bytes, so the daemon refuses longer ones
/// up front with a message instead of failing at bind.
public struct RuntimeDirectory: Sendable, Equatable {
    public let path: String

    public init(path: String) { self.path = path }

    public static func resolve(explicit: String?, environment: [String: String], uid: UInt32) -> RuntimeDirectory {
        if let e = explicit, !e.isEmpty { return RuntimeDirectory(path: e) }
        if let e = environment["GEMBA_RUNTIME_DIR"], !e.isEmpty { return RuntimeDirectory(path: e) }
        if let x = environment["XDG_RUNTIME_DIR"], !x.isEmpty { return RuntimeDirectory(path: x + "/gemba") }
        if uid == 0 { return RuntimeDirectory(path: "/run/gemba") }
        return RuntimeDirectory(path: "/tmp/gemba-\(uid)")
    }

    public var telemetrySocket: String { path + "/telemetry.sock" }
    public var consoleSocket: String { path + "/console.sock" }
    public var lockFile: String { path + "/gemba.lock" }

    /// The longest socket path the kernel takes (sun_path less its terminating NUL).
    public static let maximumSocketPath = 107
}
