/// Whether a runtime directory can be trusted with the daemon's sockets. Another user who
/// owns it, or who may write in it, could replace a socket with their own and read what
/// consoles send or feed them a false floor; so the daemon refuses to start in such a
/// directory, and every client refuses to connect through one. The rule is here, once; each
/// side reads the directory's owner and mode itself.
public enum RuntimeDirectoryPolicy {
    /// Why a directory with this owner and mode cannot be trusted, or nil. `owners` are the
    /// users it may belong to (nil: anyone, for a directory named explicitly to a client, whose
    /// daemon may run as another user); it is never trusted when users other than its owner
    /// may write in it.
    public static func problem(owner: UInt32, mode: UInt32, owners: [UInt32]?) -> String? {
        let octal = String(mode & 0o7777, radix: 8)
        if let owners, !owners.contains(owner) {
            let expected = owners.map { "uid \($0)" }.joined(separator: " or ")
            return "is owned by uid \(owner), not by \(expected): another user could replace its sockets; "
                + "remove it or choose another --runtime-dir"
        }
        if mode & 0o002 != 0 {
            return "is writable by every user (mode \(octal)): anyone could replace its sockets; "
                + "remove it (the daemon creates it with mode 700) or chmod 700 it"
        }
        if mode & 0o020 != 0 {
            return "is writable by its group (mode \(octal)): a member could replace its sockets; chmod 700 it (750 with console_group)"
        }
        return nil
    }

    /// The mode the daemon gives its runtime directory: 0700, or 0750 when consoles of a group
    /// reach the socket.
    public static func mode(consoleGroup: Bool) -> UInt32 { consoleGroup ? 0o750 : 0o700 }
}
