import Foundation
import GembaCore
import Yams

/// `modbus:`: the Modbus TCP devices the daemon polls and where each machine's figures are.
extension PlantConfigLoader {
    mutating func parseModbus(_ node: Node?, machines known: [String: MachineConfig]) -> [ModbusDeviceConfig] {
        guard let node else { return [] }
        guard let seq = node.sequence else {
            fail(node, "\"modbus\" must be a list of devices, each with id, host and machines")
            return []
        }
        var devices: [ModbusDeviceConfig] = []
        var ids: Set<String> = []
        var mapped: [String: String] = [:]
        for item in seq {
            guard let m = item.mapping else {
                fail(item, "a Modbus device must be a mapping with id, host and machines")
                continue
            }
            checkKeys(m, allowed: ["id", "host", "port", "unit", "poll", "timeout", "machines"], context: "a Modbus device")
            guard let id = requiredString(m, "id", context: "a Modbus device", at: item),
                let host = requiredString(m, "host", context: "Modbus device \"\(id)\"", at: item)
            else { continue }
            if !ids.insert(id).inserted { fail(m["id"], "duplicate Modbus device id \"\(id)\"") }
            var device = ModbusDeviceConfig(id: id, host: host)
            if let p = m["port"] { device.port = wholeNumber(p, "port", 1...65_535) ?? device.port }
            if let u = m["unit"] { device.unit = wholeNumber(u, "unit", 0...247) ?? device.unit }
            if let p = m["poll"], let d = duration(p, "poll") {
                if d < 0.05 || d > 3600 { fail(p, "poll must be from 50ms to 1h") } else { device.poll = d }
            }
            if let t = m["timeout"], let d = duration(t, "timeout") {
                if d <= 0 || d > 60 { fail(t, "timeout must be longer than zero and at most 60s") } else { device.timeout = d }
            }
            guard let ms = m["machines"]?.sequence, !ms.isEmpty else {
                fail(m["machines"] ?? item, "Modbus device \"\(id)\" needs machines: a list of {machine, state, count_total, count_reject, values}")
                continue
            }
            for mnode in ms {
                guard let mm = mnode.mapping else {
                    fail(mnode, "a machine of a Modbus device must be a mapping {machine, state, count_total, count_reject, values}")
                    continue
                }
                checkKeys(
                    mm, allowed: ["machine", "state", "count_total", "count_reject", "values"], context: "a machine of Modbus device \"\(id)\"")
                guard let mid = requiredString(mm, "machine", context: "a machine of Modbus device \"\(id)\"", at: mnode) else { continue }
                guard let config = known[mid] else {
                    fail(mm["machine"], "no machine \"\(mid)\" in this plant (Modbus device \"\(id)\")")
                    continue
                }
                if let other = mapped[mid] {
                    fail(mm["machine"], "machine \"\(mid)\" is read from Modbus device \"\(other)\" already")
                }
                if config.sparkplug != nil { fail(mm["machine"], "machine \"\(mid)\" reports over Sparkplug B; it cannot be read over Modbus too") }
                mapped[mid] = id
                var map = ModbusMachineMap(machine: mid)
                if let s = mm["state"] {
                    map.state = point(s, key: "state", extra: ["map"])
                    if let p = map.state, p.kind == .float32 || p.scale != 1 {
                        fail(s, "state is a code: a whole-number type (uint16, int16, uint32, int32) or a bit, without scale")
                    }
                    if let codes = s.mapping?["map"] {
                        map.stateMap = parseStateMap(codes, machine: mid)
                    } else if map.state != nil {
                        fail(s, "state of machine \"\(mid)\" needs map: {1: running, 2: idle, ...}")
                    }
                }
                if let c = mm["count_total"] { map.countTotal = point(c, key: "count_total") }
                if let c = mm["count_reject"] { map.countReject = point(c, key: "count_reject") }
                for key in ["count_total", "count_reject"] {
                    if let p = key == "count_total" ? map.countTotal : map.countReject, p.kind == .float32 || p.scale != 1 {
                        fail(mm[key], "\(key) is a count: a whole-number type (uint16, uint32, int16, int32) without scale")
                    }
                }
                if let vnode = mm["values"] {
                    if let vm = vnode.mapping {
                        for (k, v) in vm {
                            guard let name = k.scalar?.string, !name.isEmpty else {
                                fail(k, "a value's name must be a plain word")
                                continue
                            }
                            if let p = point(v, key: name, extra: ["scale"]) { map.values.append((name, p)) }
                        }
                    } else {
                        fail(vnode, "\"values\" must map names to registers ({oil_temp: {input: 0, type: int16, scale: 0.1}})")
                    }
                }
                device.machines.append(map)
            }
            devices.append(device)
        }
        return devices
    }

    /// `{holding|input|coil|discrete: ADDRESS, type: ..., word_order: big|little, scale: ...}`.
    private mutating func point(_ node: Node, key: String, extra: Set<String> = []) -> ModbusPoint? {
        guard let m = node.mapping else {
            fail(node, "\(key) must be a mapping such as {holding: 0, type: uint16}")
            return nil
        }
        let tables = ModbusPoint.Table.allCases.map(\.rawValue)
        checkKeys(m, allowed: Set(tables + ["type", "word_order", "scale"]).union(extra), context: key)
        let given = tables.filter { m[$0] != nil }
        guard given.count == 1, let table = ModbusPoint.Table(rawValue: given[0]), let anode = m[given[0]] else {
            fail(node, "\(key) needs exactly one of holding, input, coil, discrete with its address")
            return nil
        }
        guard let address = wholeNumber(anode, given[0], 0...65_535) else { return nil }
        var kind: ModbusPoint.Kind = table.isBits ? .bool : .uint16
        if let t = m["type"] {
            guard let text = t.scalar?.string, let k = ModbusPoint.Kind(rawValue: text) else {
                fail(t, "type must be one of \(ModbusPoint.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                return nil
            }
            if table.isBits != (k == .bool) {
                fail(
                    t,
                    table.isBits ? "a \(table.rawValue) holds one bit: type bool" : "a register holds a number: bool is for coils and discrete inputs"
                )
                return nil
            }
            kind = k
        }
        if address + kind.registers - 1 > 65_535 {
            fail(anode, "\(key): a \(kind.rawValue) at \(address) would read past register 65535")
            return nil
        }
        var p = ModbusPoint(table: table, address: address, kind: kind)
        if let w = m["word_order"], kind.registers == 1 {
            fail(w, "word_order is for 32-bit types (int32, uint32, float32), not \(kind.rawValue)")
        } else if let w = m["word_order"] {
            switch w.scalar?.string {
            case "big": p.highWordFirst = true
            case "little": p.highWordFirst = false
            default: fail(w, "word_order must be big (high word first) or little")
            }
        }
        if let s = m["scale"] {
            if let text = s.scalar?.string, let v = Double(text), v.isFinite, v != 0 {
                p.scale = v
            } else {
                fail(s, "scale must be a number other than 0")
            }
        }
        return p
    }

    private mutating func wholeNumber(_ node: Node, _ key: String, _ range: ClosedRange<Int>) -> Int? {
        guard let text = node.scalar?.string, let n = Int(text), range.contains(n) else {
            fail(node, "\(key) must be a whole number from \(range.lowerBound) to \(range.upperBound), not \"\(node.scalar?.string ?? "")\"")
            return nil
        }
        return n
    }
}
