import Foundation
import GembaMQTT

/// A real MQTT broker for the tests: Debian's `mosquitto` on a free loopback port, with a
/// config of its own, stopped when the value goes away. `.ci/run` installs it.
public final class MosquittoBroker {
    public let port: Int
    public let folder: String
    private let broker: LocalMosquitto

    public var url: String { "mqtt://127.0.0.1:\(port)" }

    /// Nil when mosquitto is not installed: the caller's test says so.
    public static func find() -> String? { LocalMosquitto.find() }

    /// With `admitting`, only clients whose id starts with it may connect until `admitEveryone()`:
    /// a test's subscriber is in place before the daemon comes back.
    public init(port fixed: Int? = nil, admitting prefix: String? = nil) throws {
        guard let binary = Self.find() else { throw PeerError("mosquitto is not installed (apt-get install mosquitto)") }
        folder = TemporaryFolder.make("gemba-mqtt")
        do {
            broker = try LocalMosquitto(binary: binary, folder: folder, port: fixed, unblockSignals: true) {
                Self.config(port: $0, admitting: prefix)
            }
        } catch {
            // The broker's log, when it wrote one, says why it did not start; the error is thrown either way.
            throw PeerError(error.description + ": " + ((try? String(contentsOfFile: folder + "/mosquitto.log", encoding: .utf8)) ?? ""))
        }
        port = broker.port
    }

    static func config(port: Int, admitting prefix: String?) -> String {
        "listener \(port) 127.0.0.1\nallow_anonymous true\nmax_queued_messages 100000\n" + (prefix.map { "clientid_prefixes \($0)\n" } ?? "")
    }

    /// Lets every client in (mosquitto rereads its config on SIGHUP).
    public func admitEveryone() throws {
        do {
            try broker.reconfigure(Self.config(port: port, admitting: nil))
        } catch {
            throw PeerError(error.description)
        }
    }

    /// Stops the broker (as a broker that goes away would); `init(port:)` starts one again on the same port.
    public func stop() { broker.stop() }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: folder)  // a test folder left behind is only litter
    }

    /// A port the kernel just handed out and took back: free for a peer in all likelihood.
    public static func freePort() -> Int { LocalMosquitto.freePort() }
}

/// A test peer that could not be started, with the reason.
public struct PeerError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
