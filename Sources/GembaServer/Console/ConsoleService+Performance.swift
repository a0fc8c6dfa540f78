import GembaCore
import GembaStore

/// `performance`: production performance of a window for the ERP, read from the orders'
/// progress and the genealogy.
extension ConsoleService {
    func performance(_ r: Requests.Performance) throws(ProtocolError) -> ProductionPerformance {
        let (from, to) = try window(r.from, r.to, what: "performance")
        if let id = r.order {
            let known: Bool
            do {
                known = try store.orders().contains { $0.id == id }
            } catch {
                throw ProtocolError(code: "store_error", message: "the orders cannot be read: \(error)")
            }
            guard known else { throw ProtocolError(code: "unknown_order", message: "no order \"\(id)\"") }
        }
        do {
            return try store.productionPerformance(plant: floor.plant, from: from, to: to, order: r.order, published: clock())
        } catch {
            throw ProtocolError(code: "store_error", message: "production performance cannot be read: \(error)")
        }
    }
}
