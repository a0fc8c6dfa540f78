import GembaCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix

#if canImport(Glibc)
import Glibc
#endif

/// Start-up, second step: the sockets the daemon listens on, each with its handler.
extension GembaDaemon {
    /// The bound channels, and the ports TCP and UDP got (port 0 in the plant file: any).
    struct Listeners {
        var channels: [any Channel] = []
        var tcpPort: Int?
        var udpPort: Int?
        /// Where `/metrics` is served (`metrics.listen`; port 0: any).
        var metricsPort: Int?
    }

    /// Binds the telemetry socket, the console socket (identified by peer credentials, mode
    /// 0660, the console group's), the plant file's extra Unix sockets, and TCP and UDP on
    /// loopback when configured. On a failure what was bound is closed again.
    static func listen(
        _ options: Options, floor: LiveFloor, service: ConsoleService, access: NIOLockedValueBox<AccessConfig>, consoleGID: UInt32?,
        group: MultiThreadedEventLoopGroup, pool: NIOThreadPool, logger: Logger
    ) throws -> Listeners {
        let runtime = options.runtime
        var bound: [any Channel] = []
        var tcpPort: Int?
        var udpPort: Int?
        var metricsPort: Int?
        do {
            let precision = options.plant.listeners.precision
            let clock = options.clock
            let recorder = try options.recordPath.map { try TelemetryRecorder(path: $0, logger: logger, clock: clock) }
            let telemetry = try Self.streamBootstrap(group: group) { channel in
                channel.eventLoop.makeCompletedFuture {
                    let name = "unix#\(ObjectIdentifier(channel).hashValue & 0xffff)"
                    try channel.pipeline.syncOperations.addHandler(
                        TelemetryStreamHandler(floor: floor, name: name, precision: precision, recorder: recorder, clock: clock))
                }
            }.bind(unixDomainSocketPath: runtime.telemetrySocket, cleanupExistingSocketFile: true).wait()
            chmod(runtime.telemetrySocket, 0o660)
            bound.append(telemetry)

            let console = try Self.streamBootstrap(group: group) { channel in
                PeerCredentials.read(from: channel).flatMapThrowing { creds in
                    let identity = Identity.resolve(creds, access: access.withLockedValue { $0 })
                    if identity.roles.isEmpty {
                        // No role: say why, close at once, and record the refusal off the event loop.
                        try channel.pipeline.syncOperations.addHandler(RefusalHandler(identity: identity))
                        let log = logger
                        _ = pool.runIfActive(eventLoop: channel.eventLoop) {
                            do {
                                try service.appendRefusal(
                                    identity.actor.record(
                                        "connect", "console", at: service.clock(), outcome: "refused: user has no role in this plant"))
                            } catch {
                                log.error(
                                    "console connection of \(identity.user) (uid \(identity.uid)) refused, but not recorded in the audit trail: \(error)"
                                )
                            }
                        }
                        return
                    }
                    try channel.pipeline.syncOperations.addHandler(
                        ConsoleSessionHandler(service: service, identity: identity, pool: pool))
                }.flatMapErrorThrowing { error in
                    // An unreadable peer is refused; close so that the descriptor does not leak.
                    channel.close(promise: nil)
                    throw error
                }
            }.bind(unixDomainSocketPath: runtime.consoleSocket, cleanupExistingSocketFile: true).wait()
            if let gid = consoleGID {
                // The console group reaches the socket through the directory, and may connect to it.
                _ = chown(runtime.path, UInt32.max, gid)
                chmod(runtime.path, 0o750)
                _ = chown(runtime.consoleSocket, UInt32.max, gid)
            }
            chmod(runtime.consoleSocket, 0o660)
            bound.append(console)

            for path in options.plant.listeners.unixPaths {
                let extra = try Self.streamBootstrap(group: group) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let name = "\(path)#\(ObjectIdentifier(channel).hashValue & 0xffff)"
                        try channel.pipeline.syncOperations.addHandler(
                            TelemetryStreamHandler(floor: floor, name: name, precision: precision, recorder: recorder, clock: clock))
                    }
                }.bind(unixDomainSocketPath: path, cleanupExistingSocketFile: true).wait()
                chmod(path, 0o660)
                bound.append(extra)
            }
            if let port = options.plant.listeners.tcpPort {
                let tcp = try Self.streamBootstrap(group: group) { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let name = "tcp:\(channel.remoteAddress?.description ?? "?")"
                        try channel.pipeline.syncOperations.addHandler(
                            TelemetryStreamHandler(floor: floor, name: name, precision: precision, recorder: recorder, clock: clock))
                    }
                }.bind(host: "127.0.0.1", port: port).wait()
                tcpPort = tcp.localAddress?.port
                bound.append(tcp)
            }
            if let port = options.plant.listeners.udpPort {
                let udp = try DatagramBootstrap(group: group)
                    .channelOption(.socketOption(.so_reuseaddr), value: 1)
                    .channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
                    .channelInitializer { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                TelemetryDatagramHandler(floor: floor, precision: precision, recorder: recorder, clock: clock))
                        }
                    }.bind(host: "127.0.0.1", port: port).wait()
                udpPort = udp.localAddress?.port
                bound.append(udp)
            }
            if let m = options.plant.metrics {
                let http: any Channel
                do {
                    http = try Self.metricsBootstrap(group: group, pool: pool, service: service).bind(host: m.host, port: m.port).wait()
                } catch {
                    throw ListenError(description: "metrics.listen \(m.listen): \(error)")
                }
                metricsPort = http.localAddress?.port
                bound.append(http)
            }

        } catch {
            for c in bound { try? c.close().wait() }  // closing what was bound; the bind's error is reported
            throw error
        }
        return Listeners(channels: bound, tcpPort: tcpPort, udpPort: udpPort, metricsPort: metricsPort)
    }

    /// HTTP/1.1 for `/metrics`; a scraper that goes quiet is closed (idle connections are not kept).
    static func metricsBootstrap(group: MultiThreadedEventLoopGroup, pool: NIOThreadPool, service: ConsoleService) -> ServerBootstrap {
        // At most this many scrapers at once: more are closed at once, so that no client can
        // take the descriptors consoles, telemetry and the database share.
        let open = NIOLockedValueBox(0)
        let most = 64
        return ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 64)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let admitted = open.withLockedValue { n in
                        guard n < most else { return false }
                        n += 1
                        return true
                    }
                    guard admitted else {
                        channel.close(promise: nil)
                        return
                    }
                    channel.closeFuture.whenComplete { _ in open.withLockedValue { $0 -= 1 } }
                    let sync = channel.pipeline.syncOperations
                    try sync.addHandler(IdleStateHandler(readTimeout: .seconds(60)))
                    try sync.configureHTTPServerPipeline(withErrorHandling: true)
                    try sync.addHandler(MetricsHTTPHandler(pool: pool, render: { service.metricsText($0) }))
                }
            }
    }

    /// A listener that could not be bound, named as the plant file names it.
    struct ListenError: Error, CustomStringConvertible {
        var description: String
    }

    static func streamBootstrap(
        group: MultiThreadedEventLoopGroup, _ initializer: @escaping @Sendable (any Channel) -> EventLoopFuture<Void>
    ) -> ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 1024, initial: 16384, maximum: 256 * 1024))
            .childChannelInitializer(initializer)
    }

}
