import Foundation
import GembaCore
import GembaPlantFile
import Testing

/// Issue 13: Modbus devices in the plant file, spelled as the issue spells them, and the
/// register types read as PLCs write them.
struct ModbusConfigTests {
    static let example = """
        plant: Weld Works
        lines:
          - id: L2
            name: Welding
            machines:
              - { id: weld-01, name: Weld 01, ideal_cycle_time: 5.0 }
        modbus:
          - id: plc-weld
            host: 127.0.0.1
            port: 5020
            unit: 1
            poll: 1s
            timeout: 500ms
            machines:
              - machine: weld-01
                state: { holding: 0, map: { 1: running, 2: idle, 3: down } }
                count_total: { holding: 2, type: uint32 }
                count_reject: { holding: 4, type: uint32 }
                values: { oil_temp: { input: 0, type: int16, scale: 0.1 } }
        """

    func errors(_ yaml: String) -> [String] {
        do {
            _ = try PlantConfigLoader.load(yaml: yaml, file: "plant.yaml")
            return []
        } catch {
            return error.errors.map { "\($0.line): \($0.message)" }
        }
    }

    @Test func theIssueExampleLoads() throws {
        let config = try PlantConfigLoader.load(yaml: Self.example, file: "plant.yaml")
        let d = try #require(config.modbus.first)
        #expect(d.id == "plc-weld")
        #expect(d.port == 5020)
        #expect(d.poll == 1)
        #expect(d.timeout == 0.5)
        let m = try #require(d.machines.first)
        #expect(m.state == ModbusPoint(table: .holding, address: 0, kind: .uint16))
        #expect(m.stateMap[3] == .down)
        #expect(m.countTotal == ModbusPoint(table: .holding, address: 2, kind: .uint32))
        #expect(m.values.first?.name == "oil_temp")
        #expect(m.values.first?.point.scale == 0.1)
        #expect(m.values.first?.point.table == .input)
    }

    @Test func mistakesAreNamedWithTheirLine() {
        #expect(
            errors(Self.example.replacingOccurrences(of: "machine: weld-01", with: "machine: weld-09")) == [
                "15: no machine \"weld-09\" in this plant (Modbus device \"plc-weld\")"
            ])
        #expect(
            errors(Self.example.replacingOccurrences(of: "{ holding: 2, type: uint32 }", with: "{ holding: 2, input: 3 }")) == [
                "17: count_total needs exactly one of holding, input, coil, discrete with its address"
            ])
        #expect(
            errors(Self.example.replacingOccurrences(of: "{ holding: 4, type: uint32 }", with: "{ holding: 4, type: float32 }")) == [
                "18: count_reject is a count: a whole-number type (uint16, uint32, int16, int32) without scale"
            ])
        #expect(
            errors(Self.example.replacingOccurrences(of: "type: int16, scale", with: "type: bool, scale")) == [
                "19: a register holds a number: bool is for coils and discrete inputs"
            ])
        #expect(
            errors(Self.example.replacingOccurrences(of: "port: 5020", with: "port: 70000")) == [
                "10: port must be a whole number from 1 to 65535, not \"70000\""
            ])
        #expect(errors(Self.example.replacingOccurrences(of: "poll: 1s", with: "poll: 1ms")) == ["12: poll must be from 50ms to 1h"])
        // Found by the tryout: each of these passed check-config.
        #expect(
            errors(Self.example.replacingOccurrences(of: "{ holding: 2, type: uint32 }", with: "{ holding: 65535, type: uint32 }")) == [
                "17: count_total: a uint32 at 65535 would read past register 65535"
            ])
        #expect(
            errors(Self.example.replacingOccurrences(of: "type: int16, scale", with: "type: int16, word_order: little, scale")) == [
                "19: word_order is for 32-bit types (int32, uint32, float32), not int16"
            ])
        #expect(
            errors(Self.example.replacingOccurrences(of: "{ holding: 0, map:", with: "{ holding: 0, type: float32, map:")) == [
                "16: state is a code: a whole-number type (uint16, int16, uint32, int32) or a bit, without scale"
            ])
    }

    @Test func registersAreReadByTypeWordOrderAndScale() {
        var p = ModbusPoint(table: .holding, address: 0, kind: .int16)
        #expect(p.value([0xFFFE]) == -2)
        p.kind = .uint16
        #expect(p.value([0xFFFE]) == 65534)
        p.kind = .uint32
        #expect(p.value([0x0001, 0x0002]) == 65538)
        p.highWordFirst = false
        #expect(p.value([0x0002, 0x0001]) == 65538)
        p.kind = .int32
        #expect(p.value([0xFFFF, 0xFFFF]) == -1)
        p.kind = .float32
        p.highWordFirst = true
        #expect(p.value([0x4226, 0x0000]) == 41.5)
        p.kind = .int16
        p.scale = 0.1
        #expect(p.value([415]) == 41.5)
        #expect(p.value([]) == nil, "fewer registers than the value spans")
    }
}
