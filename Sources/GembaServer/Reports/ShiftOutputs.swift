import Dispatch
import Foundation
import GembaCore
import GembaExchange
import GembaStore
import Logging
import NIOConcurrencyHelpers
import NIOPosix

/// What the daemon writes and reads on its own: at each shift's end (once its last data is in)
/// the shift report in the plant file's formats and, for an ERP that exchanges files, the
/// shift's B2MML performance document; and the orders an ERP drops into its inbox. Each file
/// is written whole (a temporary name, then renamed), and one that exists is never rewritten,
/// so a restart writes what it missed and nothing twice.
final class ShiftOutputs: Sendable {
    private let service: ConsoleService
    private let reportsFolder: String?
    private let formats: [ReportsConfig.Format]
    private let erp: ERPConfig?
    private let logger: Logger
    /// The end of the last shift whose outputs are written, and whether a write is under way.
    private let handled = NIOLockedValueBox<(end: Timestamp?, busy: Bool)>((nil, false))
    /// When the shift calendar was last asked, on the monotonic clock (once a second is enough;
    /// the flusher ticks faster). Not the daemon's clock: a scripted one stands still.
    private let lastLook = NIOLockedValueBox<UInt64>(0)
    private let inbox: ERPInbox?
    /// Data of the last minutes of a shift may still be on its way: its outputs wait this long.
    static let grace: Timestamp = 30 * Nanos.perSecond
    /// A shift that ended while the daemon was down is written once it has run this long (its
    /// feeds send what they kept meanwhile first).
    static let catchUp: Timestamp = 120 * Nanos.perSecond
    private let started: Timestamp

    init(service: ConsoleService, plant: PlantConfig, databasePath: String, started: Timestamp, logger: Logger) {
        self.service = service
        self.started = started
        let reports = plant.reports
        self.reportsFolder =
            reports.enabled ? reports.folder ?? (URL(fileURLWithPath: databasePath).deletingLastPathComponent().path + "/reports") : nil
        self.formats = reports.formats
        self.erp = plant.erp
        self.logger = logger
        self.inbox = plant.erp?.inbox.map { ERPInbox(folder: $0, service: service, logger: logger) }
    }

    /// From the flusher: starts the outputs of a shift that ended, and a look into the inbox, on `pool`.
    func tick(now: Timestamp, pool: NIOThreadPool) {
        inbox?.tick(now: now, pool: pool)
        let monotonic = DispatchTime.now().uptimeNanoseconds
        let due = lastLook.withLockedValue { last in
            guard last == 0 || monotonic &- last >= UInt64(Nanos.perSecond) else { return false }
            last = monotonic
            return true
        }
        guard due, reportsFolder != nil || erp?.outbox != nil, let shift = service.floor.calendar.previous(before: now),
            now >= shift.end.clampedAdding(Self.grace), !service.floor.backfilling,
            shift.end >= started || now >= started.clampedAdding(Self.catchUp)
        else { return }
        let start = handled.withLockedValue { h -> Bool in
            guard h.end != shift.end, !h.busy else { return false }
            h.busy = true
            return true
        }
        guard start else { return }
        pool.submit { [self] state in
            defer { handled.withLockedValue { $0 = (shift.end, false) } }
            guard case .active = state else { return }
            write(shift, now: now)
        }
    }

    /// `<date>-<shift>` with anything but letters, digits, `.`, `-` and `_` made `_`.
    static func name(_ shift: ShiftInstance) -> String {
        String((shift.date + "-" + shift.name).map { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) ? $0 : "_" })
    }

    func write(_ shift: ShiftInstance, now: Timestamp) {
        let base = Self.name(shift)
        if let folder = reportsFolder {
            let missing = formats.filter { !FileManager.default.fileExists(atPath: "\(folder)/\(base).\($0.fileExtension)") }
            if !missing.isEmpty {
                do throws(ProtocolError) {
                    let report = try service.shiftReport(shift, now: now)
                    for f in missing {
                        save(ShiftReportRenderer.render(report, as: f), to: "\(folder)/\(base).\(f.fileExtension)", what: "shift report")
                    }
                } catch {
                    logger.error("the shift report was not written", metadata: ["shift": .string(base), "reason": .string(error.message)])
                }
            }
        }
        if let outbox = erp?.outbox, !FileManager.default.fileExists(atPath: "\(outbox)/performance-\(base).xml") {
            do {
                let p = try service.store.productionPerformance(
                    plant: service.floor.plant, from: shift.start, to: shift.end, order: nil, published: now)
                if p.orders.isEmpty {
                    logger.info("no order ran in the shift: no performance document", metadata: ["shift": .string(base)])
                } else {
                    save(B2MMLPerformance.xml(p), to: "\(outbox)/performance-\(base).xml", what: "performance document")
                }
            } catch {
                logger.error("the performance document was not written", metadata: ["shift": .string(base), "reason": .string("\(error)")])
            }
        }
    }

    /// Writes `text` whole: to a temporary name in the folder (made when missing), then renamed.
    private func save(_ text: String, to path: String, what: String) {
        let url = URL(fileURLWithPath: path)
        do {
            // For the people and the ERP account of the daemon's group (the daemon's umask is 077).
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true, attributes: [.posixPermissions: 0o750])
            let partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).partial")
            try Data(text.utf8).write(to: partial)
            // Only written when missing: a rename gives it its name whole.
            try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: partial.path)
            try FileManager.default.moveItem(at: partial, to: url)
            logger.info("\(what) written", metadata: ["file": .string(path)])
        } catch {
            logger.error("\(what) not written", metadata: ["file": .string(path), "reason": .string(error.localizedDescription)])
        }
    }
}
