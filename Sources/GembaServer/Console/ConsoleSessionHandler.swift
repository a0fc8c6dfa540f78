import Foundation
import GembaCore
import NIOCore
import NIOPosix

/// One console connection: greets with `hello`, frames requests by newline,
/// answers them off the event loop, one at a time and in order, and starts pushing deltas
/// once a subscription's snapshot is on its way. One request at a time per connection: a
/// client that pipelines heavy requests holds one worker of the pool at most, so every
/// other console's ping and snapshot find the other free.
final class ConsoleSessionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// A request line longer than this is refused and the connection closed.
    static let maximumRequestLength = 1 << 20

    private let service: ConsoleService
    private let identity: Identity
    private var credentials: PeerCredentials { identity.credentials }
    private let pool: NIOThreadPool
    private var buffer: ByteBuffer?
    private var requestNumber = 0
    /// Lines waiting while this connection's request before them runs.
    private var waiting: [(line: Data, number: Int)] = []
    private var running = false
    /// The most lines one connection may have waiting; beyond it the connection is closed.
    static let maximumWaiting = 1000

    init(service: ConsoleService, identity: Identity, pool: NIOThreadPool) {
        self.service = service
        self.identity = identity
        self.pool = pool
    }

    func channelActive(context: ChannelHandlerContext) {
        let info = ConsoleInfo(
            user: credentials.user, uid: credentials.uid, pid: credentials.pid,
            connected: ISOTime.format(service.clock()))
        service.hub.register(context.channel, info: info)
        let hello = ServerHello(
            protocol: ConsoleProtocol.version, server: service.serverName, plant: service.plantName,
            user: credentials.user, uid: credentials.uid, roles: identity.roles.sorted().map(\.rawValue),
            permissions: RoleMatrix.permissions(of: identity.roles).map(\.rawValue))
        write(context: context, ConsoleService.encode(hello))
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        service.hub.unregister(context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var incoming = unwrapInboundIn(data)
        if buffer == nil { buffer = incoming } else { buffer?.writeBuffer(&incoming) }
        while let view = buffer?.readableBytesView, let nl = view.firstIndex(of: UInt8(ascii: "\n")) {
            let length = nl - view.startIndex
            let line = Data(buffer?.readBytes(length: length) ?? [])
            buffer?.moveReaderIndex(forwardBy: 1)
            requestNumber += 1
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { continue }
            dispatch(context: context, line: line, number: requestNumber)
        }
        if let b = buffer, b.readableBytes > Self.maximumRequestLength {
            let e = ErrorReply(
                id: nil, error: ProtocolError(code: "request_too_long", message: "a request line is longer than \(Self.maximumRequestLength) bytes"))
            write(context: context, ConsoleService.encode(e))
            context.close(promise: nil)
        }
        buffer?.discardReadBytes()
    }

    private func dispatch(context: ChannelHandlerContext, line: Data, number: Int) {
        guard !running else {
            if waiting.count >= Self.maximumWaiting {
                let e = ErrorReply(
                    id: nil,
                    error: ProtocolError(code: "too_many_requests", message: "more than \(Self.maximumWaiting) requests waiting on one connection"))
                write(context: context, ConsoleService.encode(e))
                context.close(promise: nil)
                return
            }
            waiting.append((line, number))
            return
        }
        running = true
        let channel = context.channel
        let service = self.service
        let identity = self.identity
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loopContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        // Requests may read the database: answer them on the thread pool, never on the event loop.
        pool.runIfActive(eventLoop: channel.eventLoop) {
            service.handle(line: line, lineNumber: number, channel: channel, identity: identity)
        }.whenComplete { result in
            // On the event loop: the next line of this connection, if one waits.
            handler.value.running = false
            if !handler.value.waiting.isEmpty, channel.isActive {
                let next = handler.value.waiting.removeFirst()
                handler.value.dispatch(context: loopContext.value, line: next.line, number: next.number)
            }
            guard case .success(let (reply, action)) = result else { return }
            var data = reply
            data.append(UInt8(ascii: "\n"))
            let written = channel.writeAndFlush(ByteBuffer(bytes: data))
            switch action {
            case .none: break
            case .subscribed: written.whenComplete { _ in service.hub.markReady(channel) }
            case .close: written.whenComplete { _ in channel.close(promise: nil) }
            }
        }
    }

    private func write(context: ChannelHandlerContext, _ data: Data) {
        var out = context.channel.allocator.buffer(capacity: data.count + 1)
        out.writeBytes(data)
        out.writeInteger(UInt8(ascii: "\n"))
        context.writeAndFlush(wrapOutboundOut(out), promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}
