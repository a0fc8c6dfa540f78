import ArgumentParser
import Foundation
import GembaCore

/// `gemba reload`: the daemon reads its plant file again (admin; SIGHUP does the same).
struct Reload: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read the plant file again: roles, alarms and max_shelve apply at once; the rest waits for a restart.")

    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var runtime: RuntimeOptions

    func run() throws {
        let r = try DaemonRequest.send(Requests.Reload(), runtime: runtime)
        if json { return try DaemonRequest.printJSON(r) }
        let applied = r.changed.isEmpty ? (r.pendingRestart.isEmpty ? "nothing changed" : "nothing applied now") : r.changed.joined(separator: "; ")
        print("reloaded \(r.file): " + applied + " (audit record \(r.audit))")
        if !r.pendingRestart.isEmpty { print("changed but applied only after a restart: \(r.pendingRestart.joined(separator: ", "))") }
    }
}
