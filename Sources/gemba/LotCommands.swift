import ArgumentParser
import Foundation
import GembaCore

/// `gemba lot …`: lot movements, each recorded with its genealogy links.
struct LotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lot", abstract: "Receive, produce, split, merge and ship lots.",
        subcommands: [LotReceive.self, LotProduce.self, LotSplit.self, LotMerge.self, LotShip.self, LotShow.self])
}

/// Prints a movement's lots.
private func show(_ m: LotMovement, json: Bool) throws {
    if json { return try DaemonRequest.printJSON(m) }
    for l in m.lots {
        print(
            "\(l.id): \(DurationText.number(l.quantity)) \(l.unit) \(l.material), \(l.status.rawValue)"
                + (l.holds.isEmpty ? "" : ", on hold \(l.holds.map { "#\($0)" }.joined(separator: " "))"))
    }
    if let s = m.shipment { print("shipped \(s.lot) to \(s.customerOrder)") }
}

/// Parses `LOT:QTY` arguments; the lot ids must keep the rule of `LotID`.
private func parts(_ items: [String], option: String) throws -> [LotQuantity] {
    try items.map { text in
        guard let q = LotQuantity(parsing: text) else { throw ValidationError("\(option) \(text): write LOT:QUANTITY, such as C-17:250") }
        try PersonInput.lot(q.lot, option)
        return q
    }
}

struct LotReceive: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "receive", abstract: "Receive a lot from a supplier.")
    @Argument var lot: String
    @Option var material: String
    @Option(parsing: .unconditional, help: "The quantity, above zero.", transform: PersonInput.decimal) var qty: Double
    @Option var supplier: String?
    @Option(name: .customLong("supplier-lot")) var supplierLot: String?
    @Flag var json = false
    @OptionGroup var runtime: RuntimeOptions
    func validate() throws {
        try PersonInput.lot(lot)
        try PersonInput.positive(qty, "--qty")
    }
    func run() throws {
        try show(
            DaemonRequest.send(
                Requests.LotReceive(lot: lot, material: material, amount: qty, supplier: supplier, supplierLot: supplierLot), runtime: runtime),
            json: json)
    }
}

struct LotProduce: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "produce", abstract: "Record a lot an operation made, and the lots it consumed.")
    @Argument var lot: String
    @Option var material: String
    @Option(parsing: .unconditional, help: "The quantity, above zero.", transform: PersonInput.decimal) var qty: Double
    @Option(name: .customLong("from"), help: "An input lot and the quantity consumed: LOT:QTY (repeat).") var inputs: [String] = []
    @Option var machine: String?
    @Option var order: String?
    @Option(parsing: .unconditional, help: "The operation's number in the order's routing, from 1.", transform: PersonInput.whole) var operation: Int?
    @Flag var json = false
    @OptionGroup var runtime: RuntimeOptions
    func validate() throws {
        try PersonInput.lot(lot)
        try PersonInput.positive(qty, "--qty")
        try PersonInput.atLeast(operation, 1, "--operation")
        _ = try parts(inputs, option: "--from")
    }
    func run() throws {
        let r = Requests.LotProduce(
            lot: lot, material: material, amount: qty, lots: try parts(inputs, option: "--from"), machine: machine, order: order,
            index: operation.map { $0 - 1 })
        try show(DaemonRequest.send(r, runtime: runtime), json: json)
    }
}

struct LotSplit: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "split", abstract: "Split a lot into new lots.")
    @Argument var lot: String
    @Option(name: .customLong("into"), help: "A new lot and its quantity: NEW:QTY (repeat).") var into: [String] = []
    @Flag var json = false
    @OptionGroup var runtime: RuntimeOptions
    func validate() throws {
        try PersonInput.lot(lot)
        _ = try parts(into, option: "--into")
    }
    func run() throws {
        try show(DaemonRequest.send(Requests.LotSplit(lot: lot, lots: try parts(into, option: "--into")), runtime: runtime), json: json)
    }
}

struct LotMerge: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "merge", abstract: "Merge lots of one material into a new lot.")
    @Argument var lot: String
    @Option(name: .customLong("from"), help: "A lot to merge (repeat).") var from: [String] = []
    @Flag var json = false
    @OptionGroup var runtime: RuntimeOptions
    func validate() throws {
        try PersonInput.lot(lot)
        for f in from { try PersonInput.lot(f, "--from") }
    }
    func run() throws {
        try show(
            DaemonRequest.send(Requests.LotMerge(lot: lot, lots: from.map { LotQuantity(lot: $0, quantity: nil) }), runtime: runtime), json: json)
    }
}

struct LotShip: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ship", abstract: "Ship a lot to a customer order.")
    @Argument var lot: String
    @Option(name: .customLong("customer-order")) var customerOrder: String
    @Flag var json = false
    @OptionGroup var runtime: RuntimeOptions
    func validate() throws { try PersonInput.lot(lot) }
    func run() throws {
        try show(DaemonRequest.send(Requests.LotShip(lot: lot, customerOrder: customerOrder), runtime: runtime), json: json)
    }
}

struct LotShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One lot as it stands.")
    @Argument var lot: String
    @Flag var json = false
    @OptionGroup var runtime: RuntimeOptions
    func validate() throws { try PersonInput.lot(lot) }
    func run() throws {
        try show(LotMovement(lots: [DaemonRequest.send(Requests.LotQuery(lot: lot), runtime: runtime)], shipment: nil), json: json)
    }
}

/// `gemba trace LOT --backward|--forward`, or `--machine ID --from T --to T --forward`.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace", abstract: "Where a lot came from (--backward) or went (--forward), any depth.")
    @Argument var lot: String?
    @Flag(help: "Where from: down to received lots and suppliers.") var backward = false
    @Flag(help: "Where used: up to finished lots and shipments.") var forward = false
    @Option(help: "Every lot produced on this machine in [--from, --to).") var machine: String?
    @Option var from: String?
    @Option var to: String?
    @Flag var json = false
    @Flag var csv = false
    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        guard backward != forward else { throw ValidationError("say --backward or --forward") }
        guard (lot == nil) != (machine == nil) else { throw ValidationError("trace a LOT, or a --machine with --from and --to") }
        try PersonInput.lot(lot)
        try PersonInput.date(from, "--from")
        try PersonInput.date(to, "--to")
    }

    func run() throws {
        let t = try DaemonRequest.send(
            Requests.TraceQuery(lot: lot, machine: machine, from: from, to: to, direction: backward ? "backward" : "forward"), runtime: runtime)
        if json { return try DaemonRequest.printJSON(t) }
        if csv {
            print("from,to,kind,quantity,work_order,operation,machine,at,user")
            for l in t.links {
                print(
                    [l.from, l.to, l.kind, DurationText.number(l.quantity), l.workOrder ?? "", l.operation ?? "", l.machine ?? "", l.at, l.user]
                        .map { $0.contains(",") || $0.contains("\"") ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0 }.joined(
                            separator: ","))
            }
            return
        }
        for line in TraceText.lines(t) { print(line) }
    }
}

/// `gemba hold …`: put lots on hold, with `--contain` their whole forward closure.
struct HoldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hold", abstract: "Put a lot, order, machine window or supplier lot on hold.")
    @Argument var lot: String?
    @Option var machine: String?
    @Option var from: String?
    @Option var to: String?
    @Option var order: String?
    @Option(name: .customLong("supplier-lot")) var supplierLot: String?
    @Option var reason: String
    @Option var code: String?
    @Flag(help: "Hold the whole forward closure still in the plant, and list what has shipped.") var contain = false
    @Flag var json = false
    @OptionGroup var runtime: RuntimeOptions

    func validate() throws {
        try PersonInput.lot(lot)
        try PersonInput.date(from, "--from")
        try PersonInput.date(to, "--to")
    }

    func run() throws {
        let (scope, target): (String, String)
        if let lot {
            (scope, target) = ("lot", lot)
        } else if let machine {
            (scope, target) = ("machine", machine)
        } else if let order {
            (scope, target) = ("work_order", order)
        } else if let supplierLot {
            (scope, target) = ("supplier_lot", supplierLot)
        } else {
            throw ValidationError("hold a LOT, a --machine with --from/--to, an --order or a --supplier-lot")
        }
        let h = try DaemonRequest.send(
            Requests.HoldPlace(scope: scope, target: target, from: from, to: to, reason: reason, comment: code, contain: contain), runtime: runtime)
        if json { return try DaemonRequest.printJSON(h) }
        print("hold #\(h.id) on \(h.scope) \(h.target): \(h.lots.count) lot(s) held: \(h.lots.joined(separator: ", "))")
        if !h.shipped.isEmpty {
            print("already shipped (notify): " + h.shipped.map { "\($0.lot) → \($0.customerOrder)" }.joined(separator: ", "))
        }
    }
}

struct ReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "release", abstract: "Release a hold with a disposition (quality, supervisor).")
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The hold's number (#12 or 12).", valueName: "hold")) var holdText: [String]
    var hold: Int64 { get throws { Int64(try PersonInput.positional(holdText.map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }, "<hold>")) } }
    @Option(help: "use_as_is, rework, scrap or return_to_vendor.") var disposition: String
    @Option var comment: String
    @Flag var json = false
    @OptionGroup var runtime: RuntimeOptions
    func validate() throws {
        try PersonInput.atLeast(try hold, 1, "<hold>")
    }
    func run() throws {
        let h = try DaemonRequest.send(
            Requests.HoldRelease(hold: try hold, disposition: disposition, comment: comment), runtime: runtime)
        if json { return try DaemonRequest.printJSON(h) }
        print("hold #\(h.id) released: \(h.disposition ?? "") (\(h.lots.count) lot(s))")
    }
}

struct HoldsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "holds", abstract: "Every hold, newest first.")
    @Flag var json = false
    @OptionGroup var runtime: RuntimeOptions
    func run() throws {
        let holds = try DaemonRequest.send(Requests.Holds(), runtime: runtime)
        if json { return try DaemonRequest.printJSON(holds) }
        var rows = [["HOLD", "SCOPE", "TARGET", "LOTS", "REASON", "PLACED BY", "PLACED AT", "STATUS"]]
        for h in holds {
            rows.append([
                "#\(h.id)", h.scope, h.target, String(h.lots.count), h.reason, h.placedBy, h.placedAt,
                h.status + (h.disposition.map { " (\($0))" } ?? ""),
            ])
        }
        DaemonRequest.printTable(rows)
    }
}
