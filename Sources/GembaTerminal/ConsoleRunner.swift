import GembaClient
import GembaConsole
import GembaCore

#if canImport(Glibc)
import Glibc
#endif

/// The console's main loop: keys and daemon events in, frames out.
///
/// Frames are drawn at once after a key, and otherwise once a second, on the
/// second, with whatever the daemon changed since: the clocks and times in state
/// tick by the second anyway, so one frame a second carries every change, the
/// newest no more than a second old. A frame that changes nothing sends nothing.
public enum ConsoleRunner {
    public struct Options: Sendable {
        public var socketPath: String
        public var noColor: Bool
        /// Ring the terminal bell when a new unacknowledged alarm arrives.
        public var bell: Bool
        /// A line terminal: open on this machine's queue.
        public var station: String?

        public init(socketPath: String, noColor: Bool, bell: Bool = false, station: String? = nil) {
            self.station = station
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
        if let station = options.station {
            app.model.station = station
            app.model.screen = .queues
        }
        let feed = ConsoleFeed(path: options.socketPath)
        feed.start()
        defer { feed.stop() }

        var keyPressed = true
        var changed = false
        var lastDraw: Timestamp = 0
        var lastSecond: Int64 = -1
        var lastOEERequest: Timestamp = 0
        loop: while !terminal.stopRequested {
            if let key = terminal.readKey(timeoutMs: 40) {
                keyPressed = true
                for effect in app.handle(key) {
                    switch effect {
                    case .quit: break loop
                    case .fullRedraw: terminal.invalidate()
                    case .request(let r):
                        feed.send(r)
                        if case .oeeBoard = r { lastOEERequest = now() }
                    }
                }
            }
            let events = feed.drain()
            // A change from the daemon is drawn at once (in the same pass, with whatever else
            // arrived with it), not at the next whole second: what a person sees is what they act on.
            if !events.isEmpty { changed = true }
            for event in events {
                switch event {
                case .hello(let h): app.connected(h)
                case .snapshot(let s): app.received(s)
                case .delta(let d):
                    app.received(d)
                    if d.schedule != nil && app.model.screen == .orders { feed.send(.orders(.init())) }
                case .detail(let d): app.received(d)
                case .oeeBoard(let b): app.received(b)
                case .classified(let c): app.received(c)
                case .alarmActed(let r):
                    app.received(r)
                    if app.model.screen == .audit { feed.send(.audit(.init(limit: 500))) }
                case .audit(let a): app.received(a)
                case .operationDone(let r):
                    app.received(r)
                    if app.model.screen == .orders { feed.send(.orders(.init())) }
                case .orders(let o): app.received(o)
                case .holds(let h): app.received(h)
                case .trace(let t): app.received(t)
                case .holdDone(let h):
                    app.received(h)
                    feed.send(.holds(.init()))
                case .counted(let c, let order, let index): app.received(c, order: order, index: index)
                case .refused(let e): app.refused(e)
                case .disconnected(let why): app.disconnected(why)
                case .done: break
                }
            }
            let t = now()
            // The OEE screen's figures are asked for again every five seconds while it is shown.
            if app.model.screen == .oee && t - lastOEERequest >= 5 * Nanos.perSecond {
                feed.send(.oeeBoard(.init(convention: app.model.oeeConvention.rawValue)))
                lastOEERequest = t
            }
            if app.bellPending {
                app.bellPending = false
                terminal.bell()
                keyPressed = true
            }
            // Once a second, check the size against the kernel's (a missed SIGWINCH).
            if t / Nanos.perSecond != lastSecond && terminal.followKernelSize() { keyPressed = true }
            let second = t / Nanos.perSecond
            // Changes are coalesced to at most ten frames a second; keys are drawn at once.
            guard keyPressed || second != lastSecond || (changed && t - lastDraw >= Nanos.perSecond / 10) else { continue }
            let size = terminal.size
            var grid = Grid(width: size.width, height: size.height)
            app.render(into: &grid, now: t)
            terminal.draw(grid)
            lastSecond = second
            lastDraw = t
            keyPressed = false
            changed = false
        }
    }
}
