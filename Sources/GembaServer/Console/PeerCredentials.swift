import GembaCore
import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// Who is on the other end of a Unix socket, as the kernel says (SO_PEERCRED),
/// never as the client claims. Authorisation uses uid and gid, never pid.
public struct PeerCredentials: Sendable, Equatable {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32
    /// The user name for `uid`, or the number when the user database has none.
    public var user: String

    public init(pid: Int32, uid: UInt32, gid: UInt32, user: String) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
        self.user = user
    }

    /// Layout of Linux's `struct ucred` (Glibc does not export it without _GNU_SOURCE).
    struct UCred: Sendable {
        var pid: Int32 = 0
        var uid: UInt32 = 0
        var gid: UInt32 = 0
    }

    static func read(from channel: any Channel) -> EventLoopFuture<PeerCredentials> {
        guard let provider = channel as? any SocketOptionProvider else {
            return channel.eventLoop.makeFailedFuture(ProtocolError(code: "no_credentials", message: "no peer credentials on this socket"))
        }
        let future: EventLoopFuture<UCred> = provider.unsafeGetSocketOption(
            level: SocketOptionLevel(SOL_SOCKET), name: SocketOptionName(SO_PEERCRED))
        return future.map { c in PeerCredentials(pid: c.pid, uid: c.uid, gid: c.gid, user: userName(uid: c.uid)) }
    }

    /// Looks a uid up in the user database (getpwuid_r: safe from any thread).
    public static func userName(uid: UInt32) -> String {
        var pwd = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        let rc = getpwuid_r(uid, &pwd, &buffer, buffer.count, &result)
        guard rc == 0, result != nil, let name = pwd.pw_name else { return String(uid) }
        return String(cString: name)
    }
}
