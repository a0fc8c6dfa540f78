import GembaConsole
import GembaCore

#if canImport(Glibc)
import Glibc
#endif

/// The console's main loop: keys and daemon events in, frames out.
///
/// Frames are drawn when something changed, coalesced: at once after a key,
/// at most `dataFrameInterval` apart for daemon changes, and once a second for
/// the clocks. Nothing is drawn when nothing changed.
public enum ConsoleRunner {
    public struct Options: Sendable {
        public var socketPath: String
        public var noColor: Bool
        public var dataFrameInterval: Timestamp

        public init(socketPath: String, noColor: Bool, dataFrameInterval: Timestamp = 250 * 1_000_000) {
            self.socketPath = socketPath
            self.noColor = noColor
            self.dataFrameInterval = dataFrameInterval
        }
    }

    public static func run(_ options: Options, now: @escaping @Sendable () -> Timestamp) throws {
        let terminal = try CursesTerminal(noColor: options.noColor)
        defer { terminal.close() }
        var app = ConsoleApp(theme: terminal.theme)
        let feed = ConsoleFeed(path: options.socketPath)
        feed.start()
        defer { feed.stop() }

        var pendingData = false
        var keyPressed = true
        var lastFrame: Timestamp = 0
        var lastSecond: Int64 = -1
        loop: while !terminal.stopRequested {
            if let key = terminal.readKey(timeoutMs: 40) {
                keyPressed = true
                for effect in app.handle(key) {
                    switch effect {
                    case .quit: break loop
                    case .requestDetail(let id): feed.requestDetail(machine: id)
                    case .fullRedraw: terminal.invalidate()
                    }
                }
            }
            for event in feed.drain() {
                pendingData = true
                switch event {
                case .hello(let h): app.connected(h)
                case .snapshot(let s): app.received(s)
                case .delta(let d): app.received(d)
                case .detail(let d): app.received(d)
                case .refused(let e): app.refused(e)
                case .disconnected(let why): app.disconnected(why)
                }
            }
            let t = now()
            let second = t / Nanos.perSecond
            let due = keyPressed || second != lastSecond || (pendingData && t - lastFrame >= options.dataFrameInterval)
            guard due else { continue }
            let size = terminal.size
            var grid = Grid(width: size.width, height: size.height)
            app.render(into: &grid, now: t)
            terminal.draw(grid)
            lastFrame = t
            lastSecond = second
            keyPressed = false
            pendingData = false
        }
    }
}
