#if canImport(Glibc)
import Glibc
#endif

// State the signal handlers read. Written once, before the handlers are
// installed, and only read afterwards; the handlers call only
// async-signal-safe functions (tcsetattr, write, signal, raise).
nonisolated(unsafe) private var savedTermios = termios()
nonisolated(unsafe) private var savedTermiosValid = false
nonisolated(unsafe) private var restoreBytes: [CChar] = []
nonisolated(unsafe) private var stopFlag: sig_atomic_t = 0

/// Restores the terminal on every way out: a quit, Ctrl-C/SIGTERM/SIGHUP (which
/// set a flag the main loop reads), and a crash (which resets the tty modes and
/// leaves the alternate screen before the process dies with its signal).
enum TerminalGuard {
    /// Unblocks the signals the console relies on (window size, stop requests):
    /// a parent may hand over a mask that blocks them (some tmux servers do).
    static func unblockSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        for sig in [SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGCONT] { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    static func install(restoreSequence: String) {
        if tcgetattr(STDIN_FILENO, &savedTermios) == 0 { savedTermiosValid = true }
        restoreBytes = Array(restoreSequence.utf8CString)
        var stop = sigaction()
        stop.__sigaction_handler.sa_handler = { _ in stopFlag = 1 }
        sigaction(SIGINT, &stop, nil)
        sigaction(SIGTERM, &stop, nil)
        sigaction(SIGHUP, &stop, nil)
        for sig in [SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE] {
            signal(sig) { sig in
                if savedTermiosValid { tcsetattr(STDIN_FILENO, TCSANOW, &savedTermios) }
                restoreBytes.withUnsafeBufferPointer { b in
                    if let p = b.baseAddress { _ = write(STDOUT_FILENO, p, max(0, b.count - 1)) }
                }
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
    }

    static var stopRequested: Bool { stopFlag != 0 }
}
