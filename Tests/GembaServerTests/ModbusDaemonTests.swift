import Foundation
import GembaCore
import GembaModbus
import GembaServer
import GembaTesting
import Testing

/// Issue 13: a real daemon polls a real Modbus TCP PLC (pymodbus) and a PLC that never
/// answers; the good one's figures reach the floor, the silent one's errors are counted,
/// and it does not slow the other.
@Suite(.serialized)
struct ModbusDaemonTests {
    @Test func aPLCsRegistersReachTheFloorAndASilentOneDelaysNobody() throws {
        let plc = try ModbusPLCPeer(registers: #"{"hr": {"0": 1, "2": 1, "3": 2}, "ir": {"0": 415}}"#)
        let silent = SilentPort()
        let plant = """
            plant: Weld Works
            timezone: UTC
            comm_loss_timeout: 1h
            lines:
              - id: L2
                name: Welding
                machines:
                  - { id: weld-01, name: Weld 01, ideal_cycle_time: 5.0 }
                  - { id: weld-02, name: Weld 02, ideal_cycle_time: 5.0 }
            shifts:
              - { name: A, start: "00:00", end: "12:00" }
              - { name: B, start: "12:00", end: "00:00" }
            modbus:
              - id: plc-weld
                host: 127.0.0.1
                port: \(plc.port)
                poll: 200ms
                timeout: 500ms
                machines:
                  - machine: weld-01
                    state: { holding: 0, map: { 1: running, 2: idle, 3: down } }
                    count_total: { holding: 2, type: uint32 }
                    values: { oil_temp: { input: 0, type: int16, scale: 0.1 } }
              - id: plc-hung
                host: 127.0.0.1
                port: \(silent.port)
                poll: 200ms
                timeout: 500ms
                machines:
                  - machine: weld-02
                    state: { holding: 0, map: { 1: running } }
            """
        let h = try DaemonHarness(plant: plant)
        var s = try h.waitFor("the first poll") { s in s.machines.first { $0.id == "weld-01" }?.state == .running }
        let w1 = try #require(s.machines.first { $0.id == "weld-01" })
        #expect(w1.countTotal == 65538, "uint32, high word first")
        #expect(w1.processValues.first?.name == "oil_temp")
        #expect(w1.processValues.first?.value == 41.5)

        // The PLC's state register changes as a Modbus client writes it.
        let writer = try ModbusConnection(host: "127.0.0.1", port: plc.port, unit: 1, timeout: 1)
        try writer.write(holding: 0, [3])
        s = try h.waitFor("the next poll") { s in s.machines.first { $0.id == "weld-01" }?.state == .down }

        // Two seconds on: the good device held its period (200 ms) while the other timed out.
        let before = try #require(s.modbus?.first { $0.id == "plc-weld" }).polls
        Thread.sleep(forTimeInterval: 2)
        s = try h.status()
        let good = try #require(s.modbus?.first { $0.id == "plc-weld" })
        let hung = try #require(s.modbus?.first { $0.id == "plc-hung" })
        #expect(good.polls - before >= 9, "\(good.polls - before) polls in 2 s at 200 ms")
        #expect(good.errors == 0)
        #expect(good.connected)
        #expect(hung.polls == 0)
        #expect(hung.errors >= 2)
        #expect(hung.lastError?.contains("127.0.0.1:\(silent.port)") == true, "\(hung.lastError ?? "")")
        #expect(s.machines.first { $0.id == "weld-02" }?.state == .offline, "never read: as it was")
    }
}
