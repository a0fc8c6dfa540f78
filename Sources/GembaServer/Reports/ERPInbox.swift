import Foundation
import GembaCore
import Logging
import NIOConcurrencyHelpers
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// The ERP's drop folder: each file placed in it (CSV, JSON or a B2MML schedule) is imported as
/// `gemba import orders` would, all of it or none, and moved to `done/`, or to `failed/` with a
/// `.error` file beside it saying why. A file is taken once it has stopped changing for a few
/// seconds (an ERP may still be writing it); hidden files and names ending `.tmp`, `.part` or
/// `.partial` are left alone.
final class ERPInbox: Sendable {
    let folder: String
    private let service: ConsoleService
    private let logger: Logger
    private let state = NIOLockedValueBox<(lastLook: Timestamp, busy: Bool)>((0, false))
    /// Files taken whose move out of the inbox failed: not taken again.
    private let taken = NIOLockedValueBox<Set<String>>([])
    /// Entries that are not files, named in the log once.
    private let reported = NIOLockedValueBox<Set<String>>([])
    /// How often the folder is looked into, and how long a file must be unchanged.
    static let interval: Timestamp = 2 * Nanos.perSecond
    static let settled: TimeInterval = 2
    /// A bigger file is not an order list.
    static let maximumBytes = 16 << 20
    /// Who the imports are recorded as in the audit trail.
    static let identity = Identity(
        credentials: PeerCredentials(pid: getpid(), uid: getuid(), gid: getgid(), user: "erp-inbox"), groups: [], roles: [.admin])

    init(folder: String, service: ConsoleService, logger: Logger) {
        self.folder = folder
        self.service = service
        self.logger = logger
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            logger.error(
                "the ERP inbox cannot be made: files dropped there will not be imported",
                metadata: ["folder": .string(folder), "reason": .string(error.localizedDescription)])
        }
    }

    func tick(now: Timestamp, pool: NIOThreadPool) {
        let due = state.withLockedValue { s -> Bool in
            guard !s.busy, now.clampedSubtracting(s.lastLook) >= Self.interval || now < s.lastLook else { return false }
            s = (now, true)
            return true
        }
        guard due else { return }
        pool.submit { [self] st in
            defer { state.withLockedValue { $0.busy = false } }
            guard case .active = st else { return }
            look()
        }
    }

    /// Imports every settled file in the folder, oldest first.
    func look() {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: folder) else { return }  // a missing inbox is said at start; nothing to take
        var files: [(name: String, modified: Date)] = []
        for name in names where !name.hasPrefix(".") && ![".tmp", ".part", ".partial"].contains(where: { name.hasSuffix($0) }) {
            guard let a = try? fm.attributesOfItem(atPath: "\(folder)/\(name)"),  // gone since the listing: the next look
                let modified = a[.modificationDate] as? Date
            else { continue }
            guard a[.type] as? FileAttributeType == .typeRegular else {
                // A folder, a link or a pipe is not an ERP's file: said once, left where it is.
                if !["done", "failed"].contains(name), reported.withLockedValue({ $0.insert(name).inserted }) {
                    logger.warning("not a regular file in the ERP inbox: left alone", metadata: ["file": .string(name)])
                }
                continue
            }
            if Date().timeIntervalSince(modified) >= Self.settled { files.append((name, modified)) }
        }
        let skip = taken.withLockedValue { $0 }
        for f in files.sorted(by: { ($0.modified, $0.name) < ($1.modified, $1.name) }) where !skip.contains(f.name) { take(f.name) }
    }

    private func take(_ name: String) {
        let path = "\(folder)/\(name)"
        var failure: String?
        var imported: [String] = []
        if let data = FileManager.default.contents(atPath: path) {
            if data.count > Self.maximumBytes {
                failure = "\(name): \(data.count) bytes; an order file has at most \(Self.maximumBytes >> 20) MiB"
            } else if let text = String(data: data, encoding: .utf8) {
                do throws(ProtocolError) {
                    imported = try service.importOrders(Requests.ImportOrders(text: text, file: name), identity: Self.identity).orders
                } catch {
                    failure = error.message
                }
            } else {
                failure = "\(name): not UTF-8 text (the ERP should write UTF-8)"
            }
        } else {
            failure = "\(name): cannot be read by the daemon's user"
        }
        let target = failure == nil ? "done" : "failed"
        let moved = move(name, to: target)
        if let failure {
            let note = "\(ISOTime.format(service.clock())) \(name) was not imported; nothing of it was:\n\(failure)\n"
            do {
                try Data(note.utf8).write(to: URL(fileURLWithPath: "\(folder)/failed/\(moved).error"))
                try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: "\(folder)/failed/\(moved).error")
            } catch {
                logger.error("the .error file was not written", metadata: ["file": .string(name), "reason": .string(error.localizedDescription)])
            }
            logger.warning("ERP file not imported", metadata: ["file": .string(name), "reason": .string(failure)])
        } else {
            logger.info("ERP file imported", metadata: ["file": .string(name), "orders": .stringConvertible(imported.count)])
        }
    }

    /// Moves the file into `done/` or `failed/` (made when missing) under a name not taken
    /// there yet; returns that name.
    private func move(_ name: String, to sub: String) -> String {
        let fm = FileManager.default
        let dir = "\(folder)/\(sub)"
        var target = name
        var k = 1
        while fm.fileExists(atPath: "\(dir)/\(target)") {
            k += 1
            target = "\(name).\(k)"
        }
        do {
            // Readable by the daemon's group (the ERP's account): the daemon's umask is 077.
            try fm.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
            try fm.moveItem(atPath: "\(folder)/\(name)", toPath: "\(dir)/\(target)")
        } catch {
            taken.withLockedValue { _ = $0.insert(name) }
            logger.error("ERP file not moved out of the inbox", metadata: ["file": .string(name), "reason": .string(error.localizedDescription)])
        }
        return target
    }
}
