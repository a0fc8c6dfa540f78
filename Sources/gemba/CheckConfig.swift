import ArgumentParser
import Foundation
import GembaCore

/// `gemba check-config`: the daemon's own validation, without starting it.
struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check-config", abstract: "Validate a plant configuration file.")

    @Argument(help: "The plant configuration (YAML).")
    var file: String

    func run() throws {
        let plant = try Support.loadPlant(file)
        // The files the plant file names: the loader reads text only, the daemon reads these at start.
        let missing = Self.missingFiles(plant)
        if !missing.isEmpty { throw CommandFailure(missing.map { "\(file): \($0)" }.joined(separator: "\n")) }
        print(
            TerminalText.current.clean(
                "\(file): OK — \(plant.plant), \(plant.lines.count) lines, \(plant.machines.count) machines, \(plant.shifts.count) shifts"
                    + Self.sites(plant)))
    }

    /// An enterprise daemon's sites, named with the edge node each is read from.
    static func sites(_ plant: PlantConfig) -> String {
        guard !plant.enterprise.isEmpty else { return "" }
        let named = plant.enterprise.map { "\($0.site) (\($0.node.group)/\($0.node.edgeNode))" }.joined(separator: ", ")
        return ", \(plant.enterprise.count) enterprise site\(plant.enterprise.count == 1 ? "" : "s"): " + named
    }

    /// The files named under `mqtt:` that are not there (the TLS files, the password file).
    static func missingFiles(_ plant: PlantConfig) -> [String] {
        guard let m = plant.mqtt else { return [] }
        let named: [(String, String?)] = [
            ("mqtt.tls.ca", m.tls?.ca), ("mqtt.tls.cert", m.tls?.cert), ("mqtt.tls.key", m.tls?.key), ("mqtt.password_file", m.passwordFile),
        ]
        return named.compactMap { key, path in
            guard let path, !FileManager.default.fileExists(atPath: path) else { return nil }
            return "\(key) \(path) does not exist"
        }
    }
}
