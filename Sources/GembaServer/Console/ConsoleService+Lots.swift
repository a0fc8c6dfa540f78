import Foundation
import GembaCore
import GembaStore
import NIOConcurrencyHelpers

/// Lot movements, traces and quality holds.
extension ConsoleService {
    func lot(_ r: Requests.LotQuery) throws(ProtocolError) -> Lot {
        let found: Lot?
        do { found = try store.lot(r.lot) } catch { throw ProtocolError(code: "store_error", message: "cannot read lot \(r.lot): \(error)") }
        guard let found else { throw ProtocolError(code: "unknown_lot", message: "no lot \(r.lot)") }
        return found
    }

    func holds() throws(ProtocolError) -> [Hold] {
        do { return try store.holds() } catch { throw ProtocolError(code: "store_error", message: "cannot read the holds: \(error)") }
    }

    private func record(_ identity: Identity, _ action: String, _ object: String, after: String?, comment: String? = nil) -> AuditRecord {
        AuditRecord(
            seq: 0, at: clock(), user: identity.user, uid: identity.uid, role: identity.roleText, action: action, object: object, after: after,
            comment: comment)
    }

    private func material(_ id: String?) throws(ProtocolError) -> MaterialConfig {
        guard let id, let m = floor.plant.material(id) else {
            let known = (floor.plant.materials.map(\.id) + floor.plant.products.map(\.id)).joined(separator: ", ")
            throw ProtocolError(code: "unknown_material", message: "material \"\(id ?? "")\" is not in the plant file (materials: \(known))")
        }
        return m
    }

    /// Runs one lot movement, turning the lot rules' refusals into audited protocol errors.
    private func movement<T>(_ action: String, lot: String, identity: Identity, _ body: () throws -> T) throws(ProtocolError) -> T {
        do {
            return try body()
        } catch let e as ProtocolError {
            throw e
        } catch let e as Refusal {
            throw ProtocolError(code: e.code, message: e.message)  // audited with the request, as every refusal
        } catch let e as LotError {
            throw ProtocolError(code: "refused", message: e.message)
        } catch {
            throw ProtocolError(code: "store_error", message: "nothing was recorded: \(error)")
        }
    }

    private func checkNewLot(_ id: String) throws(ProtocolError) {
        if let problem = LotRules.idProblem(id) { throw ProtocolError(code: "bad_request", message: problem) }
    }

    func receive(_ r: Requests.LotReceive, identity: Identity) throws(ProtocolError) -> LotMovement {
        try checkNewLot(r.lot)
        let m = try material(r.material)
        let after = "\(DurationText.number(r.amount)) \(m.unit) \(m.id) from \(r.supplier ?? "?") lot \(r.supplierLot ?? "?")"
        return try movement(type(of: r).type, lot: r.lot, identity: identity) {
            let lot = try store.receiveLot(
                r.lot, material: m, quantity: r.amount, supplier: r.supplier, supplierLot: r.supplierLot, user: identity.user, at: clock(),
                audit: record(identity, "receive_lot", "lot:\(r.lot)", after: after))
            return LotMovement(lots: [lot], shipment: nil)
        }
    }

    func produce(_ r: Requests.LotProduce, identity: Identity) throws(ProtocolError) -> LotMovement {
        try checkNewLot(r.lot)
        let m = try material(r.material)
        let inputs = try (r.lots ?? []).map { (l: LotQuantity) throws(ProtocolError) -> (lot: String, quantity: Double) in
            guard let q = l.quantity else { throw ProtocolError(code: "bad_request", message: "input \(l.lot) needs a quantity (LOT:QTY)") }
            return (l.lot, q)
        }
        if let machine = r.machine, !floor.plant.machines.contains(where: { $0.id == machine }) {
            throw ProtocolError(code: "unknown_machine", message: "no machine \"\(machine)\" in this plant")
        }
        let after =
            "\(DurationText.number(r.amount)) \(m.unit) \(m.id) from \(inputs.map { "\($0.lot):\(DurationText.number($0.quantity))" }.joined(separator: ", "))"
        return try movement(type(of: r).type, lot: r.lot, identity: identity) {
            // The operation's name from the order's routing, when the request says which step it was.
            let order = try r.order.flatMap { id in try store.orders().first { $0.id == id } }
            let operation = order.flatMap { floor.plant.product($0.product) }.flatMap { p in r.index.flatMap { p.routing[safe: $0]?.operation } }
            let lot = try store.produceLot(
                r.lot, material: m, quantity: r.amount, inputs: inputs, machine: r.machine, workOrder: r.order, operation: operation,
                user: identity.user, at: clock(), audit: record(identity, "produce_lot", "lot:\(r.lot)", after: after))
            return LotMovement(lots: [lot], shipment: nil)
        }
    }

    func split(_ r: Requests.LotSplit, identity: Identity) throws(ProtocolError) -> LotMovement {
        let parts = try r.lots.map { (l: LotQuantity) throws(ProtocolError) -> (lot: String, quantity: Double) in
            guard let q = l.quantity else { throw ProtocolError(code: "bad_request", message: "part \(l.lot) needs a quantity (NEW:QTY)") }
            try checkNewLot(l.lot)
            return (l.lot, q)
        }
        return try movement(type(of: r).type, lot: r.lot, identity: identity) {
            let lots = try store.splitLot(
                r.lot, into: parts, user: identity.user, at: clock(),
                audit: record(
                    identity, "split_lot", "lot:\(r.lot)",
                    after: parts.map { "\($0.lot):\(DurationText.number($0.quantity))" }.joined(separator: ", ")))
            return LotMovement(lots: lots, shipment: nil)
        }
    }

    func merge(_ r: Requests.LotMerge, identity: Identity) throws(ProtocolError) -> LotMovement {
        try checkNewLot(r.lot)
        let from = r.lots.map(\.lot)
        return try movement(type(of: r).type, lot: r.lot, identity: identity) {
            let lot = try store.mergeLots(
                into: r.lot, from: from, user: identity.user, at: clock(),
                audit: record(identity, "merge_lots", "lot:\(r.lot)", after: "from \(from.joined(separator: ", "))"))
            return LotMovement(lots: [lot], shipment: nil)
        }
    }

    func ship(_ r: Requests.LotShip, identity: Identity) throws(ProtocolError) -> LotMovement {
        guard !r.customerOrder.isEmpty else { throw ProtocolError(code: "bad_request", message: "shipping needs a customer order") }
        return try movement(type(of: r).type, lot: r.lot, identity: identity) {
            let s = try store.shipLot(
                r.lot, customerOrder: r.customerOrder, user: identity.user, at: clock(),
                audit: record(identity, "ship_lot", "lot:\(r.lot)", after: "to \(r.customerOrder)"))
            return LotMovement(lots: [try store.lot(r.lot)].compactMap { $0 }, shipment: s)
        }
    }

    func trace(_ r: Requests.TraceQuery) throws(ProtocolError) -> Trace {
        let forward = r.direction != "backward"
        do {
            if let machine = r.machine {
                let (f, t) = try window(r.from, r.to, what: "a machine trace")
                let lots = try store.lotsProduced(machine: machine, from: f, to: t)
                return try store.trace(lots, forward: forward)
            }
            guard let id = r.lot else { throw ProtocolError(code: "bad_request", message: "trace needs a lot, or a machine with from and to") }
            guard try store.lot(id) != nil else { throw ProtocolError(code: "unknown_lot", message: "no lot \(id)") }
            return try store.trace([id], forward: forward)
        } catch let e as ProtocolError {
            throw e
        } catch {
            throw ProtocolError(code: "store_error", message: "\(error)")
        }
    }

    func placeHold(_ r: Requests.HoldPlace, identity: Identity) throws(ProtocolError) -> Hold {
        let scope = r.scope ?? "lot"
        guard let target = r.target ?? r.lot ?? r.machine ?? r.order, !target.isEmpty else {
            throw ProtocolError(code: "bad_request", message: "a hold needs what it holds: a lot, an order, a machine or a supplier lot")
        }
        guard let reason = r.reason, !reason.isEmpty else { throw ProtocolError(code: "comment_required", message: "a hold needs a reason") }
        var from: Timestamp?
        var to: Timestamp?
        if scope == "machine" {
            (from, to) = try window(r.from, r.to, what: "a machine hold")
        }
        do {
            let hold = try store.placeHold(
                scope: scope, target: target, from: from, to: to, reason: reason, reasonCode: r.comment, contain: r.contain ?? false,
                user: identity.user,
                at: clock(), audit: record(identity, "place_hold", "\(scope):\(target)", after: nil, comment: reason))
            scheduler.withLockedValue { $0 }?.request("hold #\(hold.id) placed")
            return hold
        } catch let e as LotError {
            throw ProtocolError(code: "refused", message: e.message)
        } catch {
            throw ProtocolError(code: "store_error", message: "\(error)")
        }
    }

    func releaseHold(_ r: Requests.HoldRelease, identity: Identity) throws(ProtocolError) -> Hold {
        let now = clock()
        do {
            let hold = try store.releaseHold(r.hold) { context throws(Refusal) in
                try HoldDecision.release(r.hold, disposition: r.disposition, comment: r.comment, context: context, by: identity.actor, at: now)
            }
            scheduler.withLockedValue { $0 }?.request("hold #\(r.hold) released")
            return hold
        } catch let e as Refusal {
            throw ProtocolError(code: e.code, message: e.message)
        } catch {
            throw ProtocolError(code: "store_error", message: "hold #\(r.hold) is unchanged: \(error)")
        }
    }
}
