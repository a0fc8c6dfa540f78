import CMosquitto
import Foundation
import GembaCore
import NIOConcurrencyHelpers

#if canImport(Glibc)
import Glibc
#endif

/// One MQTT connection to the plant's broker, through libmosquitto (the Eclipse reference
/// client) on a network thread of its own. It connects in the background and reconnects
/// with back-off (1 s doubling to 30 s) for as long as it runs; a broker that is away is
/// never an error of the daemon, only a state the status shows.
///
/// Handlers run on the client's network thread: they must be quick and must not call
/// `stop()`. `subscribe` and `publish` may be called from any thread.
package final class MQTTClient: @unchecked Sendable {
    /// A message to publish: the will, the host's state, a rebirth request.
    package struct Message: Sendable {
        package var topic: String
        package var payload: [UInt8]
        package var qos: Int32
        package var retain: Bool

        package init(topic: String, payload: [UInt8], qos: Int32 = 0, retain: Bool = false) {
            self.topic = topic
            self.payload = payload
            self.qos = qos
            self.retain = retain
        }
    }

    /// What happens on the connection, for the owner.
    package struct Handlers: Sendable {
        /// Connected (true) or the broker refused the connection (false, with its reason).
        package var connected: @Sendable (_ accepted: Bool, _ reason: String) -> Void = { _, _ in }
        package var disconnected: @Sendable (_ reason: String) -> Void = { _ in }
        package var message: @Sendable (_ topic: String, _ payload: [UInt8]) -> Void = { _, _ in }
        /// The will of the next connection, asked for before each reconnection (a Sparkplug
        /// edge node's NDEATH carries that connection's bdSeq); nil keeps the one there is.
        package var nextWill: @Sendable () -> Message? = { nil }
        package init() {}
    }

    private static let initialized: Bool = {
        mosquitto_lib_init()
        return true
    }()

    private let handle: OpaquePointer
    private let config: MQTTConfig
    private let handlers: Handlers
    private let started = NIOLockedValueBox(false)
    /// Signalled when the network thread has ended.
    private let ended = DispatchSemaphore(value: 0)

    /// - Parameter will: published by the broker when Gemba goes away without saying so.
    package init(config: MQTTConfig, will: Message?, handlers: Handlers) throws(MQTTError) {
        _ = Self.initialized
        self.config = config
        self.handlers = handlers
        guard let h = mosquitto_new(config.clientID, true, nil) else { throw MQTTError("cannot create an MQTT client (out of memory?)") }
        self.handle = h
        mosquitto_user_data_set(h, Unmanaged.passUnretained(self).toOpaque())
        mosquitto_int_option(h, MOSQ_OPT_PROTOCOL_VERSION, Int32(MQTT_PROTOCOL_V311))
        if let will {
            let rc = will.payload.withUnsafeBytes {
                mosquitto_will_set(h, will.topic, Int32($0.count), $0.baseAddress, will.qos, will.retain)
            }
            if rc != MOSQ_ERR_SUCCESS.rawValue { throw MQTTError("cannot set the will on \(will.topic): \(Self.describe(rc))") }
        }
        if let user = config.username {
            let password = try Self.password(config.passwordFile)
            let rc = mosquitto_username_pw_set(h, user, password)
            if rc != MOSQ_ERR_SUCCESS.rawValue { throw MQTTError("cannot use the user name \(user): \(Self.describe(rc))") }
        }
        if let tls = config.tls {
            for path in [tls.ca, tls.cert, tls.key].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: path) {
                throw MQTTError("cannot read the TLS file \(path)")
            }
            let rc = mosquitto_tls_set(h, tls.ca, nil, tls.cert, tls.key, nil)
            if rc != MOSQ_ERR_SUCCESS.rawValue { throw MQTTError("cannot use the TLS files (ca \(tls.ca)): \(Self.describe(rc))") }
        }
        mosquitto_connect_callback_set(h) { _, obj, rc in
            guard let obj else { return }
            let me = Unmanaged<MQTTClient>.fromOpaque(obj).takeUnretainedValue()
            // "Connection Refused: not authorised." → "not authorised".
            var reason = rc == 0 ? "" : String(cString: mosquitto_connack_string(rc))
            if reason.hasPrefix("Connection Refused: ") { reason.removeFirst("Connection Refused: ".count) }
            while reason.hasSuffix(".") { reason.removeLast() }
            me.handlers.connected(rc == 0, reason)
        }
        mosquitto_disconnect_callback_set(h) { _, obj, rc in
            guard let obj else { return }
            let me = Unmanaged<MQTTClient>.fromOpaque(obj).takeUnretainedValue()
            me.handlers.disconnected(rc == 0 ? "disconnected" : MQTTClient.describe(rc))
        }
        mosquitto_message_callback_set(h) { _, obj, message in
            guard let obj, let message, let topic = message.pointee.topic else { return }
            let me = Unmanaged<MQTTClient>.fromOpaque(obj).takeUnretainedValue()
            let count = Int(message.pointee.payloadlen)
            let bytes: [UInt8] =
                count > 0 && message.pointee.payload != nil
                ? Array(UnsafeRawBufferPointer(start: message.pointee.payload, count: count)) : []
            me.handlers.message(String(cString: topic), bytes)
        }
    }

    /// Starts connecting in the background (and reconnecting whenever the broker goes away).
    package func start() throws(MQTTError) {
        let first = started.withLockedValue { s in
            defer { s = true }
            return !s
        }
        guard first else { return }
        let rc = mosquitto_connect_async(handle, config.host, Int32(config.port), Int32(config.keepAlive))
        // A broker that is not there yet is not an error here: the network thread retries it.
        if rc != MOSQ_ERR_SUCCESS.rawValue && rc != MOSQ_ERR_ERRNO.rawValue && rc != MOSQ_ERR_NO_CONN.rawValue {
            started.withLockedValue { $0 = false }
            throw MQTTError("cannot connect to \(config.brokerURL): \(Self.describe(rc))")
        }
        mosquitto_threaded_set(handle, true)
        let (handle, started, ended, handlers) = (Handle(pointer: self.handle), self.started, self.ended, self.handlers)
        let thread = Thread { Self.run(handle.pointer, started: started, ended: ended, handlers: handlers) }
        thread.name = "mqtt \(config.clientID)"
        thread.start()
    }

    /// libmosquitto's handle, handed to the network thread (libmosquitto locks inside).
    private struct Handle: @unchecked Sendable { let pointer: OpaquePointer }

    /// The network thread: libmosquitto's loop one step (≤ 100 ms) at a time, reconnecting
    /// with back-off (1 s doubling to 30 s) after any failure, a broker that refused us among
    /// them (a restarted broker whose authentication is not ready yet refuses everyone), where
    /// libmosquitto's own loop would give up for good. After `stop()` it runs until the last
    /// message and the disconnect are out (at most 2 s), then ends.
    private static func run(_ handle: OpaquePointer, started: NIOLockedValueBox<Bool>, ended: DispatchSemaphore, handlers: Handlers) {
        var delay = 1
        var healthySince = DispatchTime.now().uptimeNanoseconds
        var stoppingSince: UInt64?
        while true {
            let now = DispatchTime.now().uptimeNanoseconds
            if stoppingSince == nil && !started.withLockedValue({ $0 }) { stoppingSince = now }
            let rc = mosquitto_loop(handle, 100, 1)
            if let since = stoppingSince {
                if rc != MOSQ_ERR_SUCCESS.rawValue || now - since > 2_000_000_000 { break }
                continue
            }
            guard rc != MOSQ_ERR_SUCCESS.rawValue else { continue }
            if now - healthySince > 30_000_000_000 { delay = 1 }
            for _ in 0..<(delay * 10) where started.withLockedValue({ $0 }) { usleep(100_000) }
            guard started.withLockedValue({ $0 }) else { break }
            delay = min(30, delay * 2)
            if let will = handlers.nextWill() {
                // Set between connections, when libmosquitto does not read it.
                _ = will.payload.withUnsafeBytes { mosquitto_will_set(handle, will.topic, Int32($0.count), $0.baseAddress, will.qos, will.retain) }
            }
            _ = mosquitto_reconnect_async(handle)
            healthySince = DispatchTime.now().uptimeNanoseconds
        }
        ended.signal()
    }

    package func subscribe(_ filter: String, qos: Int32 = 0) {
        mosquitto_subscribe(handle, nil, filter, qos)
    }

    /// False when the message could not be handed to the connection (no broker now).
    @discardableResult
    package func publish(_ m: Message) -> Bool {
        let rc = m.payload.withUnsafeBytes {
            mosquitto_publish(handle, nil, m.topic, Int32($0.count), $0.baseAddress, m.qos, m.retain)
        }
        return rc == MOSQ_ERR_SUCCESS.rawValue
    }

    /// Publishes `last` (the host's offline state), disconnects and stops the network thread.
    package func stop(last: Message? = nil) {
        let wasStarted = started.withLockedValue { s in
            defer { s = false }
            return s
        }
        guard wasStarted else { return }
        if let last { publish(last) }
        mosquitto_disconnect(handle)
        ended.wait()
    }

    deinit {
        stop()
        mosquitto_destroy(handle)
    }

    /// The first line of `mqtt.password_file` (without its `\n` or `\r\n`: a file saved on
    /// Windows works too), or nil without one.
    static func password(_ path: String?) throws(MQTTError) -> String? {
        guard let path else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else { throw MQTTError("cannot read the password file \(path)") }
        // By bytes: as Characters, "\r\n" is one and would not split at "\n".
        var line = data.prefix { $0 != UInt8(ascii: "\n") }
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        return String(decoding: line, as: UTF8.self)
    }

    /// libmosquitto's words for `rc` as a clause of ours: "the connection was lost", not
    /// "The connection was lost.".
    static func describe(_ rc: Int32) -> String {
        var text = rc == MOSQ_ERR_ERRNO.rawValue ? String(cString: strerror(errno)) : String(cString: mosquitto_strerror(rc))
        if rc == MOSQ_ERR_UNKNOWN.rawValue || rc == MOSQ_ERR_KEEPALIVE.rawValue { text = "the broker did not answer in time" }
        while text.hasSuffix(".") { text.removeLast() }
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}

/// Why the MQTT client could not be set up.
package struct MQTTError: Error, CustomStringConvertible, Sendable {
    package var description: String
    init(_ description: String) { self.description = description }
}
