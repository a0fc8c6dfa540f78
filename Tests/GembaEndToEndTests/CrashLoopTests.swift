import Foundation
import GembaClient
import GembaCore
import GembaStore
import GembaTesting
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The crash loop: a plant under load and people's commands, the daemon killed with SIGKILL at
/// random moments and started again, round after round. After each kill: SQLite's integrity
/// check passes, the audit trail verifies (chain and anchors), every command the daemon
/// answered is stored, and every telemetry line it had counted as accepted more than
/// `DurabilityPromise.telemetry` before the kill is stored (docs/durability.md).
/// `GEMBA_CRASH_ROUNDS` sets the rounds (CI: 5; `Fuzz/crash-loop.sh 100` for the full run).
@Suite(.serialized)
final class CrashLoopTests {
    let folder = TemporaryFolder.make("gemba-crash")
    let gemba: String
    var rounds: Int { Int(ProcessInfo.processInfo.environment["GEMBA_CRASH_ROUNDS"] ?? "") ?? 5 }

    static let plant = """
        plant: Crash Works
        timezone: UTC
        comm_loss_timeout: 1h
        lines:
          - id: L1
            name: Line
            machines:
              - { id: m1, name: M1, ideal_cycle_time: 0.001 }
              - { id: m2, name: M2, ideal_cycle_time: 0.001 }
        shifts:
          - { name: A, start: "00:00", end: "12:00" }
          - { name: B, start: "12:00", end: "00:00" }
        max_counter_rate: 1000000
        products:
          - id: part
            routing:
              - { op: make, machines: { m1: 1s } }
        """

    init() throws {
        gemba = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("gemba").path
        try Self.plant.write(toFile: folder + "/plant.yaml", atomically: true, encoding: .utf8)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    func start() throws -> Subprocess {
        let p = try Subprocess.spawn(
            [
                gemba, "serve", "--config", folder + "/plant.yaml", "--db", folder + "/gemba.db", "--runtime-dir", folder + "/run", "--log-file",
                folder + "/daemon.log",
            ], output: open("/dev/null", O_WRONLY))
        let deadline = Date().addingTimeInterval(20)
        while (try? ConsoleConnection(path: folder + "/run/console.sock")) == nil {
            guard Date() < deadline, p.wait(timeout: 0) == nil else { throw SubprocessError(description: "the daemon did not start") }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return p
    }

    @Test func killedAtRandomMomentsItKeepsWhatItAnsweredAndAccepted() throws {
        var rng = SystemRandomNumberGenerator()
        var answered: [String] = []
        var counted: Int64 = 0
        var worstLossWindow: Double = 0
        for round in 1...rounds {
            let daemon = try start()
            let c = try ConsoleConnection(path: folder + "/run/console.sock")
            let baseline = try c.request(Requests.Status()).machines.first { $0.id == "m1" }?.countTotal ?? 0
            #expect(baseline >= counted, "round \(round): the daemon restarted at counter \(baseline), below \(counted) stored before")
            // Load: a feeder thread sends m1's counter up by one per line, as fast as it goes.
            let telemetry = folder + "/run/telemetry.sock"
            let stop = Atomic(false)
            let start = baseline
            let feeder = Thread {
                let feed = TelemetrySender(path: telemetry)
                do { try feed.connect() } catch { return }
                var n = start
                while !stop.value {
                    var lines: [String] = []
                    for _ in 0..<200 {
                        n += 1
                        // No timestamp: the daemon stamps each line as it takes it.
                        lines.append("machine,machine=m1 state=\"running\",count_total=\(n)i")
                    }
                    do { try feed.send(lines: lines) } catch { return }
                }
            }
            feeder.start()
            // People's commands while it runs; the accepted count observed with its time.
            var observations: [(at: Date, total: Int64)] = []
            let until = Date().addingTimeInterval(Double.random(in: 0.3...1.5, using: &rng))
            var k = 0
            while Date() < until {
                k += 1
                let id = "R\(round)-\(k)"
                if (try? c.request(Requests.OrderAdd(order: id, product: "part", quantity: 1, due: "2099-01-01"), timeout: 5)) != nil {
                    answered.append(id)
                }
                if let m = try? c.request(Requests.Status(), timeout: 5).machines.first(where: { $0.id == "m1" }), let n = m.countTotal {
                    observations.append((Date(), n))
                }
            }
            daemon.signal(SIGKILL)
            let killedAt = Date()
            _ = daemon.wait(timeout: 10)
            stop.value = true
            feeder.cancel()
            // What the daemon had counted a durability window before the kill must be stored.
            let promised = observations.last { killedAt.timeIntervalSince($0.at) > DurabilityPromise.telemetrySeconds }?.total ?? baseline
            let store = try FloorStore(path: folder + "/gemba.db")
            #expect(try store.integrityCheck() == "ok", "round \(round)")
            let stored = try store.loadLive().first { $0.id == "m1" }?.countTotal ?? 0
            counted = stored
            if let lost = observations.first(where: { $0.total > stored }) {
                worstLossWindow = max(worstLossWindow, killedAt.timeIntervalSince(lost.at))
            }
            #expect(
                stored >= promised,
                "round \(round): counter \(stored) stored, \(promised) accepted more than \(DurabilityPromise.telemetrySeconds) s before the kill")
        }
        // The last restart: the trail verifies with its anchors; every answered command is there.
        let daemon = try start()
        defer { _ = daemon.stop() }
        let verify = try Subprocess.run([gemba, "audit", "verify", "--runtime-dir", folder + "/run"])
        #expect(verify.status == 0, "\(verify.output)")
        #expect(verify.output.contains("anchor: intact"), "\(verify.output)")
        let c = try ConsoleConnection(path: folder + "/run/console.sock")
        let orders = Set(try c.request(Requests.Orders()).map(\.id))
        let missing = answered.filter { !orders.contains($0) }
        #expect(missing.isEmpty, "answered but not stored: \(missing)")
        print("crash loop: \(rounds) rounds, \(answered.count) answered commands kept, worst loss window \(Int(worstLossWindow * 1000)) ms")
    }
}

/// A value shared between the test and its feeder thread.
final class Atomic<T: Sendable>: @unchecked Sendable {
    // @unchecked: `lock` guards `stored`.
    private let lock = NSLock()
    private var stored: T
    init(_ v: T) { stored = v }
    var value: T {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
