import Foundation
import GRDB
import GembaCore

/// What a shift report reads besides OEE: alarm activations and each alarm's standing at a
/// time, holds placed and released in a window, orders finished in it or late at its end.
extension FloorStore {
    /// Activations (new occurrences) in [from, to), oldest first.
    public func alarmActivations(from: Timestamp, to: Timestamp) throws -> [(definition: String, at: Timestamp)] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT definition, at_ns FROM alarm_transition
                    WHERE at_ns >= ? AND at_ns < ? AND to_state = 'unacknowledged' ORDER BY at_ns, id
                    """,
                arguments: [from, to]
            ).map { ($0["definition"], $0["at_ns"]) }
        }
    }

    /// Each alarm's state as its last transition at or before `at` left it, with when.
    public func alarmStandings(at: Timestamp) throws -> [(definition: String, state: String, since: Timestamp)] {
        try pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT definition, to_state, at_ns FROM (
                      SELECT definition, to_state, at_ns, ROW_NUMBER() OVER (PARTITION BY definition ORDER BY at_ns DESC, id DESC) AS r
                      FROM alarm_transition WHERE at_ns <= ?
                    ) WHERE r = 1 ORDER BY at_ns, definition
                    """,
                arguments: [at]
            ).map { ($0["definition"], $0["to_state"], $0["at_ns"]) }
        }
    }

    /// Holds placed in [from, to), and holds released in it.
    public func holdsMoved(from: Timestamp, to: Timestamp) throws -> (placed: [ShiftReport.HoldLine], released: [ShiftReport.HoldLine]) {
        try pool.read { db in
            let placed = try Row.fetchAll(
                db, sql: "SELECT * FROM hold WHERE placed_ns >= ? AND placed_ns < ? ORDER BY placed_ns, id", arguments: [from, to]
            ).map { r in
                ShiftReport.HoldLine(
                    id: r["id"], scope: r["scope"], target: r["target"], reason: r["reason"], by: r["placed_by"],
                    at: ISOTime.format(r["placed_ns"]), disposition: nil)
            }
            let released = try Row.fetchAll(
                db, sql: "SELECT * FROM hold WHERE released_ns >= ? AND released_ns < ? ORDER BY released_ns, id", arguments: [from, to]
            ).map { r in
                ShiftReport.HoldLine(
                    id: r["id"], scope: r["scope"], target: r["target"], reason: r["reason"], by: r["released_by"] ?? "",
                    at: ISOTime.format(r["released_ns"] as Int64? ?? 0), disposition: r["disposition"])
            }
            return (placed, released)
        }
    }

    /// Orders whose last operation ended in [from, to), and orders late at `to`: open past
    /// their due time, or finished in the window after it.
    public func ordersOfShift(
        from: Timestamp, to: Timestamp, routingLength: (String) -> Int
    ) throws -> (
        finished: [ShiftReport.OrderLine], late: [ShiftReport.OrderLine]
    ) {
        try pool.read { db in
            var finished: [ShiftReport.OrderLine] = []
            var late: [ShiftReport.OrderLine] = []
            for row in try Row.fetchAll(db, sql: "SELECT * FROM work_order ORDER BY due_ns, id") {
                let o = Self.order(row)
                let ops = try Row.fetchAll(
                    db, sql: "SELECT ended_ns, good, scrap FROM operation_progress WHERE order_id = ? ORDER BY idx", arguments: [o.id])
                let ends = ops.compactMap { $0["ended_ns"] as Int64? }
                let done = o.state == .ended && !ops.isEmpty && ends.count >= max(1, routingLength(o.product))
                let end = done ? ends.max() : nil
                // The good of an order: its last operation's; its scrap: all of them.
                let good: Int64 = ops.last.map { $0["good"] } ?? 0
                let scrap: Int64 = ops.reduce(0) { $0 + ($1["scrap"] as Int64? ?? 0) }
                let lateBy = max(0, ((end ?? to) - o.due) / Nanos.perSecond)
                let line = ShiftReport.OrderLine(
                    id: o.id, product: o.product, quantity: o.quantity, good: good, scrap: scrap, due: ISOTime.format(o.due),
                    finished: end.map(ISOTime.format), lateSeconds: lateBy)
                if let end, end >= from, end < to {
                    finished.append(line)
                    if lateBy > 0 { late.append(line) }
                } else if end == nil, o.state.isOpen || o.state == .notReleased, o.due < to {
                    late.append(line)
                }
            }
            return (finished, late)
        }
    }
}
