import ArgumentParser
import Foundation
import GembaClient
import GembaCore
import GembaServer

/// `gemba simulate`: the demo's simulated plant against a running daemon.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Feed a running daemon with a simulated plant.")

    @Option(name: .long, help: "Plant configuration whose machines to simulate.")
    var config: String

    @Option(name: .long, parsing: .unconditional, help: "Seconds between ticks.", transform: PersonInput.decimal)
    var interval: Double = 1

    @Option(name: .long, parsing: .unconditional, help: "Seed of the simulation (same seed, same plant behaviour).", transform: PersonInput.unsigned)
    var seed: UInt64 = 42

    @OptionGroup var runtime: RuntimeOptions

    func validate() throws { try PersonInput.positive(interval, "--interval") }

    func run() throws {
        let plant = try Support.loadPlant(config)
        let dir = Support.runtime(runtime)
        let runner = SimulatorRunner(plant: plant, socketPath: dir.telemetrySocket, seed: seed, interval: interval, clock: DaemonClock.now)
        runner.start()
        print("gemba simulate: \(plant.machines.count) machines to \(dir.telemetrySocket); Ctrl-C stops")
        while true { Thread.sleep(forTimeInterval: 3600) }
    }
}
