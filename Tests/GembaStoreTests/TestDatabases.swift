import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Where the store tests put their databases: one folder per test process, each database
/// in its own subfolder, the whole folder removed when the process exits (the tests leave
/// nothing behind in /tmp).
enum TestDatabases {
    static let root: String = {
        let path = NSTemporaryDirectory() + "gemba-store-tests-\(getpid())"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        atexit {
            try? FileManager.default.removeItem(atPath: NSTemporaryDirectory() + "gemba-store-tests-\(getpid())")
        }
        return path
    }()

    /// A fresh database path in a folder of its own.
    static func path() -> String {
        let dir = root + "/" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + "/gemba.db"
    }
}
