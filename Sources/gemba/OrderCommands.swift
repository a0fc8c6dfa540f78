import ArgumentParser
import Foundation
import GembaCore

/// `gemba import orders FILE`: work orders from an ERP export (CSV with a header row, JSON, or a
/// B2MML `OperationsSchedule`).
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Import data into the running daemon.", subcommands: [ImportOrders.self])
}

struct ImportOrders: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders",
        abstract: "Import work orders from a CSV (header row), JSON or B2MML OperationsSchedule (XML) export: all of them, or none when one is bad."
    )
    @Argument(
        help:
            "The file (CSV with columns such as order, product, quantity, due, priority, release; JSON; or B2MML XML, one OperationsRequest per order).",
        completion: .file()
    ) var file: String
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let data = try Support.readFile(file)
        guard let text = String(data: data, encoding: .utf8) else { throw CommandFailure("\(file): not UTF-8 text (save the export as UTF-8)") }
        let request = Requests.ImportOrders(text: text, file: URL(fileURLWithPath: file).lastPathComponent)
        // One request line to the daemon holds at most 1 MiB (as the daemon enforces it).
        if let line = try? RequestEnvelope(id: 1, request).encoded(), line.count >= 1 << 20 {  // a typed request always encodes
            let mb = Double(data.count) / 1_048_576
            throw CommandFailure(
                "\(file): \(String(format: "%.1f", mb)) MiB is more than one request to the daemon carries (1 MiB): split it, "
                    + "or drop it into the ERP inbox (erp: { inbox: DIR } in the plant file), which takes files up to 16 MiB")
        }
        let r = try DaemonRequest.send(request, runtime: runtime)
        if json { return try DaemonRequest.printJSON(r) }
        print("imported \(r.orders.count) order(s): \(r.orders.joined(separator: ", ")) (audit record \(r.audit))")
    }
}

/// `gemba orders`: every work order, where its operations stand, and when the schedule finishes it.
struct Orders: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List work orders with their operations and planned end.")
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let orders = try DaemonRequest.send(Requests.Orders(), runtime: runtime)
        if json { return try DaemonRequest.printJSON(orders) }
        var rows = [["ORDER", "PRODUCT", "QTY", "DUE", "PRIO", "STATE", "OPERATIONS", "PLANNED END", "LATE"]]
        for o in orders {
            let ops = o.operations.map { "\($0.operation):\($0.state)" }.joined(separator: " ")
            rows.append([
                o.id, o.product, String(o.quantity), o.due, String(o.priority), o.state, ops, o.plannedEnd ?? "-",
                o.lateness.map { $0 > 0 ? "\($0 / 60) min" : "on time" } ?? "-",
            ])
        }
        TextTable.print(rows)
    }
}

/// `gemba queue --machine ID`: what the machine runs next, in schedule order.
struct Queue: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A machine's work queue in schedule order.")
    @Option(help: "The machine's id, as in the plant file (press-01).") var machine: String
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let ops = try DaemonRequest.send(Requests.Queue(machine: machine), runtime: runtime)
        if json { return try DaemonRequest.printJSON(ops) }
        var rows = [["ORDER", "OP", "PRODUCT", "QTY", "START", "END", "DUE", "LATE", "STATE"]]
        for o in ops {
            rows.append([
                o.order, "\(o.index + 1) \(o.operation)", o.product, String(o.quantity), o.start, o.end, o.due,
                o.lateness > 0 ? "\(o.lateness / 60) min" : "", o.state + (o.frozen ? " (frozen)" : ""),
            ])
        }
        TextTable.print(rows)
    }
}

/// `gemba order priority|cancel`: a supervisor's changes to one order.
struct OrderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "order", abstract: "Change a work order (supervisor, admin).", subcommands: [OrderPriority.self, OrderCancel.self])
}

struct OrderPriority: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "priority", abstract: "Set an order's priority (the weight of its lateness).")
    @Argument(help: "The work order's id (WO-1001).") var order: String
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The priority, from 1 to 1000.", valueName: "priority")) var priorityText: [String]
    @OptionGroup var runtime: RuntimeOptions
    var priority: Int { get throws { try PersonInput.positional(priorityText, "<priority>") } }
    func validate() throws { try PersonInput.within(try priority, 1...1000, "<priority>") }
    func run() throws {
        let priority = try self.priority
        let r = try DaemonRequest.send(Requests.OrderPriority(order: order, priority: priority), runtime: runtime)
        print("\(order): priority \(priority) (audit record \(r.audit))")
    }
}

struct OrderCancel: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "cancel", abstract: "Cancel (abort) an order.")
    @Argument(help: "The work order's id (WO-1001).") var order: String
    @Option(help: "Why (required).") var reason: String
    @OptionGroup var runtime: RuntimeOptions
    func run() throws {
        let r = try DaemonRequest.send(Requests.OrderCancel(order: order, comment: reason), runtime: runtime)
        print("\(order): aborted (audit record \(r.audit))")
    }
}

/// `gemba operation start|pause|finish ORDER N`: what an operator does at the machine.
struct OperationCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operation", abstract: "Start, pause or finish an operation of a work order.",
        subcommands: [OperationStart.self, OperationPause.self, OperationFinish.self])
}

struct OperationStart: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "start", abstract: "Start (or resume) an operation on its machine.")
    @Argument(help: "The work order's id (WO-1001).") var order: String
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The operation's number in the routing, from 1.", valueName: "number")) var numberText:
        [String]
    var number: Int { get throws { try PersonInput.positional(numberText, "<number>") } }
    @Option(help: "The machine (default: where the schedule put it).") var machine: String?
    @OptionGroup var runtime: RuntimeOptions
    func validate() throws { try PersonInput.atLeast(try number, 1, "<number>") }
    func run() throws {
        let number = try self.number
        let r = try DaemonRequest.send(Requests.OperationStart(order: order, index: number - 1, machine: machine), runtime: runtime)
        print("\(order)/\(number) started (audit record \(r.audit))")
    }
}

struct OperationPause: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pause", abstract: "Pause a running operation; the order is interrupted.")
    @Argument(help: "The work order's id (WO-1001).") var order: String
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The operation's number in the routing, from 1.", valueName: "number")) var numberText:
        [String]
    var number: Int { get throws { try PersonInput.positional(numberText, "<number>") } }
    @Option(help: "Why, for the audit trail (waiting for material).") var comment: String?
    @OptionGroup var runtime: RuntimeOptions
    func validate() throws { try PersonInput.atLeast(try number, 1, "<number>") }
    func run() throws {
        let number = try self.number
        let r = try DaemonRequest.send(Requests.OperationPause(order: order, index: number - 1, comment: comment), runtime: runtime)
        print("\(order)/\(number) paused (audit record \(r.audit))")
    }
}

struct OperationFinish: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "finish", abstract: "Finish an operation with its good and scrapped parts.")
    @Argument(help: "The work order's id (WO-1001).") var order: String
    @Argument(parsing: .allUnrecognized, help: ArgumentHelp("The operation's number in the routing, from 1.", valueName: "number")) var numberText:
        [String]
    var number: Int { get throws { try PersonInput.positional(numberText, "<number>") } }
    @Option(parsing: .unconditional, help: "Good parts made (0 or more).", transform: PersonInput.whole) var good: Int
    @Option(parsing: .unconditional, help: "Parts scrapped (0 or more).", transform: PersonInput.whole) var scrap: Int = 0
    @Option(help: "The lot made (scanned from its label); it is made from the lots scanned at the start.") var lot: String?
    @Flag(help: "Finish with less good than the order asks for (a short run, confirmed).") var partial = false
    @OptionGroup var runtime: RuntimeOptions
    func validate() throws {
        try PersonInput.atLeast(try number, 1, "<number>")
        try PersonInput.atLeast(good, 0, "--good")
        try PersonInput.atLeast(scrap, 0, "--scrap")
        if let lot { try PersonInput.lot(lot) }
    }
    func run() throws {
        let number = try self.number
        let r = try DaemonRequest.send(
            Requests.OperationFinish(order: order, index: number - 1, good: good, scrap: scrap, lot: lot, partial: partial ? true : nil),
            runtime: runtime)
        print(
            "\(order)/\(number) finished\(partial ? " (partial)" : ""): \(good) good, \(scrap) scrap\(lot.map { ", lot \($0)" } ?? "") (audit record \(r.audit))"
        )
    }
}
