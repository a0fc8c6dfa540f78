// swift-tools-version:6.1
// Gemba's fuzz targets (libFuzzer): a package of their own, built only with
// `--sanitize=fuzzer --sanitize=address` by `Fuzz/run.sh`, so that the root package's
// `swift build` and `swift test` never see an executable without a `main`.
import PackageDescription

let package = Package(
    name: "GembaFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "Gemba", path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzTelemetry", dependencies: [.product(name: "GembaCore", package: "Gemba"), .product(name: "GembaPlantFile", package: "Gemba")],
            path: "Targets/FuzzTelemetry"),
        .executableTarget(
            name: "FuzzPlantConfig",
            dependencies: [.product(name: "GembaCore", package: "Gemba"), .product(name: "GembaPlantFile", package: "Gemba")],
            path: "Targets/FuzzPlantConfig"),
        .executableTarget(
            name: "FuzzConsoleRequest", dependencies: [.product(name: "GembaCore", package: "Gemba")], path: "Targets/FuzzConsoleRequest"),
        .executableTarget(
            name: "FuzzOrderImport",
            dependencies: [.product(name: "GembaCore", package: "Gemba"), .product(name: "GembaPlantFile", package: "Gemba")],
            path: "Targets/FuzzOrderImport"),
    ]
)
