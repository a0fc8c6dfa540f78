import GembaCore
import NIOCore
import NIOHTTP1
import NIOPosix

/// `GET /metrics` over HTTP/1.1 for Prometheus and the like: the exposition is rendered on
/// the thread pool (it reads the OEE ledgers), never on the event loop; any other path is 404,
/// any other method 405. A scraper that asks for OpenMetrics gets it. One request is answered
/// at a time per connection; a request with a body is refused (413) without reading it all.
final class MetricsHTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let render: @Sendable (MetricsExposition.Format) -> String
    private let pool: NIOThreadPool
    private var head: HTTPRequestHead?
    private var busy = false
    /// A body beyond this is not a scrape.
    static let maximumBody = 4096
    private var bodyBytes = 0
    /// A request must be whole this long after the connection opened or the last answer: a
    /// client that trickles its headers (slowloris) is closed, not kept.
    static let requestDeadline: TimeAmount = .seconds(30)
    private var deadline: Scheduled<Void>?

    init(pool: NIOThreadPool, render: @escaping @Sendable (MetricsExposition.Format) -> String) {
        self.pool = pool
        self.render = render
    }

    func handlerAdded(context: ChannelHandlerContext) { arm(context) }

    func handlerRemoved(context: ChannelHandlerContext) { deadline?.cancel() }

    /// Closes the connection unless a whole request arrives in time.
    private func arm(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: Self.requestDeadline) { channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            bodyBytes = 0
        case .body(let b):
            bodyBytes += b.readableBytes
            if bodyBytes > Self.maximumBody, head != nil {
                head = nil
                respond(context: context, status: .payloadTooLarge, body: "a scrape has no body\n", keepAlive: false)
            }
        case .end:
            deadline?.cancel()
            guard let h = head, !busy else { return }
            head = nil
            answer(context: context, h)
        }
    }

    private func answer(context: ChannelHandlerContext, _ h: HTTPRequestHead) {
        let path = h.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? h.uri
        guard h.method == .GET || h.method == .HEAD else {
            respond(context: context, status: .methodNotAllowed, body: "only GET /metrics is served here\n", keepAlive: h.isKeepAlive)
            return
        }
        guard path == "/metrics" else {
            respond(context: context, status: .notFound, body: "not found: Gemba serves /metrics\n", keepAlive: h.isKeepAlive)
            return
        }
        let format = MetricsExposition.Format(accept: h.headers.first(name: "accept"))
        let render = self.render
        busy = true
        let handler = NIOLoopBound(self, eventLoop: context.eventLoop)
        let loopContext = NIOLoopBound(context, eventLoop: context.eventLoop)
        let headOnly = h.method == .HEAD
        pool.runIfActive(eventLoop: context.eventLoop) { render(format) }.whenComplete { result in
            handler.value.busy = false
            switch result {
            case .success(let text):
                handler.value.respond(
                    context: loopContext.value, status: .ok, body: text, contentType: format.contentType, keepAlive: h.isKeepAlive,
                    headOnly: headOnly)
            case .failure(let error):
                handler.value.respond(
                    context: loopContext.value, status: .serviceUnavailable, body: "the daemon is stopping: \(error)\n", keepAlive: false)
            }
        }
    }

    private func respond(
        context: ChannelHandlerContext, status: HTTPResponseStatus, body: String, contentType: String = "text/plain; charset=utf-8",
        keepAlive: Bool, headOnly: Bool = false
    ) {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: contentType)
        headers.add(name: "content-length", value: String(body.utf8.count))
        headers.add(name: "connection", value: keepAlive ? "keep-alive" : "close")
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        if !headOnly {
            var buffer = context.channel.allocator.buffer(capacity: body.utf8.count)
            buffer.writeString(body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        arm(context)
        if !keepAlive {
            let channel = context.channel
            done.whenComplete { _ in channel.close(promise: nil) }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
            return
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A malformed request: HTTP's decoder has said so; the connection is of no further use.
        context.close(promise: nil)
    }
}
