// Line protocol from anywhere, through the decoder, the interpreter and the engine: no input
// may trap (overflowing counters and timestamps, jumps, odd bytes), whatever it is.
import GembaCore
import GembaPlantFile

let plant: PlantConfig = {
    let yaml = """
        plant: Fuzz Works
        timezone: UTC
        comm_loss_timeout: 30s
        lines:
          - { id: L1, name: Line, machines: [{ id: m1, name: M1, ideal_cycle_time: 2 }, { id: m2, name: M2, ideal_cycle_time: 0.5 }] }
        shifts:
          - { name: A, start: "00:00", end: "12:00" }
          - { name: B, start: "12:00", end: "00:00" }
        max_process_values: 8
        """
    do { return try PlantConfigLoader.load(yaml: yaml, file: "fuzz.yaml") } catch { fatalError("the fuzz plant does not load: \(error)") }
}()
let interpreter = TelemetryInterpreter(plant: plant)
/// 2026-12-01T00:00:00Z: the daemon's clock while the input is read.
let now: Timestamp = 1_796_083_200 * 1_000_000_000

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTelemetry(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    var engine = FloorEngine(plant: plant, now: now)
    var decoder = LineProtocolDecoder()
    let buf = UnsafeBufferPointer(start: data, count: size)
    var pos = 0
    var line = 1
    var clock = now
    while pos < buf.count {
        let step = decoder.decodeLine(buf, from: pos, isFinal: true, lineNumber: line)
        switch step {
        case .point(let next):
            if case .sample(let s) = interpreter.interpret(decoder, in: buf, lineStart: pos, receivedAt: clock) {
                _ = try? engine.apply(s, receivedAt: clock)
            }
            pos = next
        case .empty(let next), .error(_, let next):
            pos = next
        case .incomplete:
            pos = buf.count
        }
        line += 1
        clock += 1_000_000_000
    }
    engine.checkCommLoss(now: clock)
    engine.rollShift(now: clock + 13 * 3600 * 1_000_000_000)
    _ = engine.drainChanges()
    return 0
}
