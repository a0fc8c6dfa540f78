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
    @Argument(help: "The new lot's id (printable, no spaces), such as C-1001.") var lot: String
    @Option(help: "The material's id, as in the plant file's materials (steel-coil).") var material: String
    @Option(parsing: .unconditional, help: "The quantity, above zero, in the material's unit (1000 for 1000 kg).", transform: PersonInput.decimal)
    var qty: Double
    @Option(help: "Who delivered it (Acme Steel).") var supplier: String?
    @Option(name: .customLong("supplier-lot"), help: "The supplier's own lot number, from the delivery note (AS-7781).") var supplierLot: String?
    @Flag(help: "Print JSON for scripts.") var json = false
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
    @Argument(help: "The new lot's id (printable, no spaces), such as B-2001.") var lot: String
    @Option(help: "The material made: a product's or material's id from the plant file (bracket).") var material: String
    @Option(parsing: .unconditional, help: "The quantity made, above zero, in the material's unit.", transform: PersonInput.decimal) var qty: Double
    @Option(name: .customLong("from"), help: "An input lot and the quantity consumed, in its unit: LOT:QTY, such as C-1001:300 (repeat).")
    var inputs: [String] = []
    @Option(help: "The machine it was made on (press-01).") var machine: String?
    @Option(help: "The work order it was made for (WO-1001).") var order: String?
    @Option(parsing: .unconditional, help: "The operation's number in the order's routing, from 1.", transform: PersonInput.whole) var operation: Int?
    @Flag(help: "Print JSON for scripts.") var json = false
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
    @Argument(help: "The lot to split.") var lot: String
    @Option(name: .customLong("into"), help: "A new lot and its quantity, in the lot's unit: NEW:QTY, such as B-2001-A:150 (repeat).")
    var into: [String] = []
    @Flag(help: "Print JSON for scripts.") var json = false
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
    @Argument(help: "The new lot's id (printable, no spaces).") var lot: String
    @Option(name: .customLong("from"), help: "A lot to merge, whole (repeat: --from B-1 --from B-2).") var from: [String] = []
    @Flag(help: "Print JSON for scripts.") var json = false
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
    @Argument(help: "The lot to ship, whole.") var lot: String
    @Option(name: .customLong("customer-order"), help: "The customer order it ships against (CO-88).") var customerOrder: String
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions
    func validate() throws { try PersonInput.lot(lot) }
    func run() throws {
        try show(DaemonRequest.send(Requests.LotShip(lot: lot, customerOrder: customerOrder), runtime: runtime), json: json)
    }
}

struct LotShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "One lot as it stands.")
    @Argument(help: "The lot's id.") var lot: String
    @Flag(help: "Print JSON for scripts.") var json = false
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
    @Argument(help: "The lot to trace (or --machine instead).") var lot: String?
    @Flag(help: "Where from: down to received lots and suppliers.") var backward = false
    @Flag(help: "Where used: up to finished lots and shipments.") var forward = false
    @Option(help: "Every lot produced on this machine in [--from, --to).") var machine: String?
    @Option(help: "With --machine: the window's start, ISO 8601 (2026-12-03T06:00:00Z) or a date (its first instant in plant time).")
    var from: String?
    @Option(help: "With --machine: the window's end, excluded, ISO 8601 or a date (the end of that day in plant time).") var to: String?
    @Flag(help: "Print the trace as JSON for scripts (lots, links, shipments).") var json = false
    @Flag(help: "Print the links as CSV (from,to,kind,quantity,work_order,operation,machine,at,user).") var csv = false
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
        for line in TraceText.lines(t) { print(TerminalText.current.clean(line)) }
    }
}

/// `gemba hold …`: put lots on hold, with `--contain` their whole forward closure.
struct HoldCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hold", abstract: "Put a lot, order, machine window or supplier lot on hold.")
    @Argument(help: "The lot to hold (or one of --machine, --order, --supplier-lot instead).") var lot: String?
    @Option(help: "Hold every lot produced on this machine in [--from, --to).") var machine: String?
    @Option(help: "With --machine: the window's start, ISO 8601 (2026-12-03T06:00:00Z) or a date (its first instant in plant time).")
    var from: String?
    @Option(help: "With --machine: the window's end, excluded, ISO 8601 or a date (the end of that day in plant time).") var to: String?
    @Option(help: "Hold every lot made for this work order (WO-1001); the order leaves the schedule.") var order: String?
    @Option(name: .customLong("supplier-lot"), help: "Hold every lot received under this supplier lot number (AS-7781).") var supplierLot: String?
    @Option(help: "Why, in words (required; kept in the audit trail): \"cracked coil\".") var reason: String
    @Option(help: "A short reason code kept with the hold beside --reason (QC-12).") var code: String?
    @Flag(help: "Hold the whole forward closure still in the plant, and list what has shipped.") var contain = false
    @Flag(help: "Print JSON for scripts.") var json = false
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
        let text = TerminalText.current
        print(text.clean("hold #\(h.id) on \(h.scope) \(h.target): \(h.lots.count) lot(s) held: \(h.lots.joined(separator: ", "))"))
        if !h.shipped.isEmpty {
            print(text.clean("already shipped (notify): " + h.shipped.map { "\($0.lot) → \($0.customerOrder)" }.joined(separator: ", ")))
        }
    }
}

struct ReleaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "release", abstract: "Release a hold with a disposition (quality, supervisor).")
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The hold's number (#12 or 12).", valueName: "hold")) var holdText: [String]
    var hold: Int64 { get throws { Int64(try PersonInput.positional(holdText.map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 }, "<hold>")) } }
    @Option(help: "What becomes of the lots: use_as_is or rework (available again), scrap, or return_to_vendor (shipped back).")
    var disposition: String
    @Option(help: "Why this disposition (required; kept in the audit trail).") var comment: String
    @Flag(help: "Print JSON for scripts.") var json = false
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
    @Flag(help: "Print JSON for scripts (with each hold's lots and the shipments it found gone).") var json = false
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
        TextTable.print(rows)
    }
}
