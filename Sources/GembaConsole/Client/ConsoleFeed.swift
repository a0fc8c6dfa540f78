import Foundation
import GembaCore

/// Keeps a console attached to the daemon: connects (and reconnects after a
/// loss, every two seconds), subscribes, and turns what the daemon pushes into
/// events the UI thread drains between frames. The UI never blocks on the socket.
public final class ConsoleFeed: @unchecked Sendable {
    // @unchecked: every mutable field below is guarded by `lock`.
    public enum Event: Sendable {
        case hello(ServerHello)
        case snapshot(FloorSnapshot)
        case delta(FloorDelta)
        case detail(MachineDetail)
        case oeeBoard(OEEBoard)
        case classified(Classification)
        case alarmActed(AlarmActionResult)
        case audit(AuditList)
        case operationDone(OrderChangeResult)
        case orders([OrderStatus])
        case holds([Hold])
        case trace(Trace)
        case holdDone(Hold)
        case counted(CountedQuantity, order: String, index: Int)
        case refused(ProtocolError)
        case disconnected(String)
    }

    private enum Pending { case subscribe, detail, oeeBoard, classify, alarmAction, audit, operation, counts(String, Int), orders, holds, trace, hold }

    private let path: String
    private let lock = NSLock()
    private var events: [Event] = []
    private var connection: ConsoleConnection?
    private var pending: [Int: Pending] = [:]
    private var stopped = false
    /// Called (on the feed's thread) when an event arrives, to wake the UI.
    private let wake: @Sendable () -> Void

    public init(path: String, wake: @escaping @Sendable () -> Void = {}) {
        self.path = path
        self.wake = wake
    }

    public func start() {
        let thread = Thread { [self] in run() }
        thread.name = "gemba-console-feed"
        thread.start()
    }

    public func stop() {
        lock.lock()
        stopped = true
        let c = connection
        lock.unlock()
        c?.shutdown()
    }

    public func drain() -> [Event] {
        lock.lock()
        defer { lock.unlock() }
        let out = events
        events.removeAll(keepingCapacity: true)
        return out
    }

    public func requestDetail(machine: String) {
        lock.lock()
        defer { lock.unlock() }
        guard let c = connection, let id = try? c.send(ClientRequest(type: "machine_detail", machine: machine)) else { return }
        pending[id] = .detail
    }

    public func classify(machine: String, start: Timestamp, reason: String) {
        lock.lock()
        defer { lock.unlock() }
        guard let c = connection,
            let id = try? c.send(ClientRequest(type: "classify", machine: machine, start: String(start), reason: reason))
        else { return }
        pending[id] = .classify
    }

    public func requestOEEBoard(convention: OEEConvention) {
        lock.lock()
        defer { lock.unlock() }
        guard let c = connection, let id = try? c.send(ClientRequest(type: "oee_board", convention: convention.rawValue)) else { return }
        pending[id] = .oeeBoard
    }

    /// An alarm action (`ack`, `shelve`, `unshelve`, `reset`) on the person's behalf.
    public func alarmAction(_ type: String, alarm: String, comment: String?, duration: String?) {
        send(ClientRequest(type: type, alarm: alarm, comment: comment, duration: duration), as: .alarmAction)
    }

    /// `op_start`, `op_pause`, `op_finish` on the person's behalf.
    public func operation(_ type: String, order: String, index: Int, machine: String?, good: Int?, scrap: Int?, lots: [String] = [], lot: String? = nil) {
        send(
            ClientRequest(
                type: type, machine: machine, order: order, index: index, good: good, scrap: scrap, lot: lot,
                lots: lots.isEmpty ? nil : lots.map { LotQuantity(lot: $0, quantity: nil) }), as: .operation)
    }

    public func requestOrders() { send(ClientRequest(type: "orders"), as: .orders) }

    public func requestHolds() { send(ClientRequest(type: "holds"), as: .holds) }

    public func requestTrace(lot: String, forward: Bool) {
        send(ClientRequest(type: "trace", lot: lot, direction: forward ? "forward" : "backward"), as: .trace)
    }

    /// `hold_place` or `hold_release`; the reply is the hold.
    public func holdChange(_ r: ClientRequest) { send(r, as: .hold) }

    /// Any order change (`order_add`, `order_priority`, `order_cancel`); the reply is an OrderChangeResult.
    public func orderChange(_ r: ClientRequest) { send(r, as: .operation) }

    public func requestCounts(order: String, index: Int) {
        send(ClientRequest(type: "op_counts", order: order, index: index), as: .counts(order, index))
    }

    public func requestAudit(limit: Int = 500) {
        send(ClientRequest(type: "audit", limit: limit), as: .audit)
    }

    private func send(_ r: ClientRequest, as kind: Pending) {
        lock.lock()
        defer { lock.unlock() }
        guard let c = connection, let id = try? c.send(r) else { return }
        pending[id] = kind
    }

    private func post(_ e: Event) {
        lock.lock()
        events.append(e)
        lock.unlock()
        wake()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func run() {
        var lastError = ""
        while !isStopped {
            do {
                let c = try ConsoleConnection(path: path)
                lock.lock()
                connection = c
                let sent = Result { try c.send(ClientRequest(type: "subscribe")) }
                if case .success(let id) = sent { pending[id] = .subscribe }
                lock.unlock()
                _ = try sent.get()
                if let hello = c.hello { post(.hello(hello)) }
                lastError = ""
                try read(c)
            } catch {
                lock.lock()
                connection = nil
                pending.removeAll()
                lock.unlock()
                let message = "\(error)"
                if isStopped { return }
                if message != lastError { post(.disconnected(message)) }
                lastError = message
                Thread.sleep(forTimeInterval: 2)
            }
        }
    }

    private func read(_ c: ConsoleConnection) throws {
        let decoder = JSONDecoder()
        while !isStopped {
            let line = try c.readLine()
            guard let header = try? decoder.decode(MessageHeader.self, from: line) else { continue }
            switch header.type {
            case "delta":
                if let d = try? decoder.decode(DeltaEvent.self, from: line) { post(.delta(d.delta)) }
            case "reply":
                lock.lock()
                let kind = header.id.flatMap { pending.removeValue(forKey: $0) }
                lock.unlock()
                if header.ok == false {
                    post(.refused(header.error ?? ProtocolError(code: "refused", message: "the daemon refused a request")))
                    continue
                }
                switch kind {
                case .subscribe:
                    if let r = try? decoder.decode(Reply<FloorSnapshot>.self, from: line) { post(.snapshot(r.result)) }
                case .detail:
                    if let r = try? decoder.decode(Reply<MachineDetail>.self, from: line) { post(.detail(r.result)) }
                case .classify:
                    if let r = try? decoder.decode(Reply<Classification>.self, from: line) { post(.classified(r.result)) }
                case .oeeBoard:
                    if let r = try? decoder.decode(Reply<OEEBoard>.self, from: line) { post(.oeeBoard(r.result)) }
                case .alarmAction:
                    if let r = try? decoder.decode(Reply<AlarmActionResult>.self, from: line) { post(.alarmActed(r.result)) }
                case .audit:
                    if let r = try? decoder.decode(Reply<AuditList>.self, from: line) { post(.audit(r.result)) }
                case .operation:
                    if let r = try? decoder.decode(Reply<OrderChangeResult>.self, from: line) { post(.operationDone(r.result)) }
                case .orders:
                    if let r = try? decoder.decode(Reply<[OrderStatus]>.self, from: line) { post(.orders(r.result)) }
                case .holds:
                    if let r = try? decoder.decode(Reply<[Hold]>.self, from: line) { post(.holds(r.result)) }
                case .trace:
                    if let r = try? decoder.decode(Reply<Trace>.self, from: line) { post(.trace(r.result)) }
                case .hold:
                    if let r = try? decoder.decode(Reply<Hold>.self, from: line) { post(.holdDone(r.result)) }
                case .counts(let order, let index):
                    if let r = try? decoder.decode(Reply<CountedQuantity>.self, from: line) { post(.counted(r.result, order: order, index: index)) }
                case nil:
                    break
                }
            default:
                break
            }
        }
    }
}
