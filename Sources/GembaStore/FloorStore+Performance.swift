import Foundation
import GRDB
import GembaCore

/// Production performance for the ERP (`gemba export performance`): the orders that ran in a
/// window, each with every operation's actual times, machine, good and scrap, and the lots it
/// consumed and produced from the genealogy, read in one transaction.
extension FloorStore {
    public func productionPerformance(
        plant: PlantConfig, from: Timestamp, to: Timestamp, order: String?, published: Timestamp
    ) throws -> ProductionPerformance {
        try pool.read { db in
            var sql = """
                SELECT DISTINCT order_id FROM operation_progress
                WHERE started_ns IS NOT NULL AND started_ns < ? AND (ended_ns IS NULL OR ended_ns > ?)
                """
            var arguments: StatementArguments = [to, from]
            if let order {
                sql += " AND order_id = ?"
                arguments += [order]
            }
            let ids = try String.fetchAll(db, sql: sql + " ORDER BY order_id", arguments: arguments)
            var orders: [ProductionPerformance.Order] = []
            for id in ids {
                guard let row = try Row.fetchOne(db, sql: "SELECT * FROM work_order WHERE id = ?", arguments: [id]) else { continue }
                let o = Self.order(row)
                let product = plant.product(o.product)
                var operations: [ProductionPerformance.Operation] = []
                for r in try Row.fetchAll(db, sql: "SELECT * FROM operation_progress WHERE order_id = ? ORDER BY idx", arguments: [id]) {
                    let index: Int = r["idx"]
                    let routing = product?.routing ?? []
                    let name = routing.indices.contains(index) ? routing[index].operation : "operation \(index + 1)"
                    let machine: String = r["machine"]
                    let consumed = try Row.fetchAll(
                        db,
                        sql: """
                            SELECT k.parent AS lot, l.material AS material, sum(k.quantity) AS quantity, l.unit AS unit
                            FROM lot_link k JOIN lot l ON l.id = k.parent
                            WHERE k.kind = 'consumed' AND k.work_order = ? AND k.operation = ?
                            GROUP BY k.parent ORDER BY min(k.id)
                            """, arguments: [id, name]
                    ).map { ProductionPerformance.LotQuantity(lot: $0["lot"], material: $0["material"], quantity: $0["quantity"], unit: $0["unit"]) }
                    let produced = try Row.fetchAll(
                        db, sql: "SELECT id, material, quantity, unit FROM lot WHERE work_order = ? AND operation = ? ORDER BY created_ns, id",
                        arguments: [id, name]
                    ).map { ProductionPerformance.LotQuantity(lot: $0["id"], material: $0["material"], quantity: $0["quantity"], unit: $0["unit"]) }
                    operations.append(
                        ProductionPerformance.Operation(
                            index: index, name: name, state: r["state"], machine: machine, line: plant.line(ofMachine: machine)?.id,
                            start: r["started_ns"], end: r["ended_ns"], good: r["good"], scrap: r["scrap"], consumed: consumed, produced: produced))
                }
                let start = operations.compactMap(\.start).min()
                // The order's end: its last operation's, once every operation of its routing has ended.
                let steps = product?.routing.count ?? operations.count
                let allEnded = operations.count >= steps && operations.allSatisfy { $0.end != nil }
                let end = allEnded ? operations.compactMap(\.end).max() : nil
                // Only what ran in the window: an operation of the shift before is that shift's document's.
                let ran = operations.filter { op in (op.start.map { $0 < to } ?? false) && (op.end.map { $0 > from } ?? true) }
                orders.append(
                    ProductionPerformance.Order(
                        id: o.id, product: o.product, productName: product?.name ?? o.product, quantity: o.quantity, due: o.due, state: o.state,
                        start: start, end: end, operations: ran))
            }
            return ProductionPerformance(plant: plant.plant, from: from, to: to, published: published, orders: orders)
        }
    }
}
