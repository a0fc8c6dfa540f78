import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Why a child process could not be run to the end.
struct SubprocessError: Error, CustomStringConvertible {
    var description: String
}

/// Child processes for the end-to-end tests, on posix_spawn and waitpid.
///
/// Foundation's `Process.waitUntilExit()` waits on a run loop for a SIGCHLD that,
/// without a controlling terminal (as in CI), may never be delivered: the child
/// becomes a zombie and the test hangs for ever. Here every wait polls waitpid
/// against a deadline and kills the child when it passes, so a test can fail but
/// never hang. Children start with an empty signal mask and default dispositions,
/// whatever the test thread that spawned them had blocked.
struct Subprocess {
    let pid: pid_t

    /// Starts `argv` (searched in PATH). Standard input is /dev/null; standard
    /// output and error go to `output` (a descriptor) or to /dev/null. The child gets
    /// `environment` when given, this process's environment otherwise.
    static func spawn(_ argv: [String], output: Int32? = nil, environment: [String: String]? = nil) throws -> Subprocess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let output {
            posix_spawn_file_actions_adddup2(&actions, output, 1)
            posix_spawn_file_actions_adddup2(&actions, output, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attr, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for s in [SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGCHLD] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigdefault(&attr, &defaults)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let cargs = argv.map { strdup($0) } + [nil]
        defer { for a in cargs { free(a) } }
        let cenv = (environment ?? [:]).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for e in cenv { free(e) } }
        var pid: pid_t = 0
        func start() -> Int32 {
            if environment == nil { return posix_spawnp(&pid, argv[0], &actions, &attr, cargs, environ) }
            return posix_spawnp(&pid, argv[0], &actions, &attr, cargs, cenv)
        }
        var rc = start()
        // A binary just copied may be briefly held open for writing by a child another test
        // thread forked meanwhile (Linux says ETXTBSY until that child execs): try again.
        var tries = 0
        while rc == ETXTBSY && tries < 100 {
            usleep(20_000)
            tries += 1
            rc = start()
        }
        guard rc == 0 else { throw SubprocessError(description: "cannot start \(argv[0]): \(String(cString: strerror(rc)))") }
        return Subprocess(pid: pid)
    }

    /// Waits for the child to end; its exit status, or nil when the deadline passed first.
    func wait(timeout: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                // WIFEXITED / WEXITSTATUS, spelled out (the C macros do not import).
                return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
            }
            if r < 0 && errno != EINTR { return -1 }
            if Date() > deadline { return nil }
            usleep(10_000)
        }
    }

    func signal(_ sig: Int32) { kill(pid, sig) }

    /// Sends SIGTERM, then SIGKILL if the child has not ended within `grace` seconds.
    @discardableResult
    func stop(grace: Double = 10) -> Int32? {
        signal(SIGTERM)
        if let status = wait(timeout: grace) { return status }
        signal(SIGKILL)
        _ = wait(timeout: 5)
        return nil
    }

    /// Runs `argv` to the end and returns its exit status and what it printed
    /// (standard output and error together). A child still running at the
    /// deadline is killed and reported as an error.
    static func run(_ argv: [String], timeout: Double = 30, environment: [String: String]? = nil) throws -> (status: Int32, output: String) {
        var fds: [Int32] = [0, 0]
        // A socket pair rather than pipe(2): it is created close-on-exec in one step, so a
        // child spawned meanwhile by another test thread cannot inherit it and hold it open.
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
            throw SubprocessError(description: "socketpair: \(String(cString: strerror(errno)))")
        }
        let child: Subprocess
        do {
            child = try spawn(argv, output: fds[1], environment: environment)
        } catch {
            close(fds[0])
            close(fds[1])
            throw error
        }
        close(fds[1])
        defer { close(fds[0]) }
        let deadline = Date().addingTimeInterval(timeout)
        var data = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let left = deadline.timeIntervalSinceNow
            if left <= 0 {
                child.signal(SIGKILL)
                _ = child.wait(timeout: 5)
                throw SubprocessError(description: "\(argv.joined(separator: " ")) did not end within \(Int(timeout)) s")
            }
            var pfd = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
            let rc = poll(&pfd, 1, Int32(min(left, 1) * 1000) + 1)
            if rc < 0 && errno != EINTR { break }
            if rc <= 0 { continue }
            let n = read(fds[0], &chunk, chunk.count)
            if n > 0 {
                data.append(contentsOf: chunk[0..<n])
            } else if n == 0 || errno != EINTR {
                break
            }
        }
        guard let status = child.wait(timeout: max(1, deadline.timeIntervalSinceNow)) else {
            child.signal(SIGKILL)
            _ = child.wait(timeout: 5)
            throw SubprocessError(description: "\(argv.joined(separator: " ")) did not end within \(Int(timeout)) s")
        }
        return (status, String(decoding: data, as: UTF8.self))
    }
}
