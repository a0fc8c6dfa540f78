import GembaCore
import NIOConcurrencyHelpers

/// `/metrics`: the floor as the consoles see it, with the running shift's OEE as `gemba oee`
/// computes it, in the exposition format the scraper asked for.
extension ConsoleService {
    public func metricsText(_ format: MetricsExposition.Format) -> String {
        let now = clock()
        let key = format == .openMetrics ? "openmetrics" : "prometheus"
        if let cached = metricsCache.withLockedValue({ $0[key] }), now >= cached.at, now - cached.at < Nanos.perSecond { return cached.text }
        let text = renderMetrics(format, now: now)
        metricsCache.withLockedValue { $0[key] = (now, text) }
        return text
    }

    private func renderMetrics(_ format: MetricsExposition.Format, now: Timestamp) -> String {
        let snap = snapshot()
        let board: OEEBoard
        do {
            board = try OEEService(floor: floor, store: store, clock: { now }).board(convention: .iso)
        } catch {
            // The figures that need the database are left out; the live ones are still served.
            board = OEEBoard(current: snap.shift, last: nil, convention: .iso, rows: [])
        }
        return MetricsExposition.render(.init(snapshot: snap, board: board, now: now, version: snap.daemon?.version ?? "unknown"), format: format)
    }
}
