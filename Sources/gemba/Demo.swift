import ArgumentParser
import Foundation
import GembaClient
import GembaCore
import GembaServer
import GembaTerminal
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// `gemba demo`: a daemon on a fresh database in a temporary folder, the demo
/// plant, a simulator over the real telemetry socket, and the console on top.
/// Quitting the console stops all of it and removes the folder.
struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Try Gemba: a simulated plant with the console on top, nothing to configure.")

    @Option(name: .customLong("runtime-dir"), help: "Where to put the demo's sockets and database (default: a new temporary folder).")
    var runtimeDir: String?

    @Flag(name: .customLong("no-color"), help: "No colours (also when NO_COLOR is set).")
    var noColor = false

    @Flag(help: "Ring the terminal bell when a new unacknowledged alarm arrives.")
    var bell = false

    @Flag(name: .customLong("keep"), help: "Keep the demo's folder (database and log) after quitting.")
    var keep = false

    @Flag(
        name: .customLong("mqtt"),
        help: "Start a mosquitto broker (from the PATH) and feed half of the plant's lines over Sparkplug B through it.")
    var mqtt = false

    func run() throws {
        let plantPath = try Support.demoPlantPath()
        var plant = try Support.loadPlant(plantPath)
        var template = Array("/tmp/gemba-demo-XXXXXX".utf8CString)
        let folder: String
        if let runtimeDir {
            folder = runtimeDir
        } else {
            guard let made = mkdtemp(&template) else { throw CommandFailure("cannot create a temporary folder: \(String(cString: strerror(errno)))") }
            folder = String(cString: made)
        }
        // Said before the console takes the screen, and still there when it gives it back: the CLI
        // can be tried against the running demo from another terminal.
        FileHandle.standardError.write(
            Data(
                ("gemba demo: runtime directory \(folder) (from another terminal: gemba status --runtime-dir \(folder))\n"
                    + "gemba demo: shift reports are written to \(folder)/reports at each shift's end (--keep keeps them)\n").utf8))
        let logPath = folder + "/gemba.log"
        LoggingSystem.bootstrap { FileLogHandler(label: $0, path: logPath) }
        let dir = RuntimeDirectory(path: folder)
        var broker: DemoMQTT.Broker?
        if mqtt {
            // The broker's files go beside the daemon's (the runtime directory is made by the daemon).
            var brokerTemplate = Array("/tmp/gemba-demo-mqtt-XXXXXX".utf8CString)
            guard let made = mkdtemp(&brokerTemplate) else {
                throw CommandFailure("cannot create a temporary folder for the broker: \(String(cString: strerror(errno)))")
            }
            let b = try DemoMQTT.Broker(folder: String(cString: made))
            broker = b
            plant = DemoMQTT.plant(plant, port: b.port)
            FileHandle.standardError.write(
                Data("gemba demo: MQTT broker on mqtt://127.0.0.1:\(b.port) (mosquitto_sub -p \(b.port) -t 'spBv1.0/#' -v)\n".utf8))
        }
        let daemon: GembaDaemon
        do {
            var options = GembaDaemon.Options(plant: plant, databasePath: folder + "/gemba.db", runtime: dir, version: Gemba.version)
            options.configPath = plantPath
            daemon = try GembaDaemon.start(options, logger: Logger(label: "gemba.demo"))
        } catch let e as DaemonError {
            throw CommandFailure(e.description)
        }
        let simulator = SimulatorRunner(plant: plant, socketPath: dir.telemetrySocket, seed: UInt64(getpid()), clock: DaemonClock.now)
        // Open on a shift under way: its history so far and the shift before it are backfilled
        // first, so that the OEE screen's last shift is a whole one, not an empty one.
        let now = DaemonClock.now()
        let calendar = ShiftCalendar(shifts: plant.shifts, timezone: plant.timezone)
        simulator.backfillFrom = calendar.previous(before: now)?.start ?? calendar.shift(at: now)?.start
        var edge: DemoMQTT.EdgeNode?
        if let broker {
            // The edge node is born once the daemon listens: births it missed would cost a rebirth.
            let deadline = Date().addingTimeInterval(5)
            while daemon.service.snapshot().mqtt?.connected != true && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            Thread.sleep(forTimeInterval: 0.2)
            let devices = Set(plant.machines.filter { $0.sparkplug != nil }.map(\.id))
            let node = try DemoMQTT.EdgeNode(port: broker.port, devices: devices)
            edge = node
            simulator.divert = { node.divert($0) }
        }
        simulator.start()
        Self.seedOrders(daemon, now: now)
        let noColor = self.noColor || ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } == true
        var failure: (any Error)?
        do {
            try ConsoleRunner.run(.init(socketPath: dir.consoleSocket, noColor: noColor, bell: bell, demo: true), now: DaemonClock.now)
        } catch {
            failure = error
        }
        simulator.stop()
        edge?.stop()
        daemon.stop()
        broker?.stop()
        if keep || runtimeDir != nil {
            print("gemba demo: database and log kept in \(folder)")
        } else {
            do {
                try FileManager.default.removeItem(atPath: folder)
            } catch {
                FileHandle.standardError.write(Data("gemba demo: cannot remove \(folder) (\(error)); remove it by hand\n".utf8))
            }
        }
        if let e = failure as? TerminalError { throw CommandFailure(e.message) }
        if let failure { throw failure }
    }

    /// A day's worth of work orders for the demo plant, due over the next hours, imported
    /// through the same request (and audit) as `gemba import orders`.
    static func seedOrders(_ daemon: GembaDaemon, now: Timestamp) {
        guard !daemon.options.plant.products.isEmpty else { return }
        let products = daemon.options.plant.products.map(\.id)
        var orders: [[String: Any]] = []
        for k in 0..<14 {
            let due = now + Int64(2 + k) * 3600 * Nanos.perSecond
            orders.append([
                "order": "WO-\(4711 + k)", "product": products[k % products.count], "quantity": [120, 200, 80, 150, 60][k % 5],
                "due": ISOTime.format(due - due % (15 * 60 * Nanos.perSecond)), "priority": k % 4 == 0 ? 3 : 1,
            ])
        }
        // Strings and whole numbers only: they always serialise.
        guard let json = try? JSONSerialization.data(withJSONObject: orders) else { return }
        let me = Identity.resolve(
            PeerCredentials(pid: getpid(), uid: getuid(), gid: getgid(), user: PeerCredentials.userName(uid: getuid())),
            access: daemon.accessConfig)
        // The demo's orders, then a little genealogy to trace: coils received, brackets stamped
        // from them, one split, one shipped; through the daemon's one way in, as a person would.
        let steps: [ConsoleRequest] = [
            .importOrders(.init(text: String(decoding: json, as: UTF8.self), file: "demo-orders.json")),
            .lotReceive(.init(lot: "C-1001", material: "steel-coil", amount: 2000, supplier: "Acme Steel", supplierLot: "AS-7781")),
            .lotReceive(.init(lot: "C-1002", material: "steel-coil", amount: 2000, supplier: "Acme Steel", supplierLot: "AS-7782")),
            .lotReceive(.init(lot: "P-501", material: "hinge-pin", amount: 5000, supplier: "Pins & Co", supplierLot: "PC-19")),
            .lotProduce(
                .init(lot: "B-2001", material: "bracket", amount: 400, lots: [LotQuantity(lot: "C-1001", quantity: 600)], machine: "press-01")),
            .lotProduce(
                .init(
                    lot: "B-2002", material: "bracket", amount: 400,
                    lots: [LotQuantity(lot: "C-1001", quantity: 300), LotQuantity(lot: "C-1002", quantity: 300)], machine: "press-02")),
            .lotProduce(
                .init(
                    lot: "H-3001", material: "hinge", amount: 300,
                    lots: [LotQuantity(lot: "C-1002", quantity: 200), LotQuantity(lot: "P-501", quantity: 600)], machine: "press-03")),
            .lotSplit(.init(lot: "B-2002", lots: [LotQuantity(lot: "B-2002-A", quantity: 150), LotQuantity(lot: "B-2002-B", quantity: 250)])),
            .lotShip(.init(lot: "B-2002-A", customerOrder: "CO-88")),
        ]
        for r in steps {
            guard let line = try? RequestEnvelope(id: nil, r).encoded() else { continue }  // these literal requests always encode
            let reply = daemon.service.handle(line: line, lineNumber: 1, channel: nil, identity: me).reply
            if !String(decoding: reply, as: UTF8.self).contains("\"ok\":true") {
                FileHandle.standardError.write(Data("gemba demo: \(r.type) was refused: \(String(decoding: reply, as: UTF8.self))\n".utf8))
            }
        }
    }
}
