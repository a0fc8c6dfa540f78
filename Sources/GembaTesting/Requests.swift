import Foundation
import GembaCore
import GembaServer

extension ConsoleService {
    /// Handles one request line as if `identity` had sent it on a console connection, and
    /// returns whether the reply says `ok` with the reply's text: how the daemon tests act as
    /// a person of a given role without a connection of that user's own.
    public func request(_ r: ClientRequest, as identity: Identity) -> (ok: Bool, line: String) {
        do {
            var line = try JSONEncoder().encode(r)
            line.append(UInt8(ascii: "\n"))
            return reply(to: line, as: identity)
        } catch {
            return (false, "the request could not be encoded: \(error)")
        }
    }

    /// A typed request (`Requests.*`) as `identity` sends it; see `request(_:as:)`.
    public func request<P: ConsoleRequestPayload>(_ p: P, as identity: Identity) -> (ok: Bool, line: String) {
        var line = (try? RequestEnvelope(id: 1, p).encoded()) ?? Data()  // a typed request always encodes; an empty line would be refused
        line.append(UInt8(ascii: "\n"))
        return reply(to: line, as: identity)
    }

    private func reply(to line: Data, as identity: Identity) -> (ok: Bool, line: String) {
        let text = String(decoding: handle(line: line, lineNumber: 1, channel: nil, identity: identity).reply, as: UTF8.self)
        return (text.contains("\"ok\":true"), text)
    }
}

extension DaemonHarness {
    /// A loosely built request handled by this daemon as `identity` sent it.
    public func request(_ r: ClientRequest, as identity: Identity) -> (ok: Bool, line: String) {
        daemon.service.request(r, as: identity)
    }

    /// A typed request handled by this daemon as `identity` sent it.
    public func request<P: ConsoleRequestPayload>(_ p: P, as identity: Identity) -> (ok: Bool, line: String) {
        daemon.service.request(p, as: identity)
    }
}

extension Identity {
    /// A person `user` (uid 5000 unless told) in `roles` with no groups: who a test acts as.
    public static func person(_ user: String, _ roles: Set<Role>, uid: UInt32 = 5000) -> Identity {
        Identity(credentials: PeerCredentials(pid: 1, uid: uid, gid: uid, user: user), groups: [], roles: roles)
    }
}
