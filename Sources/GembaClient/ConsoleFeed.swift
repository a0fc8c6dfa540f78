import Foundation
import GembaCore

/// Keeps a console attached to the daemon: connects (and reconnects after a
/// loss, every two seconds), subscribes, and turns what the daemon pushes into
/// events the UI thread drains between frames. The UI never blocks on the socket.
public final class ConsoleFeed: @unchecked Sendable {
    // @unchecked: every mutable field below is guarded by `lock`.
    public typealias Event = ConsoleEvent

    private let path: String
    private let lock = NSLock()
    private var events: [Event] = []
    private var connection: ConsoleConnection?
    /// Requests sent and not yet answered, by id: their replies decode by what was asked.
    private var pending: [Int: ConsoleRequest] = [:]
    private var stopped = false
    /// Called (on the feed's thread) when an event arrives, to wake the UI.
    private let wake: @Sendable () -> Void

    public init(path: String, wake: @escaping @Sendable () -> Void = {}) {
        self.path = path
        self.wake = wake
    }

    public func start() {
        PlainThread.detach { [self] in run() }
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

    /// Sends a request on the person's behalf; its reply arrives as an event. Without a
    /// connection the request is dropped and the person is told (the feed is reconnecting).
    public func send(_ request: ConsoleRequest) {
        lock.lock()
        let c = connection
        var failure: String?
        if let c {
            do {
                pending[try c.send(request)] = request
            } catch {
                failure = "\(request.type) not sent: \(error.message)"
            }
        } else {
            failure = "\(request.type) not sent: not connected to the daemon (reconnecting)"
        }
        lock.unlock()
        if let failure { post(.refused(ProtocolError(code: "not_connected", message: failure), request: request)) }
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
        // Seconds before the next attempt: 1, 2, 4, 8, then every 10 while the daemon is away.
        var retry = 1.0
        while !isStopped {
            do {
                let c = try ConsoleConnection(path: path)
                lock.lock()
                connection = c
                let subscribe = ConsoleRequest(Requests.Subscribe())
                let sent = Result { () throws(ConnectionError) -> Int in try c.send(subscribe) }
                if case .success(let id) = sent { pending[id] = subscribe }
                lock.unlock()
                _ = try sent.get()
                if let hello = c.hello { post(.hello(hello)) }
                lastError = ""
                retry = 1
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
                PlainThread.sleep(seconds: retry)
                retry = min(retry * 2, 10)
            }
        }
    }

    private func read(_ c: ConsoleConnection) throws {
        let decoder = JSONDecoder()
        while !isStopped {
            let line = try c.readLine()
            // A line that is not a message (never sent by a daemon of this protocol) is skipped.
            guard let header = try? decoder.decode(MessageHeader.self, from: line) else { continue }
            // Two kinds of message reach a subscribed console: pushed deltas and replies.
            if header.type == "delta" {
                do {
                    post(.delta(try decoder.decode(DeltaEvent.self, from: line).delta))
                } catch {
                    post(
                        .refused(ProtocolError(code: "bad_reply", message: "a change pushed by the daemon could not be read: \(error)"), request: nil)
                    )
                }
            } else if header.type == "reply" {
                lock.lock()
                let kind = header.id.flatMap { pending.removeValue(forKey: $0) }
                lock.unlock()
                if header.ok == false {
                    post(.refused(header.error ?? ProtocolError(code: "refused", message: "the daemon refused a request"), request: kind))
                    continue
                }
                guard let request = kind else { continue }
                do {
                    post(try Self.event(for: request, reply: line, decoder: decoder))
                } catch {
                    post(
                        .refused(
                            ProtocolError(code: "bad_reply", message: "the daemon's reply to \(request.type) could not be read: \(error)"),
                            request: request))
                }
            }
        }
    }

    /// What a reply means to the console, by the request it answers.
    static func event(for request: ConsoleRequest, reply line: Data, decoder: JSONDecoder) throws -> Event {
        func result<P: ConsoleRequestPayload>(_: P) throws -> P.Response { try decoder.decode(Reply<P.Response>.self, from: line).result }
        switch request {
        case .subscribe, .status:
            return .snapshot(try decoder.decode(Reply<FloorSnapshot>.self, from: line).result)
        case .machineDetail(let p): return .detail(try result(p))
        case .classify(let p): return .classified(try result(p))
        case .oeeBoard(let p): return .oeeBoard(try result(p))
        case .ack, .shelve, .unshelve, .reset, .outOfService, .inService:
            return .alarmActed(try decoder.decode(Reply<AlarmActionResult>.self, from: line).result)
        case .audit(let p): return .audit(try result(p))
        case .alarmHistory(let p): return .alarmHistory(try result(p))
        case .auditVerify(let p): return .auditVerified(try result(p))
        case .importOrders, .orderAdd, .orderPriority, .orderCancel, .opStart, .opPause, .opFinish:
            return .operationDone(try decoder.decode(Reply<OrderChangeResult>.self, from: line).result)
        case .orders(let p): return .orders(try result(p))
        case .holds(let p): return .holds(try result(p))
        case .trace(let p): return .trace(try result(p))
        case .holdPlace, .holdRelease: return .holdDone(try decoder.decode(Reply<Hold>.self, from: line).result)
        case .opCounts(let p): return .counted(try result(p), order: p.order, index: p.index)
        case .lot(let p): return .lot(try result(p))
        case .history(let p): return .history(try result(p))
        case .spc(let p): return .spc(try result(p))
        case .measure(let p): return .measured(try result(p))
        case .maintenance(let p): return .maintenance(try result(p))
        case .maintenanceDone(let p): return .maintenanceDone(try result(p))
        case .handover(let p): return .handover(try result(p))
        case .handoverConfirm(let p): return .handover(try result(p))
        case .handoverAdd(let p): return .handoverNoted(try result(p))
        default: return .done(request.type)
        }
    }
}
