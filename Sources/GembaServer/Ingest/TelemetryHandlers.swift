import GembaCore
import NIOCore

/// Reads one telemetry stream (Unix or TCP): frames, decodes, hands each read's
/// batch to the engine. A bad line is refused alone; the connection goes on.
final class TelemetryStreamHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let floor: LiveFloor
    private let name: String
    private var framer: TelemetryFramer
    private var batch = IngestBatch()
    private let clock: @Sendable () -> Timestamp

    private let recorder: TelemetryRecorder?

    init(
        floor: LiveFloor, name: String, precision: TimestampPrecision, recorder: TelemetryRecorder?,
        clock: @escaping @Sendable () -> Timestamp
    ) {
        self.floor = floor
        self.name = name
        self.clock = clock
        self.recorder = recorder
        self.framer = TelemetryFramer(interpreter: TelemetryInterpreter(plant: floor.plant), precision: precision)
        framer.recording = recorder != nil
    }

    func channelActive(context: ChannelHandlerContext) {
        floor.connectionOpened()
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = unwrapInboundIn(data)
        let now = clock()
        batch.reset()
        buffer.withUnsafeReadableBytes { framer.feed($0, receivedAt: now, into: &batch) }
        floor.apply(batch, connection: name, receivedAt: now)
        recorder?.append(batch.recorded)
    }

    func channelInactive(context: ChannelHandlerContext) {
        let now = clock()
        batch.reset()
        framer.finish(receivedAt: now, into: &batch)
        floor.apply(batch, connection: name, receivedAt: now)
        floor.connectionClosed(name)
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

/// Reads telemetry datagrams (UDP on loopback): each datagram holds whole lines.
final class TelemetryDatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let floor: LiveFloor
    private var framer: TelemetryFramer
    private var batch = IngestBatch()
    private let clock: @Sendable () -> Timestamp
    private let recorder: TelemetryRecorder?

    init(floor: LiveFloor, precision: TimestampPrecision, recorder: TelemetryRecorder?, clock: @escaping @Sendable () -> Timestamp) {
        self.floor = floor
        self.clock = clock
        self.recorder = recorder
        self.framer = TelemetryFramer(interpreter: TelemetryInterpreter(plant: floor.plant), precision: precision)
        framer.recording = recorder != nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        let now = clock()
        batch.reset()
        envelope.data.withUnsafeReadableBytes { framer.feedDatagram($0, receivedAt: now, into: &batch) }
        floor.apply(batch, connection: "udp:\(envelope.remoteAddress)", receivedAt: now)
        recorder?.append(batch.recorded)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A datagram socket has no peer to drop; an error (e.g. ICMP) is not fatal.
    }
}
