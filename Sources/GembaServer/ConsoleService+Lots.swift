import Foundation
import GembaCore
import GembaStore
import NIOConcurrencyHelpers

/// Lot movements, traces and quality holds.
extension ConsoleService {
    func lotRequest(_ r: ClientRequest, identity: Identity) -> Data {
        do throws(ProtocolError) {
            switch r.type {
            case "trace": return Self.encode(Reply(id: r.id, result: try trace(r)))
            case "holds":
                do { return Self.encode(Reply(id: r.id, result: try store.holds())) } catch { throw ProtocolError(code: "store_error", message: "\(error)") }
            case "lot":
                guard let id = r.lot else { throw ProtocolError(code: "bad_request", message: "lot needs \"lot\"") }
                let found: Lot?
                do { found = try store.lot(id) } catch { throw ProtocolError(code: "store_error", message: "\(error)") }
                guard let found else { throw ProtocolError(code: "unknown_lot", message: "no lot \(id)") }
                return Self.encode(Reply(id: r.id, result: found))
            case "hold_place":
                try authorize(.placeHold, identity: identity, object: "\(r.scope ?? "lot"):\(r.target ?? "?")", comment: r.reason)
                return Self.encode(Reply(id: r.id, result: try placeHold(r, identity: identity)))
            case "hold_release":
                try authorize(.releaseHold, identity: identity, object: "hold:\(r.hold.map(String.init) ?? "?")", comment: r.comment)
                return Self.encode(Reply(id: r.id, result: try releaseHold(r, identity: identity)))
            default:
                try authorize(.moveLots, identity: identity, object: "lot:\(r.lot ?? "?")")
                return Self.encode(Reply(id: r.id, result: try moveLot(r, identity: identity)))
            }
        } catch {
            return Self.encode(ErrorReply(id: r.id, error: error))
        }
    }

    private func record(_ identity: Identity, _ action: String, _ object: String, after: String?, comment: String? = nil) -> AuditRecord {
        AuditRecord(
            seq: 0, at: clock(), user: identity.user, uid: identity.uid, role: identity.roleText, action: action, object: object, after: after,
            comment: comment)
    }

    private func material(_ id: String?) throws(ProtocolError) -> MaterialConfig {
        guard let id, let m = core.plant.material(id) else {
            let known = (core.plant.materials.map(\.id) + core.plant.products.map(\.id)).joined(separator: ", ")
            throw ProtocolError(code: "unknown_material", message: "material \"\(id ?? "")\" is not in the plant file (materials: \(known))")
        }
        return m
    }

    /// lot_receive, lot_produce, lot_split, lot_merge, lot_ship.
    func moveLot(_ r: ClientRequest, identity: Identity) throws(ProtocolError) -> LotMovement {
        guard let id = r.lot, !id.isEmpty else { throw ProtocolError(code: "bad_request", message: "\(r.type) needs \"lot\"") }
        let now = clock()
        let user = identity.user
        do {
            switch r.type {
            case "lot_receive":
                let m = try material(r.material)
                guard let q = r.amount else { throw ProtocolError(code: "bad_request", message: "receiving needs a quantity") }
                let lot = try store.receiveLot(
                    id, material: m, quantity: q, supplier: r.supplier, supplierLot: r.supplierLot, user: user, at: now,
                    audit: record(identity, "receive_lot", "lot:\(id)", after: "\(DurationText.number(q)) \(m.unit) \(m.id) from \(r.supplier ?? "?") lot \(r.supplierLot ?? "?")"))
                return LotMovement(lots: [lot], shipment: nil)
            case "lot_produce":
                let m = try material(r.material)
                guard let q = r.amount else { throw ProtocolError(code: "bad_request", message: "producing needs a quantity") }
                let inputs = try (r.lots ?? []).map { (l: LotQuantity) throws(ProtocolError) -> (lot: String, quantity: Double) in
                    guard let q = l.quantity else { throw ProtocolError(code: "bad_request", message: "input \(l.lot) needs a quantity (LOT:QTY)") }
                    return (l.lot, q)
                }
                if let machine = r.machine, !core.plant.machines.contains(where: { $0.id == machine }) {
                    throw ProtocolError(code: "unknown_machine", message: "no machine \"\(machine)\" in this plant")
                }
                // The operation's name from the order's routing, when the request says which step it was.
                let operation = r.order.flatMap { o in try? store.orders().first { $0.id == o } }
                    .flatMap { core.plant.product($0.product) }.flatMap { p in r.index.flatMap { p.routing[safe: $0]?.operation } }
                let lot = try store.produceLot(
                    id, material: m, quantity: q, inputs: inputs, machine: r.machine, workOrder: r.order, operation: operation, user: user, at: now,
                    audit: record(identity, "produce_lot", "lot:\(id)", after: "\(DurationText.number(q)) \(m.unit) \(m.id) from \(inputs.map { "\($0.lot):\(DurationText.number($0.quantity))" }.joined(separator: ", "))"))
                return LotMovement(lots: [lot], shipment: nil)
            case "lot_split":
                let parts = try (r.lots ?? []).map { (l: LotQuantity) throws(ProtocolError) -> (lot: String, quantity: Double) in
                    guard let q = l.quantity else { throw ProtocolError(code: "bad_request", message: "part \(l.lot) needs a quantity (NEW:QTY)") }
                    return (l.lot, q)
                }
                let lots = try store.splitLot(
                    id, into: parts, user: user, at: now,
                    audit: record(identity, "split_lot", "lot:\(id)", after: parts.map { "\($0.lot):\(DurationText.number($0.quantity))" }.joined(separator: ", ")))
                return LotMovement(lots: lots, shipment: nil)
            case "lot_merge":
                let from = (r.lots ?? []).map(\.lot)
                let lot = try store.mergeLots(into: id, from: from, user: user, at: now, audit: record(identity, "merge_lots", "lot:\(id)", after: "from \(from.joined(separator: ", "))"))
                return LotMovement(lots: [lot], shipment: nil)
            case "lot_ship":
                guard let c = r.customerOrder, !c.isEmpty else { throw ProtocolError(code: "bad_request", message: "shipping needs a customer order") }
                let s = try store.shipLot(id, customerOrder: c, user: user, at: now, audit: record(identity, "ship_lot", "lot:\(id)", after: "to \(c)"))
                return LotMovement(lots: [try store.lot(id)].compactMap { $0 }, shipment: s)
            default:
                throw ProtocolError(code: "unknown_request", message: "unknown request type \"\(r.type)\"")
            }
        } catch let e as ProtocolError {
            throw e
        } catch let e as LotError {
            audit(identity: identity, action: r.type, object: "lot:\(id)", outcome: "refused: \(e.message)")
            throw ProtocolError(code: "refused", message: e.message)
        } catch {
            throw ProtocolError(code: "store_error", message: "\(error)")
        }
    }

    func trace(_ r: ClientRequest) throws(ProtocolError) -> Trace {
        let forward = r.direction != "backward"
        do {
            if let machine = r.machine {
                guard let f = r.from.flatMap(ISOTime.parse), let t = r.to.flatMap(ISOTime.parse), f < t else {
                    throw ProtocolError(code: "bad_window", message: "a machine trace needs from < to (ISO 8601)")
                }
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

    func placeHold(_ r: ClientRequest, identity: Identity) throws(ProtocolError) -> Hold {
        let scope = r.scope ?? "lot"
        guard let target = r.target ?? r.lot ?? r.machine ?? r.order, !target.isEmpty else {
            throw ProtocolError(code: "bad_request", message: "a hold needs what it holds: a lot, an order, a machine or a supplier lot")
        }
        guard let reason = r.reason, !reason.isEmpty else { throw ProtocolError(code: "comment_required", message: "a hold needs a reason") }
        var from: Timestamp?, to: Timestamp?
        if scope == "machine" {
            guard let f = r.from.flatMap(ISOTime.parse), let t = r.to.flatMap(ISOTime.parse), f < t else {
                throw ProtocolError(code: "bad_window", message: "a machine hold needs from < to (ISO 8601)")
            }
            (from, to) = (f, t)
        }
        do {
            let hold = try store.placeHold(
                scope: scope, target: target, from: from, to: to, reason: reason, reasonCode: r.comment, contain: r.contain ?? false, user: identity.user,
                at: clock(), audit: record(identity, "place_hold", "\(scope):\(target)", after: nil, comment: reason))
            scheduler.withLockedValue { $0 }?.request("hold #\(hold.id) placed")
            return hold
        } catch let e as LotError {
            throw ProtocolError(code: "refused", message: e.message)
        } catch {
            throw ProtocolError(code: "store_error", message: "\(error)")
        }
    }

    func releaseHold(_ r: ClientRequest, identity: Identity) throws(ProtocolError) -> Hold {
        guard let id = r.hold else { throw ProtocolError(code: "bad_request", message: "hold_release needs \"hold\"") }
        guard let d = r.disposition.flatMap(Disposition.init(rawValue:)) else {
            throw ProtocolError(code: "bad_request", message: "disposition must be one of: \(Disposition.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let comment = r.comment, !comment.isEmpty else { throw ProtocolError(code: "comment_required", message: "releasing a hold needs a comment") }
        do {
            let hold = try store.releaseHold(
                id, disposition: d, comment: comment, user: identity.user, at: clock(),
                audit: record(identity, "release_hold", "hold:\(id)", after: d.rawValue, comment: comment))
            scheduler.withLockedValue { $0 }?.request("hold #\(id) released")
            return hold
        } catch let e as LotError {
            throw ProtocolError(code: "refused", message: e.message)
        } catch {
            throw ProtocolError(code: "store_error", message: "\(error)")
        }
    }
}
