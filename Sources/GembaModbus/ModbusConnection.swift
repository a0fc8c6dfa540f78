import CModbus
import GembaCore

/// One Modbus TCP connection to a PLC, through libmodbus. Blocking, with the device's
/// response timeout on every call: its poller runs on a thread of its own, so a PLC that does
/// not answer delays nobody else. Not for use from two threads at once.
package final class ModbusConnection {
    private let context: OpaquePointer
    private var connected = false
    package let host: String
    package let port: Int

    package init(host: String, port: Int, unit: Int, timeout: Double) throws(ModbusError) {
        guard let ctx = modbus_new_tcp_pi(host, String(port)) else {
            throw ModbusError("cannot make a Modbus context for \(host):\(port): \(Self.lastError())")
        }
        context = ctx
        self.host = host
        self.port = port
        modbus_set_slave(ctx, Int32(unit))
        let seconds = UInt32(timeout.rounded(.down))
        let micros = UInt32(((timeout - Double(seconds)) * 1_000_000).rounded())
        modbus_set_response_timeout(ctx, seconds, micros)
        modbus_set_byte_timeout(ctx, seconds, micros)
    }

    package var isConnected: Bool { connected }

    package func connect() throws(ModbusError) {
        guard !connected else { return }
        guard modbus_connect(context) == 0 else { throw ModbusError("cannot connect to \(host):\(port): \(Self.lastError())") }
        connected = true
    }

    /// Closes the connection; the next read connects again.
    package func close() {
        if connected { modbus_close(context) }
        connected = false
    }

    /// `count` 16-bit registers (or bits as 0 and 1) of `table` from `address` on.
    package func read(_ table: ModbusPoint.Table, address: Int, count: Int) throws(ModbusError) -> [UInt16] {
        try connect()
        let n: Int32
        var out: [UInt16]
        switch table {
        case .holding, .input:
            var regs = [UInt16](repeating: 0, count: count)
            n = regs.withUnsafeMutableBufferPointer { buffer in
                table == .holding
                    ? modbus_read_registers(context, Int32(address), Int32(count), buffer.baseAddress)
                    : modbus_read_input_registers(context, Int32(address), Int32(count), buffer.baseAddress)
            }
            out = regs
        case .coil, .discrete:
            var bits = [UInt8](repeating: 0, count: count)
            n = bits.withUnsafeMutableBufferPointer { buffer in
                table == .coil
                    ? modbus_read_bits(context, Int32(address), Int32(count), buffer.baseAddress)
                    : modbus_read_input_bits(context, Int32(address), Int32(count), buffer.baseAddress)
            }
            out = bits.map { UInt16($0) }
        }
        guard n == Int32(count) else {
            let why = Self.lastError()
            // A timeout or a broken connection: start afresh on the next read.
            close()
            throw ModbusError("reading \(count) \(table.rawValue) at \(address) from \(host):\(port): \(why)")
        }
        return out
    }

    /// Writes holding registers (for tests and tools that play the PLC's side).
    package func write(holding address: Int, _ values: [UInt16]) throws(ModbusError) {
        try connect()
        let n = values.withUnsafeBufferPointer { modbus_write_registers(context, Int32(address), Int32(values.count), $0.baseAddress) }
        guard n == Int32(values.count) else {
            let why = Self.lastError()
            close()
            throw ModbusError("writing \(values.count) holding registers at \(address) to \(host):\(port): \(why)")
        }
    }

    deinit {
        close()
        modbus_free(context)
    }

    static func lastError() -> String { String(cString: modbus_strerror(gemba_modbus_errno())) }
}

/// Why a Modbus read or connection failed.
package struct ModbusError: Error, CustomStringConvertible, Sendable {
    package var description: String
    init(_ description: String) { self.description = description }
}
