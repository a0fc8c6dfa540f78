// Plant files as people and editors write them: the loader answers every input with a
// configuration or errors with their place, and never traps.
import GembaCore
import GembaPlantFile

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPlantConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        _ = try PlantConfigLoader.load(yaml: text, file: "fuzz.yaml")
    } catch {
        _ = error.description
    }
    return 0
}
