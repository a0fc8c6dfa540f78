import GembaCore

/// What a running console does between the terminal and the daemon, without either: keys
/// and daemon events go in; requests to send and frames come out. It decides what to ask
/// for again after a change (the orders after an operation, the holds after a hold, the
/// OEE figures every five seconds while they are shown) and when a frame is owed (at once
/// after a key, within a tenth of a second after a change, on every new second for the
/// clocks). `GembaTerminal` only reads keys, draws the grids and carries the requests.
public struct ConsoleSession: Sendable {
    /// What the session asks of the terminal and the connection.
    public enum Output: Sendable, Equatable {
        case send(ConsoleRequest)
        case quit
        /// Repaint every cell (Ctrl-L).
        case fullRedraw
        /// Ring the terminal bell (a new unacknowledged alarm, with `--bell`).
        case bell
    }

    public var app: ConsoleApp
    /// The shortest time between two frames drawn for daemon changes (keys draw at once).
    public static let frameInterval: Timestamp = Nanos.perSecond / 10
    /// How often the OEE screen's figures are asked for again while it is shown.
    public static let oeeRefresh: Timestamp = 5 * Nanos.perSecond
    /// How old the plant's UTC-offset table may grow before the whole floor is asked for
    /// again: the daemon pushes only changes after a subscribe, and the table reaches a
    /// week ahead (`UTCOffsets.lookAhead`), so a console left open for weeks keeps the
    /// right clock across daylight-saving changes.
    public static let offsetsRefresh: Timestamp = 6 * 3600 * Nanos.perSecond

    /// Keys a barcode scanner typed while no prompt was open: held for `burstGap` to see
    /// whether more follow; a burst is dropped whole instead of running as screen keys.
    private var heldKeys: [Key] = []
    private var lastKeyAt: Timestamp = 0
    /// Keys closer together than this come from a scanner (or a paste), not a person.
    public static let burstGap: Timestamp = 15 * 1_000_000
    private var keyPressed = true
    private var changed = false
    private var lastDraw: Timestamp = 0
    private var lastSecond: Int64 = -1
    private var lastOEERequest: Timestamp = 0
    private var lastStatusRequest: Timestamp = 0

    public init(app: ConsoleApp) { self.app = app }

    /// One key from the person. With no prompt open, a printable key waits `burstGap`: a
    /// scan (a whole code and Enter within milliseconds) arriving where nothing asked for it
    /// is dropped with a notice, never run key by key as screen keys (`r` refused on a stop,
    /// then `sensor_fault` + Enter would unshelve, sort, switch screens…).
    public mutating func key(_ key: Key, now: Timestamp) -> [Output] {
        keyPressed = true
        let sinceLast = now - lastKeyAt
        lastKeyAt = now
        let typing = app.model.prompt != nil || app.model.picker != nil
        if !typing {
            if !heldKeys.isEmpty && sinceLast < Self.burstGap {
                heldKeys.append(key)
                return []
            }
            var out = releaseHeldKeys()
            if case .char = key {
                heldKeys = [key]
                return out
            }
            out += handle(key, now: now)
            return out
        }
        return releaseHeldKeys() + handle(key, now: now)
    }

    /// The held keys, once no more came within `burstGap`: one key runs; a burst is dropped.
    private mutating func releaseHeldKeys() -> [Output] {
        defer { heldKeys = [] }
        if heldKeys.count == 1 { return handle(heldKeys[0], now: lastKeyAt) }
        if heldKeys.count > 1 {
            app.model.notice = "a scan (\(heldKeys.count) keys at once) arrived where nothing asked for one: ignored"
        }
        return []
    }

    private mutating func handle(_ key: Key, now: Timestamp) -> [Output] {
        var out: [Output] = []
        for effect in app.handle(key) {
            switch effect {
            case .quit: out.append(.quit)
            case .fullRedraw: out.append(.fullRedraw)
            case .request(let r): out += send(r, now: now)
            }
        }
        return out
    }

    /// What the daemon sent since the last call.
    public mutating func receive(_ events: [ConsoleEvent], now: Timestamp) -> [Output] {
        guard !events.isEmpty else { return [] }
        changed = true
        var out: [Output] = []
        for event in events {
            switch event {
            case .hello(let h): app.connected(h)
            case .snapshot(let s):
                app.received(s)
                if let r = app.arrivalCheck() { out += send(r, now: now) }
            case .delta(let d):
                let shown = app.detailAlarm
                app.received(d)
                // The alarm detail asks for its transitions again when its alarm changed.
                if let shown, let current = app.detailAlarm, current != shown {
                    out += send(.alarmHistory(.init(alarm: current.definition)), now: now)
                }
                if d.schedule != nil && app.model.screen == .orders { out += send(.orders(.init()), now: now) }
                // A new shift began while the console was open: its lead is shown the notes left for it.
                if d.shift != nil, let r = app.arrivalCheck() { out += send(r, now: now) }
            case .detail(let d): app.received(d)
            case .history(let h): app.received(h)
            case .spc(let r): app.received(r)
            case .maintenance(let b): app.received(b)
            case .handover(let b): app.received(b)
            case .handoverNoted(let n):
                app.received(n)
                if app.model.screen == .handover { out += send(.handover(.init(previous: app.model.handoverScreen.previous ? true : nil)), now: now) }
            case .maintenanceDone(let d):
                app.received(d)
                out += send(.maintenance(.init()), now: now)
            case .measured(let m):
                app.received(m)
                out += send(.spc(.init(characteristic: m.characteristic)), now: now)
            case .oeeBoard(let b): app.received(b)
            case .classified(let c): app.received(c)
            case .alarmActed(let r):
                app.received(r)
                if app.model.screen == .audit { out += send(.audit(.init(limit: 500)), now: now) }
                if app.model.screen == .alarmDetail(r.alarm.definition) { out += send(.alarmHistory(.init(alarm: r.alarm.definition)), now: now) }
            case .alarmHistory(let h): app.received(h)
            case .audit(let a): app.received(a)
            case .auditVerified(let v): app.model.auditScreen.verdict = v
            case .operationDone(let r):
                app.received(r)
                if app.model.screen == .orders { out += send(.orders(.init()), now: now) }
            case .orders(let o): app.received(o)
            case .holds(let h): app.received(h)
            case .trace(let t): app.received(t)
            case .holdDone(let h):
                app.received(h)
                out += send(.holds(.init()), now: now)
            case .counted(let c, let order, let index): app.received(c, order: order, index: index)
            case .lot(let lot): app.received(lot)
            case .refused(let e, let request): app.refused(e, request: request)
            case .disconnected(let why): app.disconnected(why)
            case .done: break
            }
        }
        if app.bellPending {
            app.bellPending = false
            out.append(.bell)
        }
        return out
    }

    /// Time passing: a held key runs once no more followed it; the OEE figures are asked for
    /// again while they are shown; the floor is asked for whole when the plant's UTC-offset
    /// table grows old (at most once a minute while the daemon does not answer).
    public mutating func tick(now: Timestamp) -> [Output] {
        var out: [Output] = []
        if !heldKeys.isEmpty && now - lastKeyAt >= Self.burstGap {
            keyPressed = true
            out += releaseHeldKeys()
        }
        if let madeAt = app.model.plant?.utcOffsets?.first.map({ $0.fromNanos + UTCOffsets.lookBack }),
            now - madeAt >= Self.offsetsRefresh, now - lastStatusRequest >= 60 * Nanos.perSecond
        {
            lastStatusRequest = now
            out.append(.send(ConsoleRequest(Requests.Status())))
        }
        guard app.model.screen == .oee, now - lastOEERequest >= Self.oeeRefresh else { return out }
        return out + send(.oeeBoard(.init(convention: app.model.oeeScreen.convention.rawValue)), now: now)
    }

    /// The terminal changed size (or something else wrote on it): the next frame is owed at once.
    public mutating func invalidate() { keyPressed = true }

    /// True when a frame is owed now: after a key, on a new second, or a tenth of a second
    /// after the last frame when the daemon changed something.
    public func needsFrame(now: Timestamp) -> Bool {
        keyPressed || now / Nanos.perSecond != lastSecond || (changed && now - lastDraw >= Self.frameInterval)
    }

    /// How long the terminal may wait for a key before a frame is owed, in milliseconds.
    public func waitMilliseconds(now: Timestamp) -> Int32 {
        if needsFrame(now: now) { return 0 }
        if !heldKeys.isEmpty { return Int32(max(1, (Self.burstGap - (now - lastKeyAt)) / 1_000_000)) }
        let toSecond = Nanos.perSecond - now % Nanos.perSecond
        let toFrame = changed ? max(0, Self.frameInterval - (now - lastDraw)) : toSecond
        return Int32(max(1, min(toSecond, toFrame) / 1_000_000))
    }

    /// Draws the frame for `now`.
    public mutating func frame(width: Int, height: Int, now: Timestamp) -> Grid {
        var grid = Grid(width: width, height: height)
        app.resize(width: width, height: height)
        app.render(into: &grid, now: now)
        lastSecond = now / Nanos.perSecond
        lastDraw = now
        keyPressed = false
        changed = false
        return grid
    }

    private mutating func send(_ r: ConsoleRequest, now: Timestamp) -> [Output] {
        if case .oeeBoard = r { lastOEERequest = now }
        return [.send(r)]
    }
}
