import Foundation
import GembaCore
import GembaTerminal

#if canImport(Glibc)
import Glibc
#endif

/// `gemba console` hands the terminal over to `gemba-console`, the console-only binary
/// built beside it, so that a line terminal runs without the daemon's code in memory
/// (docs/reliability.md: under 20 MB resident instead of about 30). Without that binary
/// the console runs in this process, as before.
enum ConsoleHandOver {
    /// `gemba-console` in this executable's own directory, if it is there and executable.
    static func sibling() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        let me = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let candidate = (me as NSString).deletingLastPathComponent + "/gemba-console"
        return access(candidate, X_OK) == 0 ? candidate : nil
    }

    /// Replaces this process with `gemba-console` and the same settings; returns only if
    /// that could not be done (the caller then runs the console itself).
    static func exec(_ path: String, _ settings: ConsoleCommandLine.Settings) {
        var settings = settings
        settings.fromGemba = GembaVersion.current
        let arguments = [path] + settings.arguments
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) }
        argv.append(nil)
        execv(path, argv)
        for p in argv { free(p) }
    }
}
