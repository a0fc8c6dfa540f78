import Foundation
import GembaCore
import NIOCore

/// Answers a console whose user has no role: one error line naming the user and
/// what to do, then the connection is closed (no descriptor left behind, no client
/// left waiting for a hello).
final class RefusalHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let identity: Identity
    private var sent = false

    init(identity: Identity) { self.identity = identity }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { refuse(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) { refuse(context: context) }

    private func refuse(context: ChannelHandlerContext) {
        guard !sent else { return }
        sent = true
        let e = ErrorReply(
            id: nil,
            error: ProtocolError(
                code: "no_role",
                message:
                    "user \(identity.user) (uid \(identity.uid)) has no role in this plant; an administrator can give one under roles: in the plant configuration"
            ))
        var data = ConsoleService.encode(e)
        data.append(UInt8(ascii: "\n"))
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: data))).whenComplete { _ in channel.close(promise: nil) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {}

    func errorCaught(context: ChannelHandlerContext, error: any Error) { context.close(promise: nil) }
}
