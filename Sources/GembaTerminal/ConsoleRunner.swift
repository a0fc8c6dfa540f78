import GembaClient
import GembaConsole
import GembaCore

#if canImport(Glibc)
import Glibc
#endif

/// The console's main loop: reads keys, carries requests to the daemon and events back,
/// and draws the frames a `ConsoleSession` asks for. What to ask for and when to draw is the
/// session's (tested without a terminal); a frame that changes nothing sends nothing.
public enum ConsoleRunner {
    public struct Options: Sendable {
        public var socketPath: String
        public var noColor: Bool
        /// Ring the terminal bell when a new unacknowledged alarm arrives.
        public var bell: Bool
        /// A line terminal: open on this machine's queue.
        public var station: String?
        /// Inside `gemba demo`: the help says that quitting ends the demo.
        public var demo: Bool

        public init(socketPath: String, noColor: Bool, bell: Bool = false, station: String? = nil, demo: Bool = false) {
            self.station = station
            self.demo = demo
            self.socketPath = socketPath
            self.noColor = noColor
            self.bell = bell
        }
    }

    public static func run(_ options: Options, now: @escaping @Sendable () -> Timestamp) throws {
        let terminal = try CursesTerminal(noColor: options.noColor)
        defer { terminal.close() }
        var app = ConsoleApp(theme: terminal.theme)
        app.bell = options.bell
        app.model.demo = options.demo
        if let station = options.station {
            app.model.station = station
            app.model.screen = .queues
        }
        let feed = ConsoleFeed(path: options.socketPath)
        feed.start()
        defer { feed.stop() }

        var session = ConsoleSession(app: app)
        var lastSecond: Int64 = -1
        loop: while !terminal.stopRequested {
            var outputs: [ConsoleSession.Output] = []
            if let key = terminal.readKey(timeoutMs: min(40, session.waitMilliseconds(now: now()))) {
                outputs += session.key(key, now: now())
            }
            let t = now()
            outputs += session.receive(feed.drain(), now: t)
            outputs += session.tick(now: t)
            for output in outputs {
                switch output {
                case .quit: break loop
                case .fullRedraw: terminal.invalidate()
                case .send(let r): feed.send(r)
                case .bell: terminal.bell()
                }
            }
            // Once a second, check the size against the kernel's (a missed SIGWINCH), and that the
            // terminal is still there (a closed session whose SIGHUP never came).
            if t / Nanos.perSecond != lastSecond {
                lastSecond = t / Nanos.perSecond
                if terminal.hungUp { break loop }
                if terminal.followKernelSize() { session.invalidate() }
            }
            guard session.needsFrame(now: t) else { continue }
            let size = terminal.size
            terminal.draw(session.frame(width: size.width, height: size.height, now: t))
        }
    }
}
