import ArgumentParser
import GembaCore

/// `gemba check-config`: the daemon's own validation, without starting it.
struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check-config", abstract: "Validate a plant configuration file.")

    @Argument(help: "The plant configuration (YAML).")
    var file: String

    func run() throws {
        let plant = try Support.loadPlant(file)
        print(
            TerminalText.current.clean(
                "\(file): OK — \(plant.plant), \(plant.lines.count) lines, \(plant.machines.count) machines, \(plant.shifts.count) shifts"))
    }
}
