// Work-order files from the ERP or a spreadsheet (CSV with any separator, JSON): imported or
// refused row by row with reasons; never a trap.
import GembaCore
import GembaPlantFile

let plant: PlantConfig = {
    let yaml = """
        plant: Fuzz Works
        timezone: Europe/Berlin
        lines:
          - { id: L1, name: Line, machines: [{ id: press-01, name: Press, ideal_cycle_time: 2 }] }
        shifts:
          - { name: A, start: "06:00", end: "18:00" }
        products:
          - id: bracket
            routing:
              - { op: stamp, machines: { press-01: 2s } }
        """
    do { return try PlantConfigLoader.load(yaml: yaml, file: "fuzz.yaml") } catch { fatalError("the fuzz plant does not load: \(error)") }
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOrderImport(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        _ = try OrderImport.parse(text, file: "fuzz.csv", plant: plant, existing: ["WO-1"])
    } catch {
        _ = error.errors.count
    }
    return 0
}
